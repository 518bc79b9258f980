"""Exception hierarchy shared by every layer of flashcards."""

from __future__ import annotations


class FlashcardsError(Exception):
    """Base class for every error the app reports to the user."""


class DeckFormatError(FlashcardsError):
    """A deck or import file is malformed; carries the source and line of the first problem.

    A parser that finds several problems raises one error for all of them (`DeckFormatError.of`):
    its text is one `source:line: message` line per problem, and `errors` lists each.
    """

    def __init__(
        self, source: str, line: int | None, message: str, more: tuple[DeckFormatError, ...] = ()
    ) -> None:
        self.source = source
        self.line = line
        self.message = message
        self.more = more
        where = f"{source}:{line}" if line is not None else source
        super().__init__("\n".join([f"{where}: {message}", *(str(err) for err in more)]))

    @property
    def errors(self) -> tuple[DeckFormatError, ...]:
        """Every problem, this one first."""
        return (DeckFormatError(self.source, self.line, self.message), *self.more)

    @classmethod
    def of(cls, errors: list[DeckFormatError]) -> DeckFormatError:
        """One error reporting each of `errors` (at least one), in order."""
        first, *rest = [single for err in errors for single in err.errors]
        return cls(first.source, first.line, first.message, tuple(rest))


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
