"""Exception hierarchy shared by every layer of flashcards."""

from __future__ import annotations


class FlashcardsError(Exception):
    """Base class for every error the app reports to the user."""


class DeckFormatError(FlashcardsError):
    """A deck or import file is malformed; carries the source and line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class NotFoundError(FlashcardsError):
    """A card, deck or topic that was asked for does not exist."""


class NothingToUndoError(FlashcardsError):
    """Undo was asked for but no review of today can be undone."""


class DatabaseError(FlashcardsError):
    """The collection file cannot be opened, is damaged or is locked."""


class StaleCardError(FlashcardsError):
    """The card changed since it was shown (graded elsewhere or twice); the grade was not applied."""


class ImportCancelled(FlashcardsError):
    """An import or its preview was cancelled before it finished (nothing was written)."""
