"""Deck counts (the home screen's query) against Anki's deck_due_tree(), interleaved on collections of the same shape.

Usage: uv run python benchmarks/bench_deck_counts.py [--cards 100000] [--reviews 1000000] [--rounds 10]
Both sides run warm in one long-lived process each (ours here, Anki's in its cached venv, see
bench_startup.py); each round times a block of calls on one side, then the other, and prints the
per-round ratio. Target (issue 11): <= 0.5x Anki at 100k cards, growing slower than the card count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from anki_peer import WarmAnki, anki_collection  # noqa: E402
from bench_startup import anki_python  # noqa: E402
from common import load_average, ratios, synthetic, working_copy  # noqa: E402

from flashcards.services import Services  # noqa: E402

BLOCK = 10  # calls per side per round

def ours_block(services: Services) -> float:
    """Median ms of BLOCK deck-count reads."""
    samples = []
    for _ in range(BLOCK):
        start = time.perf_counter()
        services.study.deck_summaries()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Print each side's median and the per-round ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    python = anki_python()
    anki_db = anki_collection(python, args.cards, args.reviews)
    services = Services.open_path(working_copy(synthetic(args.cards, args.reviews)), decks_dir=Path("/nonexistent"))
    services.bundled.open()
    services.study.deck_summaries()
    anki = WarmAnki(python, anki_db, "col.sched.deck_due_tree()", BLOCK)
    ours, theirs = [], []
    for _ in range(args.rounds):
        ours.append(ours_block(services))
        theirs.append(anki.block())
    anki.close()
    services.close()
    print(f"{args.cards} cards: ours {statistics.median(ours):.2f} ms, Anki deck_due_tree {statistics.median(theirs):.2f} ms")
    print(f"ours / Anki per round: {ratios(ours, theirs)}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
