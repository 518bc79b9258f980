"""Startup side by side: our process start -> home with counts vs Anki's process start -> deck list.

Usage: uv run python benchmarks/bench_startup.py [--runs 7]
Both run on a 100k-card / 1M-review collection (ours synthetic; Anki's built to the same
shape by benchmarks/anki_side.py in a cached venv with Anki's PyPI package).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import CACHE, synthetic, working_copy  # noqa: E402


def anki_python() -> str:
    """The interpreter of a cached venv with Anki's PyPI package (made with uv on first use)."""
    venv = CACHE / "anki-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run(["uv", "venv", "--quiet", str(venv)], check=True)
        subprocess.run(["uv", "pip", "install", "--quiet", "--python", str(python), "anki"], check=True)
    return str(python)


def anki_collection(python: str) -> Path:
    """Anki's collection of the same size, built once and cached."""
    path = CACHE / "anki-100000-1000000.anki2"
    if not path.exists():
        subprocess.run([python, str(HERE / "anki_side.py"), "build", str(path), "100000", "1000000"], check=True)
    return path


# The floor Textual sets on this machine: a bare app with one Static, and one with the same
# widgets as our home screen (Header, a 40-row DataTable, Footer), to its first paint.
BARE = """
import sys, time
T0 = time.perf_counter()
from textual.app import App
from textual.widgets import Static
FULL = sys.argv[1] == "full"
class Bare(App):
    def compose(self):
        from textual.widgets import DataTable, Footer, Header
        if FULL:
            yield Header()
        yield Static("hello")
        if FULL:
            yield DataTable()
            yield Footer()
    def on_mount(self):
        if FULL:
            from textual.widgets import DataTable
            table = self.query_one(DataTable)
            table.add_columns("a", "b", "c", "d", "e")
            for i in range(40):
                table.add_row(f"row {i}", 1, 2, 3, 4)
        self.call_after_refresh(self.done)
    def done(self):
        print(round((time.perf_counter() - T0) * 1000))
        self.exit()
Bare().run(headless=True, size=(100, 30))
"""


def one_run(cmd: list[str]) -> float:
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def main() -> None:
    """Alternate the two programs `--runs` times after a warm-up and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ours_db = working_copy(synthetic())
    python = anki_python()
    anki_db = anki_collection(python)
    ours_cmd = [sys.executable, str(HERE / "startup_probe.py"), str(ours_db)]
    anki_cmd = [python, str(HERE / "anki_side.py"), "time", str(anki_db)]
    one_run(ours_cmd), one_run(anki_cmd)  # warm the OS file cache for both
    bare_cmd = [sys.executable, "-c", BARE, "static"]
    full_cmd = [sys.executable, "-c", BARE, "full"]
    ours, anki, bare, full = [], [], [], []
    for _ in range(args.runs):
        ours.append(one_run(ours_cmd))
        anki.append(one_run(anki_cmd))
        bare.append(one_run(bare_cmd))
        full.append(one_run(full_cmd))
    print(f"flashcards: process start -> home screen with counts: median {statistics.median(ours):.0f} ms {sorted(ours)}")
    print(f"anki:       process start -> deck list with counts:   median {statistics.median(anki):.0f} ms {sorted(anki)}")
    print(f"textual floor: bare app with one Static:              median {statistics.median(bare):.0f} ms")
    print(f"textual floor: Header + 40-row DataTable + Footer:    median {statistics.median(full):.0f} ms")


if __name__ == "__main__":
    main()
