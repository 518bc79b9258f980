"""The card browser's query syntax: `deck:"ML Engineer" is:suspended tag:kafka` plus free words, parsed into values.

Syntax (docs/card-search.md has the reference):

- free words match the question, answer notes, key points and tags (each word as a prefix,
  so `kaf` finds `kafka`; every word must match);
- `deck:NAME`, `topic:SLUG-OR-TITLE`, `tag:TAG`, `role:ROLE`, `level:LEVEL` filter by field
  (case-insensitive; quote values with spaces: `deck:"ML Engineer"`);
- `is:STATE` with STATE one of IS_STATES; `-` before a filter negates it (`-is:suspended`);
- any other `word:value` is free text.

Free text is data: it reaches SQLite's full-text index only as quoted strings built by
`fts_match`, so quotes, `*`, `NEAR`, `-`, `AND`, `OR`, `NOT` and parentheses are searched
for as the words they contain, never run as query syntax.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from flashcards.core.errors import FlashcardsError


class QueryError(FlashcardsError):
    """A search query that cannot be understood (an unknown state, an empty filter value, an open quote)."""


class Field(StrEnum):
    """What a `key:value` filter looks at."""

    DECK = "deck"
    TOPIC = "topic"
    TAG = "tag"
    ROLE = "role"
    LEVEL = "level"
    IS = "is"


class CardStatus(StrEnum):
    """The states `is:` filters on: the SM-2 stage, and the flags a card can carry."""

    NEW = "new"
    LEARNING = "learning"
    YOUNG = "young"
    MATURE = "mature"
    DUE = "due"
    SUSPENDED = "suspended"
    BURIED = "buried"
    FLAGGED = "flagged"
    LEECH = "leech"
    EDITED = "edited"


IS_STATES = tuple(s.value for s in CardStatus)


@dataclass(frozen=True)
class Filter:
    """One `key:value` term; `negated` for a leading `-`."""

    field: Field
    value: str
    negated: bool = False


@dataclass(frozen=True)
class CardQuery:
    """A parsed query: free words (matched in the full-text index) and field filters, all of which must hold."""

    words: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the query matches every card."""
        return not self.words and not self.filters


def parse_query(text: str) -> CardQuery:
    """Parse browser query text. Raises QueryError naming the term that is wrong."""
    # A lone surrogate (undecodable bytes on a command line) cannot be sent to SQLite as UTF-8.
    text = text.encode("utf-8", "replace").decode("utf-8")
    words: list[str] = []
    filters: list[Filter] = []
    for term in _terms(text):
        parsed = _filter(term)
        if parsed is None:
            words.append(term)
        else:
            filters.append(parsed)
    return CardQuery(tuple(w for w in words if has_token(w)), tuple(filters))


def _terms(text: str) -> list[str]:
    """Split on whitespace outside double quotes; quotes only group (`deck:"A B"` -> `deck: A B`)."""
    terms: list[str] = []
    current: list[str] = []
    quoted = False
    started = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            current.append(" ")  # a separator to the tokenizer, as in the card text (`a"b` holds two words)
            started = True
        elif ch.isspace() and not quoted:
            if started:
                terms.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
            started = True
    if started:
        terms.append("".join(current))
    return [term.strip() for term in terms]


def _filter(term: str) -> Filter | None:
    """The filter a term spells, or None for free text."""
    negated = term.startswith("-")
    body = term[1:] if negated else term
    key, sep, value = body.partition(":")
    key = key.strip()
    if not sep or key.lower() not in Field.__members__.values():
        return None
    field = Field(key.lower())
    value = value.strip()
    if not value:
        raise QueryError(f"{term!r}: {field.value}: needs a value, e.g. {_EXAMPLES[field]}")
    if field == Field.IS and value.lower() not in IS_STATES:
        raise QueryError(f"{term!r}: unknown state {value!r} (known: {', '.join(IS_STATES)})")
    return Filter(field, value.lower() if field == Field.IS else value, negated)


_EXAMPLES = {
    Field.DECK: 'deck:"ML Engineer"',
    Field.TOPIC: "topic:model-serving",
    Field.TAG: "tag:kafka",
    Field.ROLE: "role:mle",
    Field.LEVEL: "level:senior",
    Field.IS: "is:suspended",
}


def has_token(word: str) -> bool:
    """True if `word` holds a letter or digit, i.e. something the full-text index can look up."""
    return bool(tokens(word))


def tokens(text: str) -> list[str]:
    """The index's tokens of `text`: runs of letters and digits (the unicode61 tokenizer splits on everything else)."""
    out: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch.isalnum() or unicodedata.category(ch) == "Co":  # unicode61 keeps private-use characters too
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def fts_match(words: tuple[str, ...]) -> str | None:
    """An FTS5 MATCH expression requiring every token of every word as a prefix, or None if there is none.

    Each token becomes one quoted FTS5 string followed by `*` and they are joined by AND;
    a token holds only letters and digits, so nothing the user typed can be read as an
    operator, a column filter or a phrase.
    """
    parts = [f'"{token}"*' for word in words for token in tokens(word)]
    return " AND ".join(parts) if parts else None
