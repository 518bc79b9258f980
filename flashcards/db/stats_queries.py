"""Read queries in plain sqlite3 for the progress screens; SQL does the counting, core the rest."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from flashcards.core.card_info import ReviewStep
from flashcards.core.key_points import MissedPoint, PointTally
from flashcards.core.readiness import STATE_NAMES, StateGroup, TopicInfo
from flashcards.core.sm2 import Sm2State
from flashcards.core.stats import MATURE_DAYS, PASS_GRADE, DayActivity, Ratio
from flashcards.core.stats_report import FailedCard
from flashcards.db.codec import day as codec_day
from flashcards.db.codec import parse_day

# Per-day totals come from review_day, which triggers keep in step with the review log
# (db/engine.py), so a year of activity is a few hundred rows, not a million reviews.
_FIRST = "kind = 'review'"
_DAY_SQL = """
SELECT study_day, answers, seconds, first_reviews, new_cards, young_passed, young_total, mature_passed, mature_total
FROM review_day WHERE study_day >= ? AND study_day < ? AND answers > 0 ORDER BY study_day
"""
_STATE_CODE = f"""CASE WHEN due IS NULL THEN 0 WHEN repetitions < 2 THEN 1 WHEN interval < {MATURE_DAYS} THEN 2 ELSE 3 END
  + 4 * (buried_until IS NOT NULL AND buried_until > :today) + 8 * (suspended <> 0)"""


def _day_row(row: sqlite3.Row) -> DayActivity:
    day, reviews, seconds, cards, new, young_passed, young_total, mature_passed, mature_total = row
    return DayActivity(
        codec_day(day), reviews, seconds, cards, new,
        Ratio(young_passed, young_total), Ratio(mature_passed, mature_total),
    )


def day_activity(conn: sqlite3.Connection, first: date, before: date | None = None) -> list[DayActivity]:
    """Per study day from `first` up to (not including) `before`: answers, seconds, retention counts.

    Each row also counts first reviews of the day and new cards learned.
    """
    end = before.isoformat() if before else "9999-12-31"
    return [_day_row(row) for row in conn.execute(_DAY_SQL, (first.isoformat(), end))]


def days_before(conn: sqlite3.Connection, first: date) -> list[date]:
    """Every study day with a review before `first` (for the longest streak)."""
    rows = conn.execute("SELECT study_day FROM review_day WHERE study_day < ? AND answers > 0", (first.isoformat(),))
    return [codec_day(r[0]) for r in rows]


def correct_on(conn: sqlite3.Connection, day: date) -> Ratio:
    """First reviews of study day `day` graded 3 or more, out of all of them (new cards included)."""
    row = conn.execute(
        f"SELECT coalesce(sum(grade >= {PASS_GRADE}), 0), count(*) FROM review WHERE study_day = ? AND {_FIRST}",
        (day.isoformat(),),
    ).fetchone()
    return Ratio(row[0], row[1])


def due_counts(conn: sqlite3.Connection, last: date) -> dict[date, int]:
    """Active, unsuspended cards by due day, for every due day up to `last` (overdue ones too)."""
    rows = conn.execute(
        "SELECT due, count(*) FROM card_state WHERE active AND NOT suspended AND due <= ? GROUP BY due",
        (last.isoformat(),),
    )
    return {codec_day(d): n for d, n in rows}


def state_groups(conn: sqlite3.Connection, today: date) -> list[StateGroup]:
    """Active cards counted by deck, topic, SM-2 state and the buried / suspended flags."""
    # NOT INDEXED: walking ix_state_totals for its order costs a table lookup per card, more
    # than scanning the narrow table and sorting. The three keys are grouped as one integer (topic
    # ids are below 2**32): the sort of 100k rows compares one value, not three, a third faster.
    rows = conn.execute(
        f"SELECT deck_id, topic_id, {_STATE_CODE} AS code, count(*) FROM card_state NOT INDEXED WHERE active "
        "GROUP BY (deck_id * 4294967296 + coalesce(topic_id, 0)) * 16 + code",
        {"today": today.isoformat()},
    )
    return [StateGroup(d, t, STATE_NAMES[code & 3], bool(code & 4), bool(code & 8), n) for d, t, code, n in rows]


def leech_count(conn: sqlite3.Connection) -> int:
    """Active cards marked as leeches (suspended or not)."""
    return int(conn.execute("SELECT count(*) FROM card_state WHERE active AND leech").fetchone()[0])


def topic_names(conn: sqlite3.Connection) -> list[TopicInfo]:
    """Every deck's topics, plus a `(no topic)` entry per deck for cards without one."""
    decks = conn.execute("SELECT id, name, role FROM deck").fetchall()
    out = [TopicInfo(d, None, name, role, None, "(no topic)") for d, name, role in decks]
    roles = {d: (name, role) for d, name, role in decks}
    for topic_id, deck_id, slug, title in conn.execute("SELECT id, deck_id, slug, title FROM topic"):
        name, role = roles.get(deck_id, (f"deck {deck_id}", None))
        out.append(TopicInfo(deck_id, topic_id, name, role, slug, title or slug))
    return out


def recent_retention(conn: sqlite3.Connection, first: date) -> dict[tuple[int, int | None], Ratio]:
    """Per (deck_id, topic_id): first reviews of seen cards since `first` graded 3 or more, of all of them."""
    # The reviews in range are summed per card first, from ix_review_day alone (it covers card and grade,
    # schema 7; `+card_id` keeps the planner from walking ix_review_card for the grouping), then each card
    # is looked up once, in card order; deck and topic are grouped as one integer, as in state_groups.
    # Half the time of looking the card up for every review (52k of them in 30 days at 1M reviews).
    rows = conn.execute(
        f"""SELECT s.deck_id, s.topic_id, sum(g.passed), sum(g.total)
            FROM (SELECT card_id, sum(grade >= {PASS_GRADE}) AS passed, count(*) AS total FROM review
                  WHERE study_day >= ? AND {_FIRST} AND due_before IS NOT NULL GROUP BY +card_id) g
            CROSS JOIN card_state s ON s.card_id = g.card_id
            WHERE s.active
            GROUP BY s.deck_id * 4294967296 + coalesce(s.topic_id, 0)""",
        (first.isoformat(),),
    )
    return {(d, t): Ratio(passed, total) for d, t, passed, total in rows}


def most_lapsed(conn: sqlite3.Connection, limit: int = 5) -> list[FailedCard]:
    """The active cards forgotten most often (lapses), most first; cards never forgotten are left out."""
    rows = conn.execute(
        """SELECT s.card_id, d.name, c.question, s.lapses
            FROM card_state s JOIN card c ON c.id = s.card_id JOIN deck d ON d.id = s.deck_id
            WHERE s.active AND s.lapses > 0
            ORDER BY s.lapses DESC, s.card_id LIMIT ?""",
        (limit,),
    )
    return [FailedCard(card_id, deck, question, lapses) for card_id, deck, question, lapses in rows]


def key_point_tallies(conn: sqlite3.Connection) -> list[PointTally]:
    """Every key point of an active card shown on a checklist: how often it was shown and missed, with
    the card's deck and topic (one row per card and point text)."""
    # CROSS JOINs keep the points as the outer loop: the planner otherwise walks every card and probes its
    # points, 300 ms at 100k cards for a log that holds few or none.
    rows = conn.execute(
        """SELECT s.deck_id, d.name, t.slug, t.title, k.card_id, c.question, k.point, sum(NOT k.said), count(*)
            FROM review_key_point k CROSS JOIN card_state s ON s.card_id = k.card_id
            CROSS JOIN card c ON c.id = k.card_id CROSS JOIN deck d ON d.id = s.deck_id
            LEFT JOIN topic t ON t.id = s.topic_id
            WHERE s.active
            GROUP BY k.card_id, k.point"""
    )
    return [PointTally(*row) for row in rows]


def card_key_points(conn: sqlite3.Connection, card_id: int) -> list[MissedPoint]:
    """A card's key points as its checklist reviews saw them: missed and shown counts, in card order."""
    rows = conn.execute(
        """SELECT point, sum(NOT said), count(*) FROM review_key_point WHERE card_id = ?
            GROUP BY point ORDER BY min(position), point""",
        (card_id,),
    )
    return [MissedPoint(point, missed, shown, card_id) for point, missed, shown in rows]


def interval_and_ease(conn: sqlite3.Connection) -> tuple[dict[int, int], dict[int, int]]:
    """(interval -> cards, E-Factor in hundredths -> cards) over active, unsuspended, seen cards."""
    intervals: dict[int, int] = {}
    ease: dict[int, int] = {}
    rows = conn.execute(
        "SELECT interval, ef_x100, count(*) FROM card_state WHERE active AND NOT suspended AND due IS NOT NULL "
        "GROUP BY 1, 2"
    )
    for interval, ef, n in rows:
        intervals[interval] = intervals.get(interval, 0) + n
        ease[ef] = ease.get(ef, 0) + n
    return intervals, ease


def review_steps(conn: sqlite3.Connection, card_id: int) -> list[ReviewStep]:
    """A card's full review log with the SM-2 state before and after each answer, oldest first."""
    rows = conn.execute(
        """SELECT id, reviewed_at, study_day, grade, kind, seconds,
                  repetitions_before, ef_before, interval_before, due_before, repeat_day_before, lapses_before,
                  repetitions_after, ef_after, interval_after, due_after, repeat_day_after, lapses_after
           FROM review WHERE card_id = ? ORDER BY id""",
        (card_id,),
    )
    return [ReviewStep(r[0], r[1], codec_day(r[2]), r[3], r[4], r[5], _state(r[6:12]), _state(r[12:18]))
            for r in rows]


def _state(values: tuple[Any, ...]) -> Sm2State:
    reps, ef, interval, due, repeat_day, lapses = values
    return Sm2State(reps, ef, interval, parse_day(due), parse_day(repeat_day), lapses)


