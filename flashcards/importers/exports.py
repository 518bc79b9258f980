"""Write decks as our Markdown deck files (checked to read back identically) and the review log as CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TextIO

from flashcards.core.deck_format import (
    LEVELS,
    CardSpec,
    DeckFile,
    parse_deck,
    render_deck,
)
from flashcards.core.errors import DeckFormatError
from flashcards.importers.keys import is_valid_id

_HEADING = re.compile(r"^(#{2,3} )")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def render_checked(deck: DeckFile) -> tuple[str, list[str]]:
    """Deck-file text for `deck` and warnings for cards that had to change to fit the format.

    Each card is written, read back with the deck parser and compared; a card that does not
    come back identical is adjusted (and named in a warning) or, failing that, left out.
    """
    cards: list[CardSpec] = []
    warnings: list[str] = []
    for spec in deck.cards:
        if _round_trips(deck, spec):
            cards.append(spec)
            continue
        fixed = _fit(spec)
        if _round_trips(deck, fixed, compare=False):
            cards.append(fixed)
            warnings.append(
                f"{spec.card_id or spec.question[:40]!r}: changed to fit the deck format ({_what_changed(spec, fixed)})"
            )
        else:
            warnings.append(
                f"{spec.card_id or spec.question[:40]!r}: left out; it cannot be written in the deck format"
            )
    return render_deck(replace(deck, cards=tuple(cards))), warnings


def _round_trips(deck: DeckFile, spec: CardSpec, compare: bool = True) -> bool:
    try:
        back = parse_deck(render_deck(replace(deck, cards=(spec,))), deck.source).cards
    except DeckFormatError:
        return False
    return len(back) == 1 and (not compare or replace(back[0], line=0) == replace(spec, line=0))


def _fit(spec: CardSpec) -> CardSpec:
    """The nearest card the deck format can hold: one-line question, notes without card headings, valid fields."""
    return replace(
        spec,
        question=" ".join(spec.question.split()) or "(no question)",
        notes=_fit_notes(spec.notes),
        key_points=tuple(" ".join(p.split()) for p in spec.key_points if p.strip())[:6],
        card_id=spec.card_id if spec.card_id and is_valid_id(spec.card_id) else None,
        level=spec.level if spec.level in LEVELS else None,
        tags=tuple(t.replace(",", " ").strip() for t in spec.tags if t.replace(",", "").strip()),
        sources=" ".join(spec.sources.split()),
        line=0,
    )


def _fit_notes(notes: str) -> str:
    out, fence = [], None
    for line in notes.strip().split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
        elif match:
            fence = match.group(1)
        elif _HEADING.match(line):
            line = "\\" + line
        out.append(line)
    if fence is not None:
        out.append(fence)
    return "\n".join(out).strip("\n") or "(no notes)"


def _what_changed(old: CardSpec, new: CardSpec) -> str:
    names = [
        name
        for name in ("question", "notes", "key_points", "card_id", "level", "tags", "sources")
        if getattr(old, name) != getattr(new, name)
    ]
    return ", ".join(names) or "layout"


def write_reviews_csv(rows: Iterable[tuple[Any, ...]], columns: tuple[str, ...], out: TextIO) -> int:
    """Write review rows as CSV (header row, ISO dates, E-Factors as decimals) to `out`; return the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    ef_columns = {columns.index("ef_before"), columns.index("ef_after")}
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else (f"{v / 100:.2f}" if i in ef_columns else v) for i, v in enumerate(row)])
        count += 1
    return count
