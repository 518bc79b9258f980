"""The size, count and time limits every import runs within, and the Guard that enforces the running ones.

A hostile file must not exhaust memory, disk or CPU: each limit below is checked while the
file is read (never after the whole thing is in memory), and a file over a limit is refused
with a message naming the file, the record and the limit. README.md ("Import limits") lists them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flashcards.core.errors import DeckFormatError, ImportCancelled

MiB = 1 << 20

MAX_TEXT_FILE_BYTES = 128 * MiB  # a CSV/TSV/Markdown file
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
    """The running totals of one import, and its cancel flag.

    `cancel` (a threading.Event) is set by whoever started the import (the import screen, on
    quitting or on a newer preview); every loop of the importers calls `check()`, which raises
    ImportCancelled once it is set.
    """

    def __init__(self, cancel: threading.Event | None = None) -> None:
        self.cancel = cancel or threading.Event()
        self.chars = 0
        self.cards = 0

    def check(self) -> None:
        """Raise ImportCancelled if the import was cancelled."""
        if self.cancel.is_set():
            raise ImportCancelled("import cancelled")

    def add_card(self, source: str, record: str, chars: int) -> None:
        """Count one card of `chars` characters; raise DeckFormatError naming `record` past a total limit."""
        self.check()
        self.cards += 1
        self.chars += chars
        if self.cards > MAX_IMPORT_CARDS:
            raise DeckFormatError(
                source, None, f"{record}: more than {MAX_IMPORT_CARDS:,} cards in one import; refused"
            )
        if self.chars > MAX_IMPORT_CHARS:
            raise DeckFormatError(
                source, None, f"{record}: the import's card text passes {size(MAX_IMPORT_CHARS)}; refused"
            )


def current() -> Guard:
    """The guard of the import running in this thread (a fresh one if none was started)."""
    guard = _current.get()
    if guard is None:
        guard = Guard()
        _current.set(guard)
    return guard


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


def field_too_big(source: str, line: int | None, record: str, chars: int) -> DeckFormatError:
    """The error for a field of `chars` characters, over MAX_FIELD_CHARS."""
    where = f"{record}: " if record else ""
    return DeckFormatError(
        source, line, f"{where}a field of {chars:,} characters is over the {size(MAX_FIELD_CHARS)} limit; refused"
    )


def card_too_big(source: str, line: int | None, record: str, chars: int) -> DeckFormatError:
    """The error for a card of `chars` characters, over MAX_CARD_CHARS."""
    return DeckFormatError(
        source,
        line,
        f"{record}: the card's text ({chars:,} characters) is over the {size(MAX_CARD_CHARS)} limit; refused",
    )


class Deadline:
    """A wall-clock budget: `expired()` is True once `seconds` have passed since it was made."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.seconds = seconds

    def expired(self) -> bool:
        """True once the budget is spent."""
        return time.monotonic() > self.end
