"""Read queries in plain SQL over sqlite3: deck counts, the next card, progress and settings."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from flashcards.core.models import Card, DeckSummary, ReviewRecord, TopicSummary
from flashcards.core.sm2 import Sm2State

# A card is available on `today` when it is active, not suspended and not buried past today.
_AVAILABLE = "s.active AND NOT s.suspended AND (s.buried_until IS NULL OR s.buried_until <= :today)"

_CARD_COLUMNS = """
    c.id, c.key, c.deck_id, d.name, c.question, c.notes, c.key_points, t.slug, t.title,
    c.level, c.tags, c.sources, s.repetitions, s.ef_x100, s.interval, s.due, s.repeat_day,
    s.lapses, s.suspended, s.buried_until
"""
_CARD_FROM = """
    FROM card_state s JOIN card c ON c.id = s.card_id JOIN deck d ON d.id = c.deck_id
    LEFT JOIN topic t ON t.id = c.topic_id
"""


@dataclass(frozen=True)
class Scope:
    """Which cards a study session covers: everything, one deck, or one topic of a deck."""

    deck_id: int | None = None
    topic: str | None = None

    def where(self) -> str:
        """SQL conditions on card_state (alias s) for this scope; parameters :deck_id and :topic."""
        parts = []
        if self.deck_id is not None:
            parts.append("s.deck_id = :deck_id")
        if self.topic is not None:
            parts.append("s.topic_id = (SELECT id FROM topic WHERE deck_id = :deck_id AND slug = :topic)")
        return " AND ".join(parts) or "1"

    def params(self) -> dict[str, object]:
        """The named parameters `where()` uses."""
        return {"deck_id": self.deck_id, "topic": self.topic}


def _parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def row_to_card(row: tuple) -> Card:
    """Turn a row selected with _CARD_COLUMNS into a core Card."""
    state = Sm2State(
        repetitions=row[12],
        ef_x100=row[13],
        interval=row[14],
        due=_parse_day(row[15]),
        repeat_day=_parse_day(row[16]),
        lapses=row[17],
    )
    return Card(
        id=row[0],
        key=row[1],
        deck_id=row[2],
        deck=row[3],
        question=row[4],
        notes=row[5],
        key_points=tuple(json.loads(row[6])),
        topic=row[7],
        topic_title=row[8],
        level=row[9],
        tags=tuple(json.loads(row[10])),
        sources=row[11],
        state=state,
        suspended=bool(row[18]),
        buried_until=_parse_day(row[19]),
    )


def get_card(conn: sqlite3.Connection, card_id: int) -> Card | None:
    """The card with database id `card_id`, or None."""
    row = conn.execute(f"SELECT {_CARD_COLUMNS} {_CARD_FROM} WHERE c.id = ?", (card_id,)).fetchone()
    return row_to_card(row) if row else None


def deck_summaries(conn: sqlite3.Connection, today: date) -> list[DeckSummary]:
    """Counts per deck and per topic as of study day `today`, decks by name.

    Each count is one query over a narrow index of card_state (see tables.CardStateRow).
    """
    params = {"today": today.isoformat()}
    # (deck, topic) -> [total, new, due, overdue, repeats, suspended]
    cells: dict[tuple[int, int | None], list[int]] = {}

    def add(sql: str, column: int) -> None:
        for deck_id, topic_id, count in conn.execute(sql, params):
            cells.setdefault((deck_id, topic_id), [0] * 6)[column] += count

    for deck_id, topic_id, total, suspended in conn.execute(
        "SELECT deck_id, topic_id, count(*), sum(suspended) FROM card_state WHERE active GROUP BY deck_id, topic_id"
    ):
        cells.setdefault((deck_id, topic_id), [0] * 6)
        cells[(deck_id, topic_id)][0] += total
        cells[(deck_id, topic_id)][5] += suspended
    group = "GROUP BY +s.deck_id, +s.topic_id"  # unary + keeps the planner on the range index
    add(f"SELECT s.deck_id, s.topic_id, count(*) FROM card_state s WHERE s.due IS NULL AND {_AVAILABLE} {group}", 1)
    add(f"SELECT s.deck_id, s.topic_id, count(*) FROM card_state s WHERE s.due <= :today AND {_AVAILABLE} {group}", 2)
    add(f"SELECT s.deck_id, s.topic_id, count(*) FROM card_state s WHERE s.due < :today AND {_AVAILABLE} {group}", 3)
    add(f"SELECT s.deck_id, s.topic_id, count(*) FROM card_state s WHERE s.repeat_day = :today AND {_AVAILABLE} {group}", 4)
    titles = {tid: (slug, title) for tid, slug, title in conn.execute("SELECT id, slug, title FROM topic")}
    out = []
    for deck_id, name, role in conn.execute("SELECT id, name, role FROM deck ORDER BY name"):
        sums = [0] * 6
        topics = []
        for (d, topic_id), counts in cells.items():
            if d != deck_id:
                continue
            sums = [a + b for a, b in zip(sums, counts, strict=True)]
            if topic_id in titles:
                slug, title = titles[topic_id]
                topics.append(TopicSummary(slug, title, counts[0], counts[1], counts[2]))
        total, new, due, overdue, repeats, suspended = sums
        out.append(
            DeckSummary(deck_id, name, role, total, new, due, overdue, repeats, suspended,
                        tuple(sorted(topics, key=lambda t: t.slug)))
        )
    return out


def done_today(conn: sqlite3.Connection, today: date) -> tuple[int, int]:
    """(scheduled reviews of already-seen cards, new cards learned) on study day `today`."""
    row = conn.execute(
        """SELECT coalesce(sum(due_before IS NOT NULL), 0), coalesce(sum(due_before IS NULL), 0)
           FROM review WHERE study_day = ? AND kind = 'review'""",
        (today.isoformat(),),
    ).fetchone()
    return row[0], row[1]


def count_available(conn: sqlite3.Connection, scope: Scope, today: date) -> tuple[int, int, int]:
    """(due reviews, new cards, pending same-day repeats) in `scope` on `today`, before limits."""
    params = {"today": today.isoformat(), **scope.params()}
    counts = []
    for cond in ("s.due <= :today", "s.due IS NULL", "s.repeat_day = :today"):
        sql = f"SELECT count(*) FROM card_state s WHERE {cond} AND {_AVAILABLE} AND {scope.where()}"
        counts.append(conn.execute(sql, params).fetchone()[0])
    return counts[0], counts[1], counts[2]


def next_due(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...]) -> Card | None:
    """The most overdue available review card in scope (then by id), skipping `exclude`."""
    return _first(conn, scope, today, exclude, "s.due <= :today", "s.due, s.new_order, s.card_id")


def next_new(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...]) -> Card | None:
    """The first new card in scope in deck-file order, skipping `exclude`."""
    return _first(conn, scope, today, exclude, "s.due IS NULL", "s.new_order, s.card_id")


def next_repeat(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...]) -> Card | None:
    """The pending same-day repeat graded longest ago, skipping `exclude`."""
    return _first(conn, scope, today, exclude, "s.repeat_day = :today", "s.last_review_at, s.card_id")


def _first(
    conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...], cond: str, order: str
) -> Card | None:
    skip = f"AND c.id NOT IN ({','.join(str(int(i)) for i in exclude)})" if exclude else ""
    row = conn.execute(
        f"""SELECT {_CARD_COLUMNS} {_CARD_FROM}
            WHERE {cond} AND {_AVAILABLE} AND {scope.where()} {skip}
            ORDER BY {order} LIMIT 1""",
        {"today": today.isoformat(), **scope.params()},
    ).fetchone()
    return row_to_card(row) if row else None


def next_due_day(conn: sqlite3.Connection, today: date) -> date | None:
    """The first day after `today` on which any active, unsuspended card is due."""
    row = conn.execute(
        "SELECT min(due) FROM card_state WHERE active AND NOT suspended AND due > ?",
        (today.isoformat(),),
    ).fetchone()
    return _parse_day(row[0])


def due_between(conn: sqlite3.Connection, first: date, last: date) -> int:
    """How many active, unsuspended cards fall due from `first` to `last` inclusive."""
    row = conn.execute(
        "SELECT count(*) FROM card_state WHERE active AND NOT suspended AND due BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    ).fetchone()
    return row[0]


def review_days(conn: sqlite3.Connection) -> list[date]:
    """Every distinct study day with at least one review, newest first."""
    rows = conn.execute("SELECT study_day FROM review_day WHERE answers > 0 ORDER BY study_day DESC").fetchall()
    return [date.fromisoformat(r[0]) for r in rows]


def reviews_of_card(conn: sqlite3.Connection, card_id: int) -> list[ReviewRecord]:
    """A card's review log, oldest first."""
    rows = conn.execute(
        """SELECT id, card_id, reviewed_at, study_day, grade, kind, seconds, interval_before,
                  interval_after, ef_before, ef_after FROM review WHERE card_id = ? ORDER BY id""",
        (card_id,),
    ).fetchall()
    return [
        ReviewRecord(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], r[5], r[6], r[7], r[8], r[9], r[10])
        for r in rows
    ]


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    """Every stored setting as text."""
    return dict(conn.execute("SELECT key, value FROM setting").fetchall())


def session_totals(conn: sqlite3.Connection, since_utc: str) -> tuple[int, int, int, float]:
    """(graded reviews, of which grade >= 3, same-day repeats, seconds) since an ISO UTC instant."""
    row = conn.execute(
        """SELECT coalesce(sum(kind = 'review'), 0), coalesce(sum(kind = 'review' AND grade >= 3), 0),
                  coalesce(sum(kind = 'repeat'), 0), coalesce(sum(seconds), 0)
           FROM review WHERE reviewed_at >= ?""",
        (since_utc,),
    ).fetchone()
    return row[0], row[1], row[2], float(row[3])
