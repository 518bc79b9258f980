"""Read queries for exports: a deck's cards grouped by topic, and the review log with card and deck names."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from flashcards.core.deck_format import CardSpec, DeckFile
from flashcards.core.errors import NotFoundError

REVIEW_COLUMNS = (
    "review_id", "card_id", "card_key", "deck", "question", "reviewed_at", "study_day", "grade", "kind", "seconds",
    "repetitions_before", "repetitions_after", "ef_before", "ef_after", "interval_before", "interval_after",
    "due_before", "due_after", "lapses_before", "lapses_after",
)  # fmt: skip


def deck_files(conn: sqlite3.Connection, name: str) -> list[tuple[DeckFile, tuple[str, ...]]]:
    """The active cards of deck `name` as one DeckFile per topic, each with its cards' keys.

    Raises NotFoundError if there is no such deck (matched case-insensitively).
    """
    row = conn.execute(
        "SELECT id, name, role, description FROM deck WHERE name = ? OR lower(name) = lower(?) ORDER BY name = ? DESC",
        (name, name, name),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no deck named {name!r}")
    deck_id, deck_name, role, description = row
    rows = conn.execute(
        "SELECT c.key, c.question, c.notes, c.key_points, c.level, c.tags, c.sources, t.slug, t.title"
        " FROM card c LEFT JOIN topic t ON t.id = c.topic_id WHERE c.deck_id = ? AND c.active"
        " ORDER BY t.slug IS NOT NULL, t.slug, c.position, c.id",
        (deck_id,),
    ).fetchall()
    groups: dict[tuple[str | None, str | None], list[sqlite3.Row]] = {}
    for r in rows:
        groups.setdefault((r[7], r[8]), []).append(r)
    out = []
    for (slug, title), items in groups.items():
        cards = tuple(
            CardSpec(question=r[1], notes=r[2], key_points=tuple(json.loads(r[3])), card_id=r[0], level=r[4],
                     tags=tuple(json.loads(r[5])), sources=r[6] or "")
            for r in items
        )  # fmt: skip
        deck = DeckFile(
            source=deck_name,
            deck=deck_name,
            role=role,
            topic=slug,
            topic_title=title,
            description=description,
            cards=cards,
        )
        out.append((deck, tuple(r[0] for r in items)))
    if not out:
        out.append((DeckFile(source=deck_name, deck=deck_name, role=role, description=description), ()))
    return out


def review_rows(conn: sqlite3.Connection, deck: str | None = None) -> Iterator[tuple[object, ...]]:
    """Every review (of deck `deck` if given), oldest first, in the order of REVIEW_COLUMNS."""
    where, params = ("WHERE d.name = ?", (deck,)) if deck else ("", ())
    yield from conn.execute(
        "SELECT r.id, r.card_id, c.key, d.name, c.question, r.reviewed_at, r.study_day, r.grade, r.kind, r.seconds,"
        " r.repetitions_before, r.repetitions_after, r.ef_before, r.ef_after, r.interval_before, r.interval_after,"
        " r.due_before, r.due_after, r.lapses_before, r.lapses_after"
        f" FROM review r JOIN card c ON c.id = r.card_id JOIN deck d ON d.id = c.deck_id {where} ORDER BY r.id",
        params,
    )
