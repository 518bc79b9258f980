"""Writes of card text from inside the app: add cards to a user deck, edit a card, settle a user edit against its file.

An edit to a card that came from a deck file (bundled or imported) keeps the file's version
in `card_upstream`; the import planner (db/import_writes.py) then updates only that copy,
so the user's text survives every sync, and marks it `changed` when the file moved on.
The search index follows every write by trigger (db/search_index.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine

from flashcards.core.deck_format import CardSpec
from flashcards.core.errors import DeckFormatError, NotFoundError
from flashcards.db.writes import CARD, STATE, TOPIC, UPSTREAM, insert_deck, user_deck

_TEXT = ("question", "notes", "key_points", "level", "tags", "sources")


@dataclass(frozen=True)
class NewCard:
    """A card to add: its identity key and its content as parsed from deck-format text."""

    key: str
    spec: CardSpec


def _text_values(spec: CardSpec) -> dict[str, Any]:
    return {
        "question": spec.question,
        "notes": spec.notes,
        "key_points": json.dumps(list(spec.key_points), ensure_ascii=False),
        "level": spec.level,
        "tags": json.dumps(list(spec.tags), ensure_ascii=False),
        "sources": spec.sources,
    }


def _topic(conn: Any, deck_id: int, topic: tuple[str, str] | None) -> int | None:
    if topic is None:
        return None
    slug, title = topic
    found = conn.execute(select(TOPIC.c.id).where(TOPIC.c.deck_id == deck_id, TOPIC.c.slug == slug)).first()
    if found is not None:
        return int(found[0])
    inserted = conn.execute(insert(TOPIC).values(deck_id=deck_id, slug=slug, title=title)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def add_cards(
    engine: Engine, deck_name: str, cards: list[NewCard], source: str, now: str, topic: tuple[str, str] | None = None
) -> list[int]:
    """Add new cards at the end of the user deck `deck_name` (created if missing) in one transaction; their ids.

    Raises DeckFormatError naming `source:line` for a key already used by another card, and
    FlashcardsError for a bundled deck; nothing is written then.
    """
    with engine.begin() as conn:
        try:
            deck_id = user_deck(conn, deck_name)
        except NotFoundError:
            deck_id = insert_deck(conn, deck_name, now)
        keys = [card.key for card in cards]
        taken = dict(conn.execute(select(CARD.c.key, CARD.c.id).where(CARD.c.key.in_(keys))).all())
        for card in cards:
            if card.key in taken:
                raise DeckFormatError(
                    source, card.spec.line, f"card id {card.key!r} is already used by card {taken[card.key]}"
                )
        topic_id = _topic(conn, deck_id, topic)
        last = select(func.coalesce(func.max(CARD.c.position), -1)).where(CARD.c.deck_id == deck_id)
        position = int(conn.execute(last).scalar_one())
        ids = []
        for card in cards:
            position += 1
            inserted = conn.execute(
                insert(CARD).values(
                    key=card.key, deck_id=deck_id, topic_id=topic_id, source_file=None, position=position, active=True,
                    created_at=now, updated_at=now, **_text_values(card.spec),
                )
            ).inserted_primary_key  # fmt: skip
            assert inserted is not None
            card_id = int(inserted[0])
            conn.execute(
                insert(STATE).values(card_id=card_id, deck_id=deck_id, topic_id=topic_id, active=True, new_order=position)
            )
            ids.append(card_id)
        return ids


def edit_card(engine: Engine, card_id: int, spec: CardSpec, now: str) -> bool:
    """Replace a card's text with `spec`, keeping its identity and progress; True if anything changed.

    For a card from a deck file, the file's version is kept aside first (see the module
    docstring); an edit that brings the text back to the file's version drops that copy.
    Raises NotFoundError for an unknown card.
    """
    values = _text_values(spec)
    with engine.begin() as conn:
        row = conn.execute(select(CARD).where(CARD.c.id == card_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no card with id {card_id}")
        current = {name: row[name] for name in _TEXT}
        if current == values:
            return False
        upstream = conn.execute(select(UPSTREAM).where(UPSTREAM.c.card_id == card_id)).mappings().first()
        if upstream is None and row["source_file"] is not None:
            conn.execute(insert(UPSTREAM).values(card_id=card_id, changed=False, edited_at=now, **current))
        elif upstream is not None and {name: upstream[name] for name in _TEXT} == values:
            conn.execute(delete(UPSTREAM).where(UPSTREAM.c.card_id == card_id))
        elif upstream is not None:
            conn.execute(update(UPSTREAM).where(UPSTREAM.c.card_id == card_id).values(edited_at=now))
        conn.execute(update(CARD).where(CARD.c.id == card_id).values(updated_at=now, **values))
        return True


def settle_edit(engine: Engine, card_id: int, take_file: bool, now: str) -> None:
    """After the file's version of an edited card changed: take it (the user's edit is dropped) or keep the
    user's version (the report is cleared until the file changes again).

    Raises NotFoundError if the card has no edit kept against a file.
    """
    with engine.begin() as conn:
        upstream = conn.execute(select(UPSTREAM).where(UPSTREAM.c.card_id == card_id)).mappings().first()
        if upstream is None:
            raise NotFoundError(f"card {card_id} has no edit of yours kept against its deck file")
        if take_file:
            conn.execute(
                update(CARD).where(CARD.c.id == card_id).values(updated_at=now, **{n: upstream[n] for n in _TEXT})
            )
            conn.execute(delete(UPSTREAM).where(UPSTREAM.c.card_id == card_id))
        else:
            conn.execute(update(UPSTREAM).where(UPSTREAM.c.card_id == card_id).values(changed=False))
