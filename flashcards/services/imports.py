"""Import and export for the CLI and TUI: previews, one-transaction imports, deck and review exports, backups."""

from __future__ import annotations

import gc
import io
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flashcards.core.errors import DeckFormatError, FlashcardsError
from flashcards.core.import_models import ExportReport, FileImportPreview, ImportPreview, ParsedImport
from flashcards.db.collection import Collection
from flashcards.db.connect import import_running
from flashcards.services.errors import storage_errors
from flashcards.services.maintenance import MaintenanceService

# db.import_writes, the parsers and the exporters are imported inside the methods (deferred): they
# import SQLAlchemy and the format code, which opening the app or listing decks never needs.

MEDIA_FOLDER = "media"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while an import runs (re-enabled after, if it was on).

    A large import allocates several objects per row and makes no reference cycles; the collector,
    triggered every few hundred allocations, would rescan them all again and again (a sixth of a
    100k-row CSV's parse time). Plain reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class PreparedImport:
    """Parsed files and their preview, ready to be committed (or shown and dropped)."""

    files: tuple[tuple[Path, ParsedImport], ...]
    preview: ImportPreview
    errors: tuple[DeckFormatError, ...] = ()


class ImportService:
    """Imports files into, and exports from, one Collection; backs up through `maintenance` before writing."""

    def __init__(self, collection: Collection, maintenance: MaintenanceService) -> None:
        self.collection = collection
        self.maintenance = maintenance

    @property
    def db_path(self) -> Path:
        """The collection file (named in error messages)."""
        return self.collection.path

    @property
    def media_dir(self) -> Path:
        """Where media from packages is stored: `media/` beside the collection file."""
        return self.collection.path.parent / MEDIA_FOLDER

    # -- import ------------------------------------------------------------------------------

    @storage_errors
    def prepare(
        self,
        paths: Iterable[Path],
        *,
        deck: str | None = None,
        with_history: bool = False,
        check: bool = True,
        cancel: threading.Event | None = None,
    ) -> PreparedImport:
        """Parse every file and preview what importing them would do; nothing is written.

        Problems are not raised: each bad file's preview carries its error (`file:line: message`).
        With `check=False` the files are only parsed, not compared with the collection (their
        counts stay 0); `commit` compares anyway, so a caller that shows only the result saves a pass.
        All files together stay within the import limits (importers/limits.py). Setting `cancel`
        stops the parsers at their next check: raises ImportCancelled.
        """
        from flashcards.importers import limits

        with limits.guarded(cancel), _gc_paused():
            return self._prepare(paths, deck=deck, with_history=with_history, check=check)

    def _prepare(self, paths: Iterable[Path], *, deck: str | None, with_history: bool, check: bool) -> PreparedImport:
        from flashcards.db import import_writes
        from flashcards.importers import limits
        from flashcards.importers.dispatch import expand, parse_file

        rule = self.collection.day_rule()
        parsed: list[tuple[Path, ParsedImport]] = []
        errors: list[DeckFormatError] = []
        try:
            files = expand(paths)
        except DeckFormatError as err:
            return PreparedImport((), ImportPreview((FileImportPreview(err.source, "error", error=str(err)),)), (err,))
        slots: list[FileImportPreview | int] = []
        for path in files:
            try:
                parsed.append((path, parse_file(path, deck=deck, with_history=with_history, rule=rule)))
                slots.append(len(parsed) - 1)
            except DeckFormatError as err:
                errors.append(err)
                slots.append(FileImportPreview(str(path), "error", error=str(err)))
        limits.check()
        if check:
            planned = import_writes.preview(self.collection.engine, [p for _, p in parsed])
        else:
            planned = [FileImportPreview(p.source, p.format, skipped=p.skipped, notes=p.notes) for _, p in parsed]
        previews = tuple(planned[s] if isinstance(s, int) else s for s in slots)
        return PreparedImport(tuple(parsed), ImportPreview(previews), tuple(errors))

    @storage_errors
    def commit(self, prepared: PreparedImport) -> ImportPreview:
        """Import prepared files in one transaction after a backup; media first, then every row or none.

        Raises the first file's DeckFormatError if any file failed to parse (nothing is written).
        """
        from flashcards.db import import_writes
        from flashcards.importers.anki_package import extract_media

        if prepared.errors:
            raise prepared.errors[0]
        if not prepared.files:
            return ImportPreview(written=True)
        self.collection.engine  # noqa: B018  (creates the collection before it is backed up)
        self.maintenance.backup("pre-import")
        for path, item in prepared.files:
            if item.media:
                extract_media(path, item.media, self.media_dir)
        with import_running(self.collection.path), _gc_paused():
            done = import_writes.apply(
                self.collection.engine, [p for _, p in prepared.files], self.collection.now_text(), checkpoint=False
            )
        self.collection.checkpoint_in_background()
        return ImportPreview(tuple(done), written=True)

    def import_paths(
        self, paths: Iterable[Path], *, deck: str | None = None, with_history: bool = False, dry_run: bool = False
    ) -> ImportPreview:
        """Prepare and (unless `dry_run`) commit in one call. Raises DeckFormatError if any file is bad."""
        prepared = self.prepare(paths, deck=deck, with_history=with_history)
        if prepared.errors:
            raise prepared.errors[0]
        return prepared.preview if dry_run else self.commit(prepared)

    # -- export ------------------------------------------------------------------------------

    @storage_errors
    def export_deck(self, name: str, target: Path) -> ExportReport:
        """Write deck `name` in our Markdown format: to `target` if it ends in `.md` (one topic at most),
        else into folder `target`, one file per topic. Returns what was written and any warnings.

        Raises NotFoundError for an unknown deck, FlashcardsError if a `.md` target would need several files.
        """
        from flashcards.db import export_reads
        from flashcards.importers.exports import render_checked

        with self.collection.read() as conn:
            groups = export_reads.deck_files(conn, name)
        if target.suffix.lower() == ".md" and len(groups) > 1:
            raise FlashcardsError(
                f"{target}: deck {name!r} has {len(groups)} topics; give a folder to write one file per topic"
            )
        outputs = (
            [(target, g) for g in groups]
            if target.suffix.lower() == ".md"
            else [(target / f"{deck.topic or 'cards'}.md", (deck, keys)) for deck, keys in groups]
        )
        warnings: list[str] = []
        cards = 0
        for path, (deck, _keys) in outputs:
            text, problems = render_checked(deck)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            warnings += problems
            cards += len(deck.cards)
        return ExportReport(str(target), cards=cards, files=len(outputs), warnings=tuple(warnings))

    @storage_errors
    def export_reviews(self, target: Path, deck: str | None = None) -> ExportReport:
        """Write the review log (of `deck` if given) as CSV with a header row; `-` writes to standard output."""
        from flashcards.db import export_reads
        from flashcards.importers.exports import write_reviews_csv

        with self.collection.read() as conn:
            buffer = io.StringIO()
            count = write_reviews_csv(export_reads.review_rows(conn, deck), export_reads.REVIEW_COLUMNS, buffer)
        if str(target) == "-":
            import sys

            from flashcards.core.safe_text import visible

            # A terminal acts on escape sequences in card text; a pipe or file gets the exact bytes.
            text = buffer.getvalue()
            sys.stdout.write(visible(text) if sys.stdout.isatty() else text)
        else:
            target.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        return ExportReport(str(target), reviews=count, files=1)

    @storage_errors
    def export_backup(self, target: Path | None = None) -> Path:
        """Back up the whole collection with SQLite's backup API (safe while the app runs); return the file.

        Without `target` the copy stays in the backups folder. Raises FlashcardsError if `target` exists.
        """
        if target is not None and target.exists():
            raise FlashcardsError(f"{target}: already exists; not overwritten")
        made = self.maintenance.backup("export")
        if target is None:
            return made
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(made, target)
        return target
