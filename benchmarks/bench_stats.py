"""Benchmark the progress statistics at scale: the stats screen's data and `flashcards stats --json`.

Usage: uv run python benchmarks/bench_stats.py [--db PATH] [--runs 9] [--rounds 6] [--check]
Without --db it uses the cached synthetic collection of 100k cards / 1M reviews
(benchmarks/common.py; generated once, about 25 s) through a working copy, because the
first `flashcards stats` syncs the bundled decks into it. Target: under 300 ms wall time
for either. CPU time is printed too: on a busy machine it is the steadier figure.

On the synthetic collection it then runs the peer: Anki's statistics screen data
(`graphs(search="", days=365)`, what its Statistics window asks the backend for) on its
collection of the same shape, warm in its own process, in alternating blocks with our
StatsService.report(); it prints both medians and the ratio per pair (issue 11: <= 0.15x).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from anki_peer import WarmAnki, anki_collection  # noqa: E402
from bench_startup import anki_python  # noqa: E402
from common import load_average, ratios, synthetic, working_copy  # noqa: E402

from flashcards.services import Services  # noqa: E402
from flashcards.services.stats import StatsService  # noqa: E402

TARGET_MS = 300.0

Samples = list[tuple[float, float]]  # (wall ms, CPU ms of every thread or of the child process)


def screen_data(path: Path, runs: int, workers: int | None) -> Samples:
    """Wall and CPU ms per StatsService.report() (all the stats screen shows), after one warm-up."""
    services = Services.open_path(path, decks_dir=Path("/nonexistent"))
    stats = StatsService(services.collection, services.study, workers=workers)
    stats.report()
    samples = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        stats.report()
        samples.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return samples


def cli_json(path: Path, runs: int) -> Samples:
    """Wall and CPU ms from process start to exit of `python -m flashcards --db PATH stats --json`."""
    command = [sys.executable, "-m", "flashcards", "--db", str(path), "stats", "--json"]
    subprocess.run(command, check=True, capture_output=True)  # warm-up: syncs the bundled decks once
    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        samples.append((wall, cpu))
    return samples


def against_anki(path: Path, rounds: int, block: int = 3) -> None:
    """Our stats screen data against Anki's, in alternating blocks of `block` calls; print medians and ratios."""
    python = anki_python()
    anki = WarmAnki(python, anki_collection(python, 100_000, 1_000_000), 'col._backend.graphs(search="", days=365)', block)
    services = Services.open_path(path, decks_dir=Path("/nonexistent"))
    stats = StatsService(services.collection, services.study)
    stats.report()
    ours, theirs = [], []
    for _ in range(rounds):
        samples = []
        for _ in range(block):
            start = time.perf_counter()
            stats.report()
            samples.append((time.perf_counter() - start) * 1000)
        ours.append(statistics.median(samples))
        theirs.append(anki.block())
    anki.close()
    services.close()
    print(f"stats screen data: ours {statistics.median(ours):.0f} ms, Anki graphs() {statistics.median(theirs):.0f} ms")
    print(f"ours / Anki per round: {ratios(ours, theirs)}")


def report(name: str, samples: Samples) -> bool:
    """Print wall median / min / max and the CPU median; True if the wall median meets the target."""
    wall = [w for w, _ in samples]
    median = statistics.median(wall)
    cpu = statistics.median(c for _, c in samples)
    ok = median < TARGET_MS
    print(
        f"{name:<38} wall median {median:5.0f} ms  min {min(wall):5.0f}  max {max(wall):5.0f}"
        f"   CPU median {cpu:5.0f} ms   {'ok' if ok else 'OVER'}"
    )
    return ok


def main() -> None:
    """Run the measurements and print the figures; with --check, exit 1 if a median misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing collection (default: the cached synthetic one)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=6, help="alternating blocks against Anki (0: no peer)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a median misses the target")
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    path = args.db if args.db else working_copy(synthetic())
    cards = sum(d.total for d in Services.open_path(path, decks_dir=Path("/nonexistent")).study.deck_summaries())
    print(f"{path}: {cards:,} cards; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}; target < {TARGET_MS:.0f} ms")
    results = [
        report("stats screen data (parallel reads)", screen_data(path, args.runs, None)),
        report("stats screen data (one connection)", screen_data(path, args.runs, 1)),
        report("flashcards stats --json (subprocess)", cli_json(path, args.runs)),
    ]
    if not args.db and args.rounds:
        against_anki(path, args.rounds)
    print(f"load average after: {load_average()}")
    if args.check and not (results[0] and results[2]):
        sys.exit(1)


if __name__ == "__main__":
    main()
