"""Import deck files in our own Markdown format as ImportedCards."""

from __future__ import annotations

from flashcards.core.deck_format import DeckFile, parse_deck
from flashcards.core.import_models import DeckInfo, ImportedCard, ParsedImport
from flashcards.importers import limits
from flashcards.importers.keys import question_key
from flashcards.importers.textfile import decode


def parse_markdown(data: bytes, source: str, path_key: str, *, deck: str | None = None) -> ParsedImport:
    """Parse a deck file; `deck` overrides its front matter's deck name.

    Cards that later disappear from the file are hidden on re-import (`track_removals`).
    Raises DeckFormatError naming `source:line`.
    """
    parsed = parse_deck(decode(data, source), source)
    guard = limits.current()
    for spec in parsed.cards:
        for text in (spec.question, spec.notes, *spec.key_points):
            if len(text) > limits.MAX_FIELD_CHARS:
                raise limits.field_too_big(source, spec.line, "", len(text))
        guard.card(source, spec.line, "", spec.question, spec.notes, spec.line)
    return deck_to_import(parsed, path_key, deck=deck)


def deck_to_import(parsed: DeckFile, path_key: str, *, deck: str | None = None) -> ParsedImport:
    """Turn a parsed deck file into an import keyed by id, else by `keys.question_key`."""
    name = deck or parsed.deck
    cards = tuple(
        ImportedCard(
            key=spec.card_id or question_key(name, spec.question),
            deck=name,
            question=spec.question,
            notes=spec.notes,
            record=f"line {spec.line}",
            key_points=spec.key_points,
            tags=spec.tags,
            level=spec.level,
            sources=spec.sources,
            topic=parsed.topic,
            topic_title=parsed.topic_title or parsed.topic,
        )
        for spec in parsed.cards
    )
    info = DeckInfo(name, role=parsed.role, description=parsed.description)
    return ParsedImport(
        source=parsed.source, format="markdown", path_key=path_key, cards=cards, decks=(info,), track_removals=True
    )
