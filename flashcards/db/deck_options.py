"""Per-deck study options: read and write the deck_option table, today's work per deck, new-card order as SQL."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from flashcards.core.deck_options import DeckOptions, NewOrder
from flashcards.core.errors import NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# The reads use plain sqlite3 (the queue and the home screen read options; they never wait for SQLAlchemy);
# the write imports SQLAlchemy and the table models when it runs.


def has_options(conn: sqlite3.Connection) -> bool:
    """True when any deck has options of its own (else every deck follows the global settings)."""
    return bool(all_options(conn, first_only=True))


def all_options(conn: sqlite3.Connection, first_only: bool = False) -> dict[int, DeckOptions]:
    """Every deck's own options, by deck id (decks without a row are not listed)."""
    sql = "SELECT deck_id, new_per_day, reviews_per_day, new_order FROM deck_option" + (" LIMIT 1" if first_only else "")
    try:
        rows = conn.execute(sql).fetchall()
    except sqlite3.OperationalError as err:
        # A schema-5 file written before deck_option was part of schema 5 (development builds) has no
        # options yet; the first save creates the table (save_options).
        if "no such table" in str(err):
            return {}
        raise
    return {
        row["deck_id"]: DeckOptions(row["new_per_day"], row["reviews_per_day"], NewOrder(row["new_order"]))
        for row in rows
    }


def done_by_deck(conn: sqlite3.Connection, today: date) -> dict[int, tuple[int, int]]:
    """(scheduled reviews, new cards learned) on study day `today`, per deck the card is in now."""
    rows = conn.execute(
        """SELECT s.deck_id, coalesce(sum(r.due_before IS NOT NULL), 0), coalesce(sum(r.due_before IS NULL), 0)
           FROM review r JOIN card_state s ON s.card_id = r.card_id
           WHERE r.study_day = ? AND r.kind = 'review' GROUP BY s.deck_id""",
        (today.isoformat(),),
    )
    return {deck_id: (reviews, new) for deck_id, reviews, new in rows}


def _rank(order: NewOrder) -> str:
    """An ORDER BY key (on card_state s, card c) that puts a deck's new cards in `order`; :seed varies it by day."""
    if order == NewOrder.RANDOM:
        # A multiplicative hash of the card id, salted by the day: a fixed shuffle for the day (undo and the
        # count agree with the next card), a new one tomorrow; taken into the file positions' range.
        return "((s.card_id * 2654435761 + :seed * 40503) % 1000003) % 1000"
    if order == NewOrder.LEVEL:
        return (
            "(CASE c.level WHEN 'basic' THEN 0 WHEN 'mid' THEN 1 WHEN 'senior' THEN 2 ELSE 3 END) * 100000 + s.new_order"
        )
    return "s.new_order"


def new_order_sql(options: dict[int, DeckOptions], deck_id: int | None) -> str | None:
    """ORDER BY terms for the next new card in a scope (deck `deck_id`, None for every deck), or None for
    file order everywhere. Uses the parameter :seed (the study day's ordinal)."""
    if deck_id is not None:
        own = options.get(deck_id)
        return None if own is None or own.new_order == NewOrder.FILE else f"{_rank(own.new_order)}, s.card_id"
    special = {d: o.new_order for d, o in sorted(options.items()) if o.new_order != NewOrder.FILE}
    if not special:
        return None
    cases = " ".join(f"WHEN {int(d)} THEN {_rank(order)}" for d, order in special.items())
    return f"CASE s.deck_id {cases} ELSE s.new_order END, s.card_id"


def deck_ids(conn: sqlite3.Connection) -> list[int]:
    """Every deck's id."""
    return [row[0] for row in conn.execute("SELECT id FROM deck ORDER BY id")]


def deck_named(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """(id, exact name) of the deck called `name` (case-insensitive), or None."""
    for deck_id, deck_name in conn.execute("SELECT id, name FROM deck ORDER BY id"):
        if deck_name.casefold() == name.strip().casefold():
            return int(deck_id), str(deck_name)
    return None


def save_options(engine: Engine, deck_id: int, options: DeckOptions) -> None:
    """Store a deck's own options (the defaults remove its row), in one transaction. Raises NotFoundError."""
    from sqlalchemy import delete, select
    from sqlalchemy.dialects.sqlite import insert

    from flashcards.db.tables import DeckOptionRow, DeckRow

    table = DeckOptionRow.__table__  # type: ignore[attr-defined]
    decks = DeckRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        table.create(conn, checkfirst=True)  # see all_options
        if conn.execute(select(decks.c.id).where(decks.c.id == deck_id)).first() is None:
            raise NotFoundError(f"no deck with id {deck_id}")
        if options.is_default:
            conn.execute(delete(table).where(table.c.deck_id == deck_id))
            return
        values = {
            "new_per_day": options.new_per_day,
            "reviews_per_day": options.reviews_per_day,
            "new_order": options.new_order.value,
        }
        conn.execute(
            insert(table).values(deck_id=deck_id, **values).on_conflict_do_update(index_elements=["deck_id"], set_=values)
        )
