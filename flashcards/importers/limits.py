"""The size, count and time limits every import runs within, and the Guard that enforces the running ones.

A hostile file must not exhaust memory, disk or CPU: each limit below is checked while the
file is read (never after the whole thing is in memory), and a file over a limit is refused
with a message naming the file, the record and the limit. README.md ("Import limits") lists them.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flashcards.core.errors import DeckFormatError, ImportCancelled

MiB = 1 << 20

MAX_TEXT_FILE_BYTES = 64 * MiB  # a CSV/TSV/Markdown file
MAX_LINE_CHARS = 8 * MiB  # one physical line of a CSV/TSV file (a quoted field may span lines)
MAX_FIELD_CHARS = 1 * MiB  # one field of a note or row, one question or answer of a deck file
MAX_CARD_CHARS = 2 * MiB  # question + answer of one card, after templates and clozes are applied
MAX_CARDS_PER_NOTE = 500  # cards one note or row may make (cloze numbers c1..c500)
MAX_NOTE_CHARS = 8 * MiB  # all the cards one note or row makes, together
MAX_IMPORT_CHARS = 128 * MiB  # all the card text of one import (every file of it)
MAX_IMPORT_CARDS = 1_000_000  # cards of one import

MAX_COLLECTION_BYTES = 512 * MiB  # an Anki collection, unpacked
MAX_MEDIA_FILE_BYTES = 256 * MiB  # one media file, unpacked
MAX_MEDIA_BYTES = 1024 * MiB  # all media of one package, unpacked (each distinct member counted once)
MAX_MEDIA_MAP_BYTES = 16 * MiB  # the media map, unpacked
MAX_MEDIA_ENTRIES = 100_000  # entries in the media map
MAX_SQLITE_VALUE_BYTES = 16 * MiB  # any one value SQLite reads from a collection (sqlite3 length limit)
SQLITE_SECONDS = 30.0  # time reading an Anki collection may take

_current: ContextVar[Guard | None] = ContextVar("import_guard", default=None)


def size(chars: int) -> str:
    """`chars` (or bytes) in words: `1 MiB`, `512 MiB`, `1,000 characters`."""
    if chars >= MiB and chars % MiB == 0:
        return f"{chars // MiB:,} MiB"
    return f"{chars:,}"


class Guard:
    """The running totals of one import (and of the note being read), and its cancel flag.

    `cancel` (a threading.Event) is set by whoever started the import (the import screen, on
    quitting or on a newer preview); every loop of the importers calls `check()`, which raises
    ImportCancelled once it is set.
    """

    def __init__(self, cancel: threading.Event | None = None) -> None:
        self.cancel = cancel or threading.Event()
        self.chars = 0
        self.cards = 0
        self.note: object = None
        self.note_chars = 0

    def check(self) -> None:
        """Raise ImportCancelled if the import was cancelled."""
        if self.cancel.is_set():
            raise ImportCancelled("import cancelled")

    def card(self, source: str, line: int | None, record: str, question: str, answer: str, note: object) -> None:
        """Count one card of note `note` (any key; a row, an Anki note); raise DeckFormatError naming `record`.

        Refuses a card over MAX_CARD_CHARS, the cards of one note past MAX_NOTE_CHARS together
        (cloze amplification: one note of many clozes, each card the whole text), and the import
        past MAX_IMPORT_CARDS or MAX_IMPORT_CHARS.
        """
        chars = len(question) + len(answer)
        if chars > MAX_CARD_CHARS:
            raise card_too_big(source, line, record, chars)
        if note != self.note:
            self.note, self.note_chars = note, 0
        self.note_chars += chars
        if self.note_chars > MAX_NOTE_CHARS:
            raise note_too_big(source, line, record)
        # add_card, inline: this runs once per card of a 100k-row file
        if self.cancel.is_set():
            raise ImportCancelled("import cancelled")
        self.cards += 1
        self.chars += chars
        if self.cards > MAX_IMPORT_CARDS or self.chars > MAX_IMPORT_CHARS:
            self.cards -= 1
            self.chars -= chars
            self.add_card(source, record, chars, line)  # raises the error naming the limit

    def add_card(self, source: str, record: str, chars: int, line: int | None = None) -> None:
        """Count one card of `chars` characters; raise DeckFormatError naming `record` past a total limit."""
        self.check()
        self.cards += 1
        self.chars += chars
        if self.cards > MAX_IMPORT_CARDS:
            raise DeckFormatError(
                source, line, f"{_at(record)}more than {MAX_IMPORT_CARDS:,} cards in one import; refused"
            )
        if self.chars > MAX_IMPORT_CHARS:
            raise DeckFormatError(
                source, line, f"{_at(record)}the import's card text passes {size(MAX_IMPORT_CHARS)}; refused"
            )


def current() -> Guard:
    """The guard of the import running in this context; a fresh one (counting one file) if none was started."""
    return _current.get() or Guard()


@contextmanager
def guarded(cancel: threading.Event | None = None) -> Iterator[Guard]:
    """Run one import (all of its files) under a new Guard with the given cancel flag."""
    guard = Guard(cancel)
    token = _current.set(guard)
    try:
        yield guard
    finally:
        _current.reset(token)


def check() -> None:
    """Raise ImportCancelled if the current import was cancelled (cheap; call it in loops)."""
    guard = _current.get()
    if guard is not None and guard.cancel.is_set():
        raise ImportCancelled("import cancelled")


def _at(record: str) -> str:
    return f"{record}: " if record else ""


def field_too_big(source: str, line: int | None, record: str, chars: int) -> DeckFormatError:
    """The error for a field of `chars` characters, over MAX_FIELD_CHARS."""
    return DeckFormatError(
        source, line, f"{_at(record)}a field of {chars:,} characters is over the {size(MAX_FIELD_CHARS)} limit; refused"
    )


def too_many_cards(source: str, line: int | None, record: str, count: int) -> DeckFormatError:
    """The error for a note or row that would make `count` cards, over MAX_CARDS_PER_NOTE."""
    what = "row" if line else "note"
    return DeckFormatError(
        source, line, f"{_at(record)}{count:,} cards from one {what}, over the {MAX_CARDS_PER_NOTE} limit; refused"
    )


def note_too_big(source: str, line: int | None, record: str) -> DeckFormatError:
    """The error for the cards of one note or row passing MAX_NOTE_CHARS together."""
    what = "row" if line else "note"
    return DeckFormatError(
        source, line, f"{_at(record)}the cards of this {what} pass {size(MAX_NOTE_CHARS)} of text together; refused"
    )


def read_text_file(path: Path, source: str) -> bytes:
    """The bytes of a CSV/TSV/Markdown file; DeckFormatError if it is over MAX_TEXT_FILE_BYTES (checked before reading)."""
    with path.open("rb") as fh:
        over = os.fstat(fh.fileno()).st_size > MAX_TEXT_FILE_BYTES
        data = b"" if over else fh.read(MAX_TEXT_FILE_BYTES + 1)  # read with a cap too: a pipe has no size
    if over or len(data) > MAX_TEXT_FILE_BYTES:
        raise DeckFormatError(
            source, None, f"the file is over the {size(MAX_TEXT_FILE_BYTES)} limit for a text file; refused"
        )
    return data


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def lines(text: str, source: str, first_line: int) -> Iterator[str]:
    """The physical lines of `text` with their endings (split on \\r\\n, \\r or \\n, as `newline=""` does).

    Unlike io.StringIO (which holds four bytes per character) this keeps no copy of the text.
    Raises DeckFormatError naming the line (`first_line` is the number of the first) for a line
    over MAX_LINE_CHARS, before copying it.
    """
    if "\r" not in text:  # the common case, twice as fast as the regex
        pos, number, end_of_text = 0, first_line, len(text)
        while pos < end_of_text:
            end = text.find("\n", pos)
            end = end_of_text if end < 0 else end + 1
            if end - pos > MAX_LINE_CHARS:
                raise _long_line(source, number, end - pos)
            yield text[pos:end]
            pos, number = end, number + 1
        return
    for number, match in enumerate(_LINE.finditer(text), start=first_line):
        start, end = match.span()
        if start == end:
            return
        if end - start > MAX_LINE_CHARS:
            raise _long_line(source, number, end - start)
        yield match.group()


def _long_line(source: str, line: int, chars: int) -> DeckFormatError:
    return DeckFormatError(
        source, line, f"a line of {chars:,} characters is over the {size(MAX_LINE_CHARS)} limit; refused"
    )


def card_too_big(source: str, line: int | None, record: str, chars: int) -> DeckFormatError:
    """The error for a card of `chars` characters, over MAX_CARD_CHARS."""
    return DeckFormatError(
        source,
        line,
        f"{_at(record)}the card's text ({chars:,} characters) is over the {size(MAX_CARD_CHARS)} limit; refused",
    )


class Deadline:
    """A wall-clock budget: `expired()` is True once `seconds` have passed since it was made."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.seconds = seconds

    def expired(self) -> bool:
        """True once the budget is spent."""
        return time.monotonic() > self.end
