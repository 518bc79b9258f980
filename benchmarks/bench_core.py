"""Benchmark the collection at scale: cold open, deck counts, queue, and the review step.

Usage: uv run python benchmarks/bench_core.py [--cards 100000] [--reviews 1000000]
The review step is what the review screen waits for after a grade key: StudyService.answer
(the grade committed with synchronous=FULL, the next card, the counts the screen shows).
Targets at 100k cards / 1M reviews (issue 11): deck counts about 12-15 ms; review step
p50 <= 1 ms and p99 <= 8 ms over 1,000 grades.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, synthetic, time_ms, working_copy  # noqa: E402

from flashcards.core.clock import to_utc_text  # noqa: E402
from flashcards.core.models import Settings  # noqa: E402
from flashcards.core.sm2 import Grade  # noqa: E402
from flashcards.services import Scope, Services, StudySession  # noqa: E402

COLD = (
    "import sys; from pathlib import Path; from flashcards.services import Services; "
    "s = Services.open_path(Path(sys.argv[1]), decks_dir=Path('/nonexistent')); s.bundled.open(); "
    "print(sum(d.due for d in s.study.deck_summaries()))"
)


def cold_open(path: Path, runs: int = 5) -> float:
    """Median ms from process start to deck counts computed, in a fresh interpreter."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD, str(path)], check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def main() -> None:
    """Run every core benchmark and print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--grades", type=int, default=1000)
    args = parser.parse_args()
    path = working_copy(synthetic(args.cards, args.reviews))
    services = Services.open_path(path, decks_dir=Path("/nonexistent"))
    services.bundled.open()
    service = services.study
    service.save_settings(Settings(new_per_day=9999, reviews_per_day=99999))
    print(f"collection: {args.cards} cards, {args.reviews} reviews ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"cold open to deck counts (new process, python -c): {cold_open(path):.0f} ms median")
    med, worst = time_ms(service.deck_summaries)
    print(f"deck counts: {med:.1f} ms median, {worst:.1f} ms max")
    med, worst = time_ms(lambda: (service.queue_counts(), service.next_card()))
    print(f"today's queue (counts + next card): {med:.1f} ms median, {worst:.1f} ms max")
    session = StudySession(Scope(), "all", to_utc_text(services.collection.clock.now()))
    step = service.start(session)
    samples = []
    for _ in range(args.grades):
        assert step.item is not None
        start = time.perf_counter()
        step = service.answer(session, step.item, Grade(4), 3.0).step
        samples.append((time.perf_counter() - start) * 1000)
    recount = service.queue_counts(session.scope, session.extra_left())
    assert step.counts == recount, (step.counts, recount)  # the counts kept by the session are the true ones
    print(
        f"review step (grade + next card + counts) over {args.grades} grades: p50 {percentile(samples, 50):.2f} ms, "
        f"p99 {percentile(samples, 99):.2f} ms"
    )
    services.close()


if __name__ == "__main__":
    main()
