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
    ours, anki = [], []
    for _ in range(args.runs):
        ours.append(one_run(ours_cmd))
        anki.append(one_run(anki_cmd))
    print(f"flashcards: process start -> home screen with counts: median {statistics.median(ours):.0f} ms {sorted(ours)}")
    print(f"anki:       process start -> deck list with counts:   median {statistics.median(anki):.0f} ms {sorted(anki)}")


if __name__ == "__main__":
    main()
