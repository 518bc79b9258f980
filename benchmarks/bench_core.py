"""Benchmark the collection at scale: cold open, deck counts, queue, and the review step.

Usage: uv run python benchmarks/bench_core.py [--cards 100000] [--reviews 1000000]
The review step is what the review screen waits for after a grade key: StudyService.answer
(the grade committed with synchronous=FULL, the next card, the counts the screen shows).
Targets at 100k cards / 1M reviews (issue 11): deck counts about 12-15 ms; review step
p50 <= 1 ms and p99 <= 8 ms over 1,000 grades.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_average, percentile, ratios, synthetic, time_ms, working_copy  # noqa: E402

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


BLOCK = 100  # grades per interleaved block


class RawGrader:
    """The floor for a grade: the same two writes and the next-card query in raw sqlite3 on the same file."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=10)
        self.conn.execute("PRAGMA synchronous = FULL")
        self.day = date.today().isoformat()

    def grades(self, count: int) -> list[float]:
        """Time `count` grades of the next cards (due reviews, then new ones, as the session takes them); ms each."""
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            row = self.conn.execute(
                "SELECT s.card_id, s.interval FROM card_state s WHERE s.due <= ? AND s.active AND NOT s.suspended"
                " ORDER BY s.due, s.new_order, s.card_id LIMIT 1",
                (self.day,),
            ).fetchone() or self.conn.execute(
                "SELECT s.card_id, s.interval FROM card_state s WHERE s.due IS NULL AND s.active AND NOT s.suspended"
                " ORDER BY s.new_order, s.card_id LIMIT 1"
            ).fetchone()
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute(
                "UPDATE card_state SET due = date(?, '+9 days'), interval = 9, last_review_at = ? WHERE card_id = ?",
                (self.day, self.day, row[0]),
            )
            self.conn.execute(
                "INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before,"
                " ef_before, interval_before, lapses_before, repetitions_after, ef_after, interval_after, lapses_after)"
                " VALUES (?, ?, ?, 4, 'review', 3.0, 1, 250, ?, 0, 2, 250, 9, 0)",
                (row[0], self.day, self.day, row[1]),
            )
            self.conn.execute("COMMIT")
            samples.append((time.perf_counter() - start) * 1000)
        return samples

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def main() -> None:
    """Run every core benchmark and print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--grades", type=int, default=1000)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
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
    floor = RawGrader(path)
    ours: list[float] = []
    raw: list[float] = []
    block_p50 = ([], [])  # (ours, raw) p50 of each interleaved block of BLOCK grades
    for _ in range(max(1, args.grades // BLOCK)):
        mine = []
        for _ in range(BLOCK):
            assert step.item is not None
            start = time.perf_counter()
            step = service.answer(session, step.item, Grade(4), 3.0).step
            mine.append((time.perf_counter() - start) * 1000)
        bare = floor.grades(BLOCK)
        step = service.reload(session)  # the floor graded the cards next in line (not timed)
        ours += mine
        raw += bare
        block_p50[0].append(percentile(mine, 50))
        block_p50[1].append(percentile(bare, 50))
    recount = service.queue_counts(session.scope, session.extra_left())
    assert step.counts == recount, (step.counts, recount)  # the counts kept by the session are the true ones
    print(
        f"review step (grade + next card + counts) over {len(ours)} grades: p50 {percentile(ours, 50):.2f} ms, "
        f"p99 {percentile(ours, 99):.2f} ms"
    )
    print(
        f"floor (raw sqlite3: UPDATE + INSERT in BEGIN IMMEDIATE, synchronous=FULL, next card by the same index), "
        f"interleaved: p50 {percentile(raw, 50):.2f} ms, p99 {percentile(raw, 99):.2f} ms"
    )
    print(f"review step / floor, p50 per block of {BLOCK}: {ratios(*block_p50)}")
    floor.close()
    services.close()
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
