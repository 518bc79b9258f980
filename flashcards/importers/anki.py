"""Import Anki .apkg/.colpkg packages: notes become cards (basic, reversed, cloze) with decks, tags and history."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flashcards.core.clock import DayRule
from flashcards.core.errors import DeckFormatError
from flashcards.core.import_models import DeckInfo, ImportedCard, ParsedImport, SkippedRecord
from flashcards.importers import limits
from flashcards.importers.anki_collection import AnkiCard, Collection, read_collection
from flashcards.importers.anki_history import map_history
from flashcards.importers.anki_package import read_package
from flashcards.importers.anki_render import RenderTooBig, UnclosedTag, render_card
from flashcards.importers.html_text import html_to_text
from flashcards.importers.keys import guid_key


def parse_anki(
    path: Path, source: str, *, deck: str | None = None, with_history: bool = False, rule: DayRule | None = None
) -> ParsedImport:
    """Read an Anki package into cards; `deck` overrides every card's deck.

    With `with_history`, each card carries its SM-2-mapped state and review log (study days
    from `rule`). Raises DeckFormatError for a package that cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="flashcards-anki-") as tmp:
        package, db_file = read_package(path, source, Path(tmp))
        col = read_collection(db_file, source, package.member, with_history)
    media = {item.name: item.stored_name for item in package.media}
    cards: list[ImportedCard] = []
    skipped: list[SkippedRecord] = []
    seen: dict[str, str] = {}
    guard = limits.current()
    for card in col.cards:
        outcome = _card(col, card, deck, media, with_history, rule or DayRule(), source)
        if isinstance(outcome, SkippedRecord):
            skipped.append(outcome)
            continue
        guard.card(source, None, outcome.record, outcome.question, outcome.notes, card.nid)
        if outcome.key in seen:
            skipped.append(SkippedRecord(outcome.record, f"same GUID as {seen[outcome.key]}"))
        else:
            seen[outcome.key] = outcome.record
            cards.append(outcome)
    notes = list(package.notes)
    if media:
        notes.append(f"{len(media)} media file(s), stored under media/ in the data folder")
    decks = tuple(DeckInfo(name) for name in dict.fromkeys(c.deck for c in cards))
    return ParsedImport(
        source=source,
        format="anki",
        path_key=f"file:{path.resolve()}",
        cards=tuple(cards),
        skipped=tuple(skipped),
        notes=tuple(notes),
        decks=decks,
        media=package.media,
    )


def _card(
    col: Collection,
    card: AnkiCard,
    deck: str | None,
    media: dict[str, str],
    with_history: bool,
    rule: DayRule,
    source: str,
) -> ImportedCard | SkippedRecord:
    """One Anki card as an ImportedCard, or why it is skipped."""
    note = col.notes.get(card.nid)
    if note is None:
        return SkippedRecord(f"card {card.id}", "its note is missing from the collection")
    record = f"note {note.guid!r} card {card.ord + 1}"
    notetype = col.notetypes.get(note.mid)
    if notetype is None:
        return SkippedRecord(record, "its note type is missing from the collection")
    deck_name = deck or col.decks.get(card.odid or card.did) or "Default"
    try:
        question_html, answer_html = render_card(notetype, note, card.ord, deck_name)
    except RenderTooBig as err:
        raise limits.card_too_big(source, None, record, err.args[0]) from err
    except UnclosedTag as err:
        raise DeckFormatError(
            source,
            None,
            f"{record}: note type {notetype.name!r} has a template with a '{{{{' that no '}}}}' closes; refused",
        ) from err
    question = html_to_text(question_html, media).strip()
    notes = html_to_text(answer_html, media).strip()
    if not question:
        return SkippedRecord(record, "empty question")
    if not notes:
        return SkippedRecord(record, "empty answer")
    history = map_history(card, col.revlog.get(card.id, []), col.crt, rule) if with_history else None
    return ImportedCard(
        key=guid_key(note.guid, card.ord),
        deck=deck_name,
        question=question,
        notes=notes,
        record=record,
        tags=note.tags,
        history=history,
    )
