"""Generate a synthetic collection with a realistic, SM-2-consistent review history, from a seed."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flashcards.core import sm2
from flashcards.db.codec import day_text

Row = tuple[Any, ...]  # one row for executemany

# The import inside a function is deferred: it is needed only for one optional step.

# Grade mix of a diligent learner: mostly 4s, some hard 3s, a few lapses.
GRADE_WEIGHTS = ((5, 22), (4, 45), (3, 18), (2, 8), (1, 5), (0, 2))
DECKS = (("Synthetic ML Engineer", "mle"), ("Synthetic Data Scientist", "ds"))
TOPICS_PER_DECK = 16


@dataclass(frozen=True)
class SynthReport:
    """What was generated."""

    cards: int
    reviews: int
    seen_cards: int
    first_day: date
    last_day: date


def generate(path: Path, cards: int, reviews: int, seed: int = 1, today: date | None = None) -> SynthReport:
    """Create a collection at `path` with `cards` cards and about `reviews` review rows over a year.

    Every card's stored SM-2 state is exactly the state its logged reviews lead to.
    The same arguments always give the same file contents. Raises FileExistsError if
    `path` exists.
    """
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    from flashcards.db.engine import make_engine

    make_engine(path).dispose()
    today = today or date.today()
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        _insert_decks(conn)
        review_rows, state_rows = _simulate(rng, cards, reviews, today)
        _insert_cards(conn, rng, cards)
        conn.executemany(
            "INSERT INTO card_state (card_id, deck_id, topic_id, active, new_order, repetitions, ef_x100, interval, due,"
            " repeat_day, lapses, suspended, buried_until, last_review_at) VALUES (?,?,?,1,?,?,?,?,?,?,?,?,NULL,?)",
            state_rows,
        )
        conn.executemany(
            "INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before, ef_before,"
            " interval_before, due_before, repeat_day_before, lapses_before, repetitions_after, ef_after,"
            " interval_after, due_after, repeat_day_after, lapses_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            review_rows,
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    seen = sum(1 for row in state_rows if row[7] is not None)  # row[7] is the due day
    return SynthReport(cards, len(review_rows), seen, today - timedelta(days=365), today)


def _insert_decks(conn: sqlite3.Connection) -> None:
    now = datetime.now(UTC).isoformat()
    for deck_id, (name, role) in enumerate(DECKS, 1):
        conn.execute(
            "INSERT INTO deck (id, name, role, source, created_at) VALUES (?,?,?,'synthetic',?)", (deck_id, name, role, now)
        )
        for t in range(TOPICS_PER_DECK):
            topic_id = (deck_id - 1) * TOPICS_PER_DECK + t + 1
            conn.execute(
                "INSERT INTO topic (id, deck_id, slug, title) VALUES (?,?,?,?)",
                (topic_id, deck_id, f"{role}-topic-{t + 1:02d}", f"{role.upper()} topic {t + 1}"),
            )


def _insert_cards(conn: sqlite3.Connection, rng: random.Random, cards: int) -> None:
    now = datetime.now(UTC).isoformat()
    points = json.dumps(["first key point", "second key point", "third key point"])
    rows = []
    for card_id in range(1, cards + 1):
        deck_id = 1 + (card_id % len(DECKS))
        topic_id = (deck_id - 1) * TOPICS_PER_DECK + 1 + (card_id // len(DECKS)) % TOPICS_PER_DECK
        words = " ".join(rng.choice(_WORDS) for _ in range(90))
        rows.append(
            (card_id, f"synth-{card_id:07d}", deck_id, topic_id, f"Synthetic question {card_id}: {words[:60]}?",
             f"**Answer:** {words}\n\n```python\nprint({card_id})\n```", points, "mid", '["synthetic"]',
             "generated", "synthetic", card_id, now, now)
        )
    conn.executemany(
        "INSERT INTO card (id, key, deck_id, topic_id, question, notes, key_points, level, tags, sources,"
        " source_file, position, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
        rows,
    )


def _simulate(rng: random.Random, cards: int, target: int, today: date) -> tuple[list[Row], list[Row]]:
    """SM-2 histories for cards in a random order until `target` reviews exist; the rest stay new."""
    grades = [g for g, w in GRADE_WEIGHTS for _ in range(w)]
    first = today - timedelta(days=365)
    order = list(range(1, cards + 1))
    rng.shuffle(order)
    reviews: list[Row] = []
    final: dict[int, sm2.Sm2State] = {}
    last_at: dict[int, str] = {}
    for card_id in order:
        if len(reviews) >= target:
            break
        state = sm2.Sm2State()
        day = first + timedelta(days=int(365 * rng.random() ** 1.5))
        while day <= today and len(reviews) < target:
            q = rng.choice(grades)
            at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(seconds=rng.randrange(8 * 3600, 22 * 3600))
            state = _log(reviews, card_id, state, q, day, at, rng)
            while state.repeat_pending(day) and len(reviews) < target:
                at += timedelta(minutes=rng.randrange(2, 20))
                state = _log(reviews, card_id, state, rng.choice((3, 4, 4, 5)), day, at, rng)
            last_at[card_id] = at.isoformat(timespec="milliseconds")
            assert state.due is not None
            day = state.due + timedelta(days=rng.choice((0, 0, 0, 0, 1, 2)))
        final[card_id] = state
    reviews.sort(key=lambda row: row[1])  # ids in time order, as a real log has them
    states = []
    for card_id in range(1, cards + 1):
        s = final.get(card_id, sm2.Sm2State())
        deck_id = 1 + (card_id % len(DECKS))
        topic_id = (deck_id - 1) * TOPICS_PER_DECK + 1 + (card_id // len(DECKS)) % TOPICS_PER_DECK
        states.append(
            (card_id, deck_id, topic_id, card_id, s.repetitions, s.ef_x100, s.interval, day_text(s.due),
             day_text(s.repeat_day), s.lapses, int(card_id % 97 == 0), last_at.get(card_id))
        )
    return reviews, states


def _log(
    reviews: list[Row], card_id: int, before: sm2.Sm2State, q: int, day: date, at: datetime, rng: random.Random
) -> sm2.Sm2State:
    out = sm2.review(before, q, day)
    after = out.state
    reviews.append(
        (card_id, at.isoformat(timespec="milliseconds"), day.isoformat(), q, out.kind, round(rng.uniform(2, 40), 1),
         before.repetitions, before.ef_x100, before.interval, day_text(before.due), day_text(before.repeat_day), before.lapses,
         after.repetitions, after.ef_x100, after.interval, day_text(after.due), day_text(after.repeat_day), after.lapses)
    )
    return after




_WORDS = (
    "model feature pipeline latency throughput gradient loss variance bias drift kafka spark partition "
    "shuffle broadcast embedding serving container replica metric recall precision threshold calibration "
    "sample bootstrap hypothesis power regression tree boosting cluster kernel margin schema window"
).split()
