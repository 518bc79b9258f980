"""Startup side by side, in a real terminal: our entry point to home painted with counts, against Anki.

Usage: uv run python benchmarks/bench_startup.py [--runs 7]

Each run, interleaved: (A) `flashcards --db COPY` in a pseudo-terminal, timed from the spawn
to the moment the bytes that paint the "All decks" row with its counts arrive (read back
through pyte), then ctrl+q and the time until the process has exited; (B) Anki's
`deck_due_tree()` on a collection of the same shape (benchmarks/anki_side.py), timed from
the spawn to its output line; (C) Textual's floor: a bare app with Header, a 70-row
DataTable and Footer, spawn to painted. Both virtual environments and the flashcards package are
byte-compiled first (PYTHONDONTWRITEBYTECODE may be set, and an import from source costs 3x). Targets (issue 11):
A/B <= 1.15x, exit <= 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import CACHE, load_average, ratios, synthetic, working_copy  # noqa: E402
from ptyrun import Pty, has_counts  # noqa: E402

# Seconds between home being painted and ctrl+q: the warm-up thread (SQLAlchemy, the daily backup) is busy then.
QUIT_AFTER = 0.3


def compile_venv(python: str) -> None:
    """Byte-compile the site-packages of `python`'s environment once (a marker file remembers it)."""
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    marker = Path(site) / ".bench-compiled"
    if not marker.exists():
        subprocess.run([python, "-m", "compileall", "-q", "-j", "0", site], check=False, capture_output=True)
        marker.touch()


def compile_package() -> None:
    """Byte-compile the flashcards package itself (an editable install: not in site-packages), every run:
    after an edit its modules would otherwise be compiled from source at each start. Up-to-date files
    are skipped, so this is quick."""
    package = HERE.parent / "flashcards"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False, capture_output=True)


def anki_python() -> str:
    """The interpreter of a cached, byte-compiled venv with Anki's PyPI package (made with uv on first use)."""
    venv = CACHE / "anki-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run(["uv", "venv", "--quiet", str(venv)], check=True)
        subprocess.run(["uv", "pip", "install", "--quiet", "--python", str(python), "anki"], check=True)
    compile_venv(str(python))
    return str(python)


def anki_collection(python: str) -> Path:
    """Anki's collection of the same size, built once and cached."""
    path = CACHE / "anki-100000-1000000.anki2"
    if not path.exists():
        subprocess.run([python, str(HERE / "anki_side.py"), "build", str(path), "100000", "1000000"], check=True)
    return path


# Textual's floor on this machine: the widgets of our home screen (Header, a DataTable of 70 rows, Footer).
BARE = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header
class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Deck / topic", "New", "Due", "Repeats", "Cards")
        table.add_row("All decks", 1, 2, 3, 4)
        for i in range(69):
            table.add_row(f"row {i}", 1, 2, 3, 4)
Bare().run()
"""


def ours_once(cmd: list[str]) -> tuple[float, float]:
    """(ms spawn -> home painted with counts, ms ctrl+q -> process gone)."""
    term = Pty(cmd)
    try:
        painted = term.wait_for(has_counts("All decks"), timeout=120)
        deadline = painted + QUIT_AFTER
        while time.perf_counter() < deadline:
            term.drain(0.01)
        sent = term.send(b"\x11")
        gone = term.wait_exit()
        return (painted - term.started) * 1000, (gone - sent) * 1000
    finally:
        term.close()


def floor_once(cmd: list[str]) -> float:
    """ms spawn -> the bare Textual table painted."""
    term = Pty(cmd)
    try:
        return (term.wait_for(has_counts("All decks"), timeout=60) - term.started) * 1000
    finally:
        term.close()


def anki_once(cmd: list[str]) -> float:
    """ms spawn -> Anki's deck tree with counts computed (its output line read)."""
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return (time.perf_counter() - start) * 1000


def summary(name: str, samples: list[float]) -> str:
    """One line: median and range."""
    return f"{name}: median {statistics.median(samples):.0f} ms ({min(samples):.0f}-{max(samples):.0f}, {len(samples)} runs)"


def main() -> None:
    """Alternate the programs `--runs` times after a warm-up and print medians and per-pair ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    compile_venv(sys.executable)
    compile_package()
    ours_db = working_copy(synthetic())
    python = anki_python()
    anki_db = anki_collection(python)
    entry = Path(sysconfig.get_paths()["scripts"]) / "flashcards"
    ours_cmd = [str(entry), "--db", str(ours_db)]
    anki_cmd = [python, str(HERE / "anki_side.py"), "time", str(anki_db)]
    floor_cmd = [sys.executable, "-c", BARE]
    ours_once(ours_cmd), anki_once(anki_cmd), floor_once(floor_cmd)  # warm the OS cache; first sync and backup
    ours, exits, anki, floor = [], [], [], []
    for _ in range(args.runs):
        home, gone = ours_once(ours_cmd)
        ours.append(home)
        exits.append(gone)
        anki.append(anki_once(anki_cmd))
        floor.append(floor_once(floor_cmd))
    print(summary("flashcards: spawn -> home painted with counts (pty)", ours))
    print(summary("anki:       spawn -> deck_due_tree() computed     ", anki))
    print(summary("textual floor: Header + 70-row DataTable + Footer painted (pty)", floor))
    print(summary(f"flashcards: ctrl+q -> process exited ({QUIT_AFTER} s after home)", exits))
    print(f"flashcards / anki per pair: {ratios(ours, anki)}")
    print(f"flashcards / textual floor per pair: {ratios(ours, floor)}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
