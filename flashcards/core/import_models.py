"""Frozen dataclasses of imports and exports: the cards, history and media a file holds, what was skipped,
previews and reports (apart from core.models so that opening the app does not build them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from flashcards.core.sm2 import Sm2State


@dataclass(frozen=True)
class ImportedReview:
    """One review from a foreign log (e.g. Anki's revlog), already mapped onto SM-2 grades and states."""

    reviewed_at: str
    study_day: date
    grade: int
    kind: str
    seconds: float
    repetitions_before: int
    repetitions_after: int
    ef_before: int
    ef_after: int
    interval_before: int
    interval_after: int
    due_before: date | None
    due_after: date | None
    lapses_before: int
    lapses_after: int


@dataclass(frozen=True)
class ImportedHistory:
    """A card's scheduling state and review log brought in with `--with-history`."""

    state: Sm2State
    suspended: bool = False
    last_review_at: str | None = None
    reviews: tuple[ImportedReview, ...] = ()


class ImportedCard(NamedTuple):
    """One card read from an import file, validated, with its identity `key` and where it came from.

    A NamedTuple rather than a frozen dataclass, and as immutable: a large import makes one per
    row, and a tuple is built five times faster and holds half the memory.
    """

    key: str
    deck: str
    question: str
    notes: str
    record: str
    key_points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    level: str | None = None
    sources: str = ""
    topic: str | None = None
    topic_title: str | None = None
    history: ImportedHistory | None = None


@dataclass(frozen=True)
class DeckInfo:
    """Deck metadata an import file gives (our Markdown front matter)."""

    name: str
    role: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class SkippedRecord:
    """A record of an import file that was not imported, and why."""

    record: str
    reason: str


@dataclass(frozen=True)
class MediaFile:
    """A media file inside a package: its name in the notes, its zip member and the safe name it is stored under."""

    name: str
    member: str
    stored_name: str
    size: int
    zstd: bool = False


@dataclass(frozen=True)
class ParsedImport:
    """Everything one import file holds, validated, before anything is written."""

    source: str
    format: str
    path_key: str
    cards: tuple[ImportedCard, ...] = ()
    skipped: tuple[SkippedRecord, ...] = ()
    notes: tuple[str, ...] = ()
    decks: tuple[DeckInfo, ...] = ()
    media: tuple[MediaFile, ...] = ()
    track_removals: bool = False


@dataclass(frozen=True)
class FileImportPreview:
    """What importing one file would do (or did)."""

    source: str
    format: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[SkippedRecord, ...] = ()
    notes: tuple[str, ...] = ()
    decks: tuple[str, ...] = ()
    reviews: int = 0
    media: int = 0
    removed: tuple[str, ...] = ()
    error: str | None = None
    edits_behind: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The preview of this file as plain text lines."""
        head = f"{self.source} ({self.format})"
        if self.error is not None:
            return [head, f"  error: {self.error}"]
        counts = f"  {self.new} new, {self.updated} updated, {self.unchanged} unchanged, {len(self.skipped)} skipped"
        out = [head, counts]
        if self.decks:
            out.append(f"  decks: {', '.join(self.decks)}")
        if self.reviews:
            out.append(f"  review history: {self.reviews} review(s) to add")
        if self.media:
            out.append(f"  media: {self.media} file(s)")
        out += [f"  note: {note}" for note in self.notes]
        out += [f"  skipped {item.record}: {item.reason}" for item in self.skipped]
        out += [f"  no longer in the file (kept, hidden from study): {key}" for key in self.removed]
        out += [f"  changed in the file, your edit kept (take it in the card form): {key}" for key in self.edits_behind]
        return out


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, file by file; `errors` means nothing will be written."""

    files: tuple[FileImportPreview, ...] = ()
    written: bool = False

    @property
    def errors(self) -> tuple[str, ...]:
        """Every file's error, as `file:line: message`."""
        return tuple(f.error for f in self.files if f.error is not None)

    @property
    def ok(self) -> bool:
        """True when every file parsed, so the import can go ahead."""
        return not self.errors

    def total(self, name: str) -> int:
        """The sum of a count (`new`, `updated`, `unchanged`, `reviews`, `media`) over the files."""
        return sum(getattr(f, name) for f in self.files)

    def summary(self) -> str:
        """One line: totals over every file."""
        skipped = sum(len(f.skipped) for f in self.files)
        text = (
            f"{self.total('new')} new, {self.total('updated')} updated, {self.total('unchanged')} unchanged, "
            f"{skipped} skipped, {len(self.errors)} error(s)"
        )
        if self.total("reviews"):
            text += f", {self.total('reviews')} review(s) of history"
        return text

    def lines(self) -> list[str]:
        """The whole preview as plain text lines: each file, then the totals."""
        out: list[str] = []
        for item in self.files:
            out += item.lines()
        out.append(("imported: " if self.written else "total: ") + self.summary())
        return out


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and the cards that could not be written exactly."""

    path: str
    cards: int = 0
    files: int = 0
    reviews: int = 0
    warnings: tuple[str, ...] = ()
