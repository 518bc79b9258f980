"""Anki as a warm peer: its collection of the same shape, and a long-lived process that times one call per request.

Each request asks the peer process for the median of BLOCK calls of one Anki expression on its
own copy of the cached collection, so our side and Anki's can be timed in alternating blocks
(A B A B) and compared per pair. The venv and its byte-compiling are bench_startup.anki_python's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from common import CACHE

HERE = Path(__file__).resolve().parent

_WORKER = """
import shutil, statistics, sys, tempfile, time
from anki.collection import Collection
copy = tempfile.mkdtemp() + "/c.anki2"
shutil.copyfile(sys.argv[1], copy)
col = Collection(copy)
block = int(sys.argv[3])
call = eval("lambda col: " + sys.argv[2])
call(col)
print("ready", flush=True)
for _ in sys.stdin:
    samples = []
    for _ in range(block):
        start = time.perf_counter()
        call(col)
        samples.append((time.perf_counter() - start) * 1000)
    print(statistics.median(samples), flush=True)
col.close()
"""


def anki_collection(python: str, cards: int, reviews: int) -> Path:
    """Anki's collection shaped like our synthetic one, built once and cached (benchmarks/anki_side.py build)."""
    path = CACHE / f"anki-{cards}-{reviews}.anki2"
    if not path.exists():
        subprocess.run([python, str(HERE / "anki_side.py"), "build", str(path), str(cards), str(reviews)], check=True)
    return path


class WarmAnki:
    """One Anki process kept open on a copy of `collection`; `block()` is the median ms of `block` calls of `call`.

    `call` is a Python expression of `col` (an open anki Collection), e.g. "col.sched.deck_due_tree()".
    """

    def __init__(self, python: str, collection: Path, call: str, block: int) -> None:
        self.process = subprocess.Popen(
            [python, "-c", _WORKER, str(collection), call, str(block)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the Anki peer failed to open {collection} or to run {call!r}")

    def block(self) -> float:
        """Time one block on the Anki side; its median ms."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        """End the peer process."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()
