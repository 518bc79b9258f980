"""Read queries in plain SQL over sqlite3: deck counts, the next card, progress and settings.

Rows come from connections made by `db.connect` (sqlite3.Row) and are read by column name;
tests/unit/test_schema.py checks every column named here against the SQLModel tables.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from flashcards.core.models import Card, DeckSummary, ReviewRecord, TopicSummary
from flashcards.core.sm2 import ReviewKind, Sm2State
from flashcards.db.codec import day, parse_day

# A card is available on `today` when it is active, not suspended and not buried past today.
_AVAILABLE = "s.active AND NOT s.suspended AND (s.buried_until IS NULL OR s.buried_until <= :today)"

# (table alias, column) pairs selected for a Card; read back by column name (tests/unit/test_schema.py).
CARD_COLUMNS = (
    ("c", "id"), ("c", "key"), ("c", "deck_id"), ("c", "question"), ("c", "notes"), ("c", "key_points"),
    ("c", "level"), ("c", "tags"), ("c", "sources"), ("s", "repetitions"), ("s", "ef_x100"), ("s", "interval"),
    ("s", "due"), ("s", "repeat_day"), ("s", "lapses"), ("s", "suspended"), ("s", "buried_until"),
    ("d", "name"), ("t", "slug"), ("t", "title"),
)
CARD_ALIASES = {"c": "card", "s": "card_state", "d": "deck", "t": "topic"}
_RENAMED = {("d", "name"): "deck_name", ("t", "slug"): "topic_slug", ("t", "title"): "topic_title"}
_CARD_SELECT = ", ".join(
    f"{alias}.{column}" + (f" AS {_RENAMED[(alias, column)]}" if (alias, column) in _RENAMED else "")
    for alias, column in CARD_COLUMNS
)
_CARD_FROM = """
    FROM card_state s JOIN card c ON c.id = s.card_id JOIN deck d ON d.id = c.deck_id
    LEFT JOIN topic t ON t.id = c.topic_id
"""


@dataclass(frozen=True)
class Scope:
    """Which cards a study session covers: everything, one deck, or one topic of a deck."""

    deck_id: int | None = None
    topic: str | None = None
    card_ids: tuple[int, ...] = ()  # only these cards (the browser's "study the selection now")

    def where(self) -> str:
        """SQL conditions on card_state (alias s) for this scope; parameters :deck_id and :topic."""
        parts = []
        if self.card_ids:
            parts.append(f"s.card_id IN ({','.join(str(int(i)) for i in self.card_ids)})")
        if self.deck_id is not None:
            parts.append("s.deck_id = :deck_id")
        if self.topic is not None:
            parts.append("s.topic_id = (SELECT id FROM topic WHERE deck_id = :deck_id AND slug = :topic)")
        return " AND ".join(parts) or "1"

    def params(self) -> dict[str, object]:
        """The named parameters `where()` uses."""
        return {"deck_id": self.deck_id, "topic": self.topic}


def row_to_card(row: sqlite3.Row) -> Card:
    """Turn a row selected with CARD_COLUMNS into a core Card."""
    state = Sm2State(
        repetitions=row["repetitions"],
        ef_x100=row["ef_x100"],
        interval=row["interval"],
        due=parse_day(row["due"]),
        repeat_day=parse_day(row["repeat_day"]),
        lapses=row["lapses"],
    )
    return Card(
        id=row["id"],
        key=row["key"],
        deck_id=row["deck_id"],
        deck=row["deck_name"],
        question=row["question"],
        notes=row["notes"],
        key_points=tuple(json.loads(row["key_points"])),
        topic=row["topic_slug"],
        topic_title=row["topic_title"],
        level=row["level"],
        tags=tuple(json.loads(row["tags"])),
        sources=row["sources"],
        state=state,
        suspended=bool(row["suspended"]),
        buried_until=parse_day(row["buried_until"]),
    )


def get_card(conn: sqlite3.Connection, card_id: int) -> Card | None:
    """The card with database id `card_id`, or None."""
    row = conn.execute(f"SELECT {_CARD_SELECT} {_CARD_FROM} WHERE c.id = ?", (card_id,)).fetchone()
    return row_to_card(row) if row else None


def scope_cards(conn: sqlite3.Connection, scope: Scope, today: date, limit: int) -> list[Card]:
    """Up to `limit` active cards of `scope` in deck order (for practice outside the schedule)."""
    rows = conn.execute(
        f"SELECT {_CARD_SELECT} {_CARD_FROM} WHERE c.active AND {scope.where()} ORDER BY c.deck_id, c.position LIMIT :limit",
        {**scope.params(), "limit": limit, "today": today.isoformat()},
    ).fetchall()
    return [row_to_card(r) for r in rows]


def schema_version(conn: sqlite3.Connection) -> int:
    """The collection's schema version (PRAGMA user_version)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def has_interviews(conn: sqlite3.Connection) -> bool:
    """Whether any interview is stored (without one, the plan hooks have nothing to do)."""
    return conn.execute("SELECT 1 FROM interview LIMIT 1").fetchone() is not None


def deck_file_hashes(conn: sqlite3.Connection) -> dict[str, str]:
    """The content hash of every synced deck file, by its path key."""
    return {row["path"]: row["sha256"] for row in conn.execute("SELECT path, sha256 FROM deck_file")}


def deck_summaries(conn: sqlite3.Connection, today: date) -> list[DeckSummary]:
    """Counts per deck and per topic as of study day `today`, decks by name.

    Totals and new cards are read from topic_count (a row per topic); due, overdue and repeats are each one
    range query over a narrow index of card_state (see tables.CardStateRow).
    """
    params = {"today": today.isoformat()}
    # (deck, topic) -> [total, new, due, overdue, repeats, suspended]
    cells: dict[tuple[int, int | None], list[int]] = {}

    def add(sql: str, column: int) -> None:
        for deck_id, topic_id, count in conn.execute(sql, params):
            cells.setdefault((deck_id, topic_id), [0] * 6)[column] += count

    # Totals, suspended and open new cards come from topic_count (kept by triggers): a row per topic.
    for deck_id, topic_key, total, suspended, new_open in conn.execute(
        "SELECT deck_id, topic_key, total, suspended, new_open FROM topic_count WHERE total != 0"
    ):
        cell = cells.setdefault((deck_id, topic_key or None), [0] * 6)
        cell[0] += total
        cell[1] += new_open
        cell[5] += suspended
    group = "GROUP BY +s.deck_id, +s.topic_id"  # unary + keeps the planner on the range index
    # Open new cards that are buried today are not available: only the buried ones are read, by their index.
    add(
        "SELECT s.deck_id, s.topic_id, -count(*) FROM card_state s INDEXED BY ix_state_buried_new"
        " WHERE s.buried_until > :today AND s.due IS NULL AND s.active AND NOT s.suspended"
        " AND s.buried_until IS NOT NULL GROUP BY s.deck_id, s.topic_id",
        1,
    )
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


def next_due(
    conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...], decks_out: tuple[int, ...] = ()
) -> Card | None:
    """The most overdue available review card in scope (then by id), skipping `exclude` and the decks `decks_out`."""
    return _first(conn, scope, today, exclude, "s.due <= :today" + _not_in_decks(decks_out), "s.due, s.new_order, s.card_id")


def next_new(
    conn: sqlite3.Connection,
    scope: Scope,
    today: date,
    exclude: tuple[int, ...],
    decks_out: tuple[int, ...] = (),
    order: str | None = None,
) -> Card | None:
    """The first new card in scope, skipping `exclude` and the decks `decks_out`: in deck-file order, or by
    `order` (ORDER BY terms from db/deck_options.new_order_sql, using :seed = the day's ordinal)."""
    cond = "s.due IS NULL" + _not_in_decks(decks_out)
    return _first(conn, scope, today, exclude, cond, order or "s.new_order, s.card_id")


def _not_in_decks(decks: tuple[int, ...]) -> str:
    return f" AND s.deck_id NOT IN ({','.join(str(int(d)) for d in decks)})" if decks else ""


def next_repeat(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...]) -> Card | None:
    """The pending same-day repeat graded longest ago, skipping `exclude`."""
    return _first(conn, scope, today, exclude, "s.repeat_day = :today", "s.last_review_at, s.card_id")


def _first(
    conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...], cond: str, order: str
) -> Card | None:
    skip, skipped = _excluding(exclude)
    row = conn.execute(
        f"""SELECT {_CARD_SELECT} {_CARD_FROM}
            WHERE {cond} AND {_AVAILABLE} AND {scope.where()} {skip}
            ORDER BY {order} LIMIT 1""",
        {"today": today.isoformat(), "seed": today.toordinal(), **scope.params(), **skipped},
    ).fetchone()
    return row_to_card(row) if row else None


_EXCLUDE_SLOTS = 4  # `exclude` is bound in groups of this many parameters


def _excluding(exclude: tuple[int, ...]) -> tuple[str, dict[str, int]]:
    """`AND c.id NOT IN (:x0, ...)` and its parameters, padded with 0 (never a card id) to a multiple of
    _EXCLUDE_SLOTS: the SQL text stays the same from card to card, so sqlite3 reuses its prepared
    statement (preparing this join again cost about 0.2 ms of every next-card read)."""
    if not exclude:
        return "", {}
    slots = -(-len(exclude) // _EXCLUDE_SLOTS) * _EXCLUDE_SLOTS
    ids = [int(i) for i in exclude] + [0] * (slots - len(exclude))
    names = [f"x{n}" for n in range(slots)]
    return f"AND c.id NOT IN ({', '.join(':' + n for n in names)})", dict(zip(names, ids, strict=True))


def next_due_day(conn: sqlite3.Connection, today: date) -> date | None:
    """The first day after `today` on which any active, unsuspended card is due."""
    row = conn.execute(
        "SELECT min(due) FROM card_state WHERE active AND NOT suspended AND due > ?",
        (today.isoformat(),),
    ).fetchone()
    return parse_day(row[0])


def due_between(conn: sqlite3.Connection, first: date, last: date) -> int:
    """How many active, unsuspended cards fall due from `first` to `last` inclusive."""
    row = conn.execute(
        "SELECT count(*) FROM card_state WHERE active AND NOT suspended AND due BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    ).fetchone()
    return int(row[0])


def review_days(conn: sqlite3.Connection) -> list[date]:
    """Every distinct study day with at least one review, newest first."""
    rows = conn.execute("SELECT study_day FROM review_day WHERE answers > 0 ORDER BY study_day DESC").fetchall()
    return [day(r["study_day"]) for r in rows]


def reviews_of_card(conn: sqlite3.Connection, card_id: int) -> list[ReviewRecord]:
    """A card's review log, oldest first."""
    rows = conn.execute(
        """SELECT id, card_id, reviewed_at, study_day, grade, kind, seconds, interval_before,
                  interval_after, ef_before, ef_after FROM review WHERE card_id = ? ORDER BY id""",
        (card_id,),
    ).fetchall()
    return [
        ReviewRecord(
            r["id"], r["card_id"], r["reviewed_at"], day(r["study_day"]), r["grade"], ReviewKind(r["kind"]),
            r["seconds"], r["interval_before"], r["interval_after"], r["ef_before"], r["ef_after"],
        )
        for r in rows
    ]


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    """Every stored setting as text."""
    return {row["key"]: row["value"] for row in conn.execute("SELECT key, value FROM setting")}


def session_totals(conn: sqlite3.Connection, since_utc: str) -> tuple[int, int, int, float]:
    """(graded reviews, of which grade >= 3, same-day repeats, seconds) since an ISO UTC instant."""
    row = conn.execute(
        """SELECT coalesce(sum(kind = 'review'), 0), coalesce(sum(kind = 'review' AND grade >= 3), 0),
                  coalesce(sum(kind = 'repeat'), 0), coalesce(sum(seconds), 0)
           FROM review WHERE reviewed_at >= ?""",
        (since_utc,),
    ).fetchone()
    return row[0], row[1], row[2], float(row[3])
