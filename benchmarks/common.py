"""Shared helpers for the opt-in benchmarks: the cached synthetic collection and timing."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flashcards.db.connect import SCHEMA_VERSION
from flashcards.db.synth import generate

CACHE = Path(os.environ.get("FLASHCARDS_BENCH_DIR", Path(tempfile.gettempdir()) / "flashcards-bench"))


def synthetic(cards: int = 100_000, reviews: int = 1_000_000, seed: int = 1) -> Path:
    """A synthetic collection, generated once per size and seed and cached; returns its path."""
    CACHE.mkdir(parents=True, exist_ok=True)
    # Named by schema version: a copy of an older one would migrate (backup, index builds) inside a timed run.
    path = CACHE / f"synth-{cards}-{reviews}-{seed}-v{SCHEMA_VERSION}.sqlite3"
    for older in CACHE.glob(f"synth-{cards}-{reviews}-{seed}.sqlite3"):  # from before the versioned name
        older.unlink()
    if path.exists() and path.stat().st_size < 1_000_000 and cards >= 10_000:
        path.unlink()  # a broken copy (two runs once shared a temporary name and cut each other's file short)
    if not path.exists():
        start = time.perf_counter()
        tmp = path.with_suffix(f".{os.getpid()}.partial")  # per process: runs in parallel never share it
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        generate(tmp, cards, reviews, seed)
        tmp.rename(path)
        print(f"generated {path.name} in {time.perf_counter() - start:.1f} s")
    return path


def working_copy(path: Path) -> Path:
    """A fresh copy of a collection to write to, so the cached one stays pristine."""
    target = path.with_name(path.stem + "-work.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(path, target)
    return target


def time_ms(fn: Callable[[], object], repeat: int = 20) -> tuple[float, float]:
    """(median, max) wall time of `fn` in milliseconds over `repeat` calls after one warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100) of samples, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, printed before and after each run."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def ratios(ours: list[float], theirs: list[float]) -> str:
    """Per-pair ratios ours/theirs of an interleaved run: 'median 1.05x (0.98-1.20x, n pairs)'."""
    pairs = [a / b for a, b in zip(ours, theirs, strict=True) if b > 0]
    if not pairs:
        return "no pairs"
    return f"median {statistics.median(pairs):.2f}x ({min(pairs):.2f}-{max(pairs):.2f}x, {len(pairs)} pairs)"
