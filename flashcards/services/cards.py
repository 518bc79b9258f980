"""CardsService: the card browser's use cases (search, show, actions, edit, add, user decks), for the TUI and the CLI.

Card text coming in (an edit, cards to add) is validated by the deck parser
(core/deck_format.py), so anything saved can be exported and imported again, and every
problem is reported as `source:line: what is wrong` with nothing written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.core.browse import CardListing, SearchPage, SortKey
from flashcards.core.card_query import parse_query
from flashcards.core.deck_format import CardSpec, DeckFile, parse_deck, render_deck
from flashcards.core.errors import DeckFormatError, FlashcardsError, NotFoundError
from flashcards.core.models import Card
from flashcards.db import card_search
from flashcards.db.collection import Collection
from flashcards.services.errors import storage_errors

if TYPE_CHECKING:
    from flashcards.services.study import StudyService

# db.writes and db.card_writes are imported inside the methods (deferred): they import SQLAlchemy,
# which searching never needs.

SEARCH_LIMIT = 500


@dataclass(frozen=True)
class FileVersion:
    """The deck file's version of a card the user edited, and whether the file changed since the edit."""

    card_id: int
    spec: CardSpec
    changed: bool


class CardsService:
    """Find, change, edit and add cards in one Collection; each write is one transaction over every card given."""

    def __init__(self, collection: Collection, study: StudyService) -> None:
        self.collection = collection
        self.study = study

    @property
    def db_path(self) -> Path:
        """The collection file (named in error messages)."""
        return self.collection.path

    # -- reads -------------------------------------------------------------------------------

    @storage_errors
    def search(
        self,
        text: str,
        sort: SortKey = SortKey.DECK,
        descending: bool = False,
        limit: int = SEARCH_LIMIT,
        count: bool = True,
    ) -> SearchPage:
        """The first `limit` cards matching the query `text` (see core/card_query.py) and how many match.

        Without `count` the total of a full page is left None, to be read with `count`
        (the browser shows the rows first). Raises QueryError for a query that cannot be understood.
        """
        query = parse_query(text)
        today = self.collection.today()
        with self.collection.read() as conn:
            return card_search.search(
                conn, query, today, text=text, sort=sort, descending=descending, limit=limit, count=count
            )

    @storage_errors
    def count(self, text: str) -> int:
        """How many cards match the query `text`. Raises QueryError."""
        query = parse_query(text)
        today = self.collection.today()
        with self.collection.read() as conn:
            return card_search.count_matches(conn, query, today)

    @storage_errors
    def matching_ids(self, text: str) -> list[int]:
        """The ids of every card matching the query `text`. Raises QueryError."""
        query = parse_query(text)
        today = self.collection.today()
        with self.collection.read() as conn:
            return card_search.matching_ids(conn, query, today)

    @storage_errors
    def resolve(self, ref: str) -> int:
        """The id of the card named by `ref` (its number or its key). Raises NotFoundError."""
        with self.collection.read() as conn:
            found = card_search.card_id_of(conn, ref)
        if found is None:
            raise NotFoundError(f"no card with id {ref!r}")
        return found

    @storage_errors
    def listing(self, card_id: int) -> CardListing:
        """One card as the browser lists it. Raises NotFoundError."""
        today = self.collection.today()
        with self.collection.read() as conn:
            found = card_search.listing(conn, card_id, today)
        if found is None:
            raise NotFoundError(f"no card with id {card_id}")
        return found

    def get(self, card_id: int) -> Card:
        """One card by id. Raises NotFoundError."""
        return self.study.get_card(card_id)

    def card_text(self, card_id: int) -> str:
        """The card in our deck format (front matter naming its deck, then the card), as `$EDITOR` shows it."""
        card = self.get(card_id)
        deck = DeckFile(source=f"card {card_id}", deck=card.deck, topic=card.topic, cards=(_spec(card),))
        return render_deck(deck)

    @storage_errors
    def file_version(self, card_id: int) -> FileVersion | None:
        """The deck file's version of a card the user edited, or None if the card is not edited."""
        with self.collection.read() as conn:
            row = card_search.file_version(conn, card_id)
        if row is None:
            return None
        spec = CardSpec(
            question=str(row["question"]), notes=str(row["notes"]),
            key_points=tuple(json.loads(str(row["key_points"]))), level=str(row["level"]) if row["level"] else None,
            tags=tuple(json.loads(str(row["tags"]))), sources=str(row["sources"]),
        )  # fmt: skip
        return FileVersion(card_id, spec, bool(row["changed"]))

    @storage_errors
    def changed_in_files(self) -> list[int]:
        """Cards you edited whose deck file changed since (take the file's version or keep yours)."""
        with self.collection.read() as conn:
            return card_search.changed_upstream(conn)

    # -- actions -----------------------------------------------------------------------------

    @storage_errors
    def suspend(self, card_ids: list[int], suspended: bool = True) -> int:
        """Suspend cards (out of every queue) or unsuspend them; how many. Raises NotFoundError (nothing written)."""
        from flashcards.db import writes

        return writes.set_marks(self.collection.engine, card_ids, suspended=suspended)

    @storage_errors
    def bury(self, card_ids: list[int], buried: bool = True) -> int:
        """Hide cards until tomorrow's study day, or make buried cards available again today."""
        from flashcards.db import writes

        until = (self.collection.today() + timedelta(days=1)).isoformat() if buried else None
        return writes.set_marks(self.collection.engine, card_ids, buried_until=until)

    @storage_errors
    def flag(self, card_ids: list[int], flagged: bool = True) -> int:
        """Flag cards (find them again with `is:flagged`) or clear the flag."""
        from flashcards.db import writes

        return writes.set_marks(self.collection.engine, card_ids, flagged=flagged)

    @storage_errors
    def clear_leech(self, card_ids: list[int]) -> int:
        """Take the leech mark off cards (after fixing them); they stay suspended until unsuspended."""
        from flashcards.db import writes

        return writes.set_marks(self.collection.engine, card_ids, leech=False)

    @storage_errors
    def forget(self, card_ids: list[int]) -> int:
        """Put cards back to new; their review history is kept."""
        from flashcards.db import writes

        return writes.forget(self.collection.engine, card_ids)

    @storage_errors
    def delete(self, card_ids: list[int]) -> int:
        """Delete user cards and their history. Raises FlashcardsError for a bundled card (nothing deleted)."""
        from flashcards.db import writes

        return writes.delete_cards(self.collection.engine, card_ids)

    @storage_errors
    def move(self, card_ids: list[int], deck: str) -> int:
        """Move user cards to the user deck `deck`. Raises NotFoundError or FlashcardsError (nothing moved)."""
        from flashcards.db import writes

        return writes.move_cards(self.collection.engine, card_ids, deck, self.collection.now_text())

    # -- decks -------------------------------------------------------------------------------

    def user_decks(self) -> list[str]:
        """The names of the decks cards can be added to or moved into (every deck but the bundled ones)."""
        with self.collection.read() as conn:
            return card_search.user_decks(conn)

    @storage_errors
    def create_deck(self, name: str) -> int:
        """Create an empty deck of your own; its id. Raises FlashcardsError for an empty or taken name."""
        from flashcards.db import writes

        return writes.create_deck(self.collection.engine, name, self.collection.now_text())

    @storage_errors
    def rename_deck(self, old: str, new: str) -> None:
        """Rename one of your decks. Raises NotFoundError or FlashcardsError (bundled deck, taken name)."""
        from flashcards.db import writes

        writes.rename_deck(self.collection.engine, old, new)

    # -- edit and add ------------------------------------------------------------------------

    @storage_errors
    def edit_text(self, card_id: int, text: str) -> bool:
        """Replace a card's text with one card in deck format (as `card_text` wrote it); True if it changed.

        Progress is kept. Raises DeckFormatError (`card N:line: what is wrong`) for text that
        is not exactly one valid card or that changes the card's id.
        """
        card = self.get(card_id)
        source = f"card {card_id}"
        parsed = parse_deck(text, source)
        if len(parsed.cards) != 1:
            raise DeckFormatError(source, None, f"expected exactly one card ('## question'), found {len(parsed.cards)}")
        spec = parsed.cards[0]
        if spec.card_id is not None and spec.card_id != card.key:
            raise DeckFormatError(source, spec.line, f"the id cannot change (it is {card.key!r}); progress is kept by it")
        return self._save(card_id, spec)

    @storage_errors
    def edit(
        self,
        card_id: int,
        *,
        question: str,
        notes: str,
        key_points: tuple[str, ...],
        tags: tuple[str, ...],
        level: str | None,
    ) -> bool:
        """Replace a card's question, notes, key points, tags and level (the in-app form); True if it changed.

        The values are checked by writing them as deck text and parsing it back. Raises DeckFormatError.
        """
        card = self.get(card_id)
        spec = replace(
            _spec(card), question=question, notes=notes, key_points=key_points, tags=tags, level=level or None
        )
        return self._save(card_id, _round_trip(spec, card.deck, f"card {card_id}"))

    def _save(self, card_id: int, spec: CardSpec) -> bool:
        from flashcards.db import card_writes

        return card_writes.edit_card(self.collection.engine, card_id, spec, self.collection.now_text())

    @storage_errors
    def settle_edit(self, card_id: int, take_file: bool) -> None:
        """For a card you edited whose file changed: take the file's version, or keep yours."""
        from flashcards.db import card_writes

        card_writes.settle_edit(self.collection.engine, card_id, take_file, self.collection.now_text())

    @storage_errors
    def add_text(self, deck: str, text: str, source: str = "<stdin>") -> list[int]:
        """Add the cards of deck-format text to the user deck `deck` (created if missing); their ids.

        The text may be a whole deck file (its `deck:` is replaced by `deck`) or only cards
        (`## question` ...). Raises DeckFormatError naming `source:line`, FlashcardsError for a
        bundled deck; nothing is written then.
        """
        front = "---" if text.lstrip("\ufeff").lstrip().startswith("---") else None
        offset = 0
        if front is None:
            head = f"---\ndeck: {deck}\n---\n"
            text, offset = head + text, head.count("\n")
        try:
            parsed = parse_deck(text, source)
        except DeckFormatError as err:
            line = err.line - offset if err.line is not None and err.line > offset else err.line
            raise DeckFormatError(source, line, err.message) from err
        if not parsed.cards:
            raise DeckFormatError(source, None, "no cards found (a card starts with '## question')")
        return self._add(deck, parsed, source, offset)

    @storage_errors
    def add(
        self, deck: str, *, question: str, notes: str, key_points: tuple[str, ...], tags: tuple[str, ...], level: str | None
    ) -> int:
        """Add one card (the in-app form) to the user deck `deck`; its id. Raises DeckFormatError or FlashcardsError."""
        spec = _round_trip(
            CardSpec(question=question, notes=notes, key_points=key_points, tags=tags, level=level or None), deck, "new card"
        )
        parsed = DeckFile(source="new card", deck=deck, cards=(spec,))
        return self._add(deck, parsed, "new card", 0)[0]

    def _add(self, deck: str, parsed: DeckFile, source: str, offset: int) -> list[int]:
        from flashcards.db import card_writes
        from flashcards.importers.keys import question_key

        if not deck.strip():
            raise FlashcardsError("a deck needs a name")
        cards = [
            card_writes.NewCard(spec.card_id or question_key(deck, spec.question), replace(spec, line=max(0, spec.line - offset)))
            for spec in parsed.cards
        ]
        topic = (parsed.topic, parsed.topic_title or parsed.topic) if parsed.topic else None
        return card_writes.add_cards(self.collection.engine, deck.strip(), cards, source, self.collection.now_text(), topic)


def _spec(card: Card) -> CardSpec:
    return CardSpec(
        question=card.question, notes=card.notes, key_points=card.key_points, card_id=card.key, level=card.level,
        tags=card.tags, sources=card.sources,
    )  # fmt: skip


def _round_trip(spec: CardSpec, deck: str, source: str) -> CardSpec:
    """`spec` written as deck text and parsed back: the deck parser's checks, and the exact values a file would hold."""
    if "\n" in spec.question.strip():
        raise DeckFormatError(source, None, "the question must be one line")
    text = render_deck(DeckFile(source=source, deck=deck or "deck", cards=(spec,)))
    parsed = parse_deck(text, source)
    if len(parsed.cards) != 1:
        raise DeckFormatError(source, None, "the notes must not contain a line starting with '## ' (it starts a new card)")
    return parsed.cards[0]
