"""The bundled decks: whether the collection needs setting up, and syncing changed deck files through the importer."""

from __future__ import annotations

from pathlib import Path

from flashcards import paths
from flashcards.core.models import SyncReport
from flashcards.db import connect, reads
from flashcards.db.collection import Collection
from flashcards.services.errors import storage_errors

BUNDLED_PREFIX = "bundled:"


class BundledDecks:
    """Keeps a Collection's copy of the bundled deck files current: same identity rules and one
    transaction as any import, so edits keep progress and removed cards keep their history."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.decks_dir = collection.decks_dir if collection.decks_dir is not None else paths.bundled_decks_dir()

    @property
    def db_path(self) -> Path:
        """The collection file (named in storage error messages)."""
        return self.collection.path

    def _files(self) -> list[tuple[str, str, Path]]:
        """(path key, sha256, path) of every bundled deck file."""
        import hashlib  # deferred: the home read's thread needs it, the UI thread does not

        out = []
        if self.decks_dir.is_dir():
            for path in sorted(self.decks_dir.glob("*.md")):
                out.append((BUNDLED_PREFIX + path.name, hashlib.sha256(path.read_bytes()).hexdigest(), path))
        return out

    def _stored(self) -> dict[str, str]:
        with self.collection.read() as conn:
            return {k: v for k, v in reads.deck_file_hashes(conn).items() if k.startswith(BUNDLED_PREFIX)}

    def needs_setup(self) -> bool:
        """True if the file is missing, on an old schema, or the bundled decks changed since the last sync."""
        path = self.collection.path
        if not path.exists():
            return True
        connect.check_readable(path)
        with self.collection.read() as conn:
            if reads.schema_version(conn) != connect.SCHEMA_VERSION:
                return True
        return {key: digest for key, digest, _ in self._files()} != self._stored()

    def open(self) -> SyncReport:
        """Create or migrate the collection and sync the bundled decks; cheap when nothing changed.

        Raises DatabaseError for a file that is not a collection and DeckFormatError
        (nothing written) if a bundled deck file is malformed.
        """
        if not self.needs_setup():
            return SyncReport()
        self.collection.engine  # noqa: B018  (creates and migrates the schema)
        return self.sync()

    @storage_errors
    def sync(self) -> SyncReport:
        """Load new or changed bundled deck files; cards gone from them are kept but hidden."""
        # Deferred: the importer's write path imports SQLAlchemy; the parser is not needed to open the app.
        from flashcards.core.deck_format import parse_deck
        from flashcards.core.import_models import ParsedImport
        from flashcards.db import import_writes
        from flashcards.importers.markdown import deck_to_import

        stored = self._stored()
        current = self._files()
        changed = [
            deck_to_import(parse_deck(path.read_text(encoding="utf-8"), path.name, strict=True), key)
            for key, digest, path in current
            if stored.get(key) != digest
        ]
        present = {key for key, _, _ in current}
        gone = [key for key in stored if key not in present]
        if not changed and not gone:
            return SyncReport(skipped_files=len(current))
        # A file that is gone is an import of no cards from it: its cards are hidden, history kept.
        emptied = [ParsedImport(source=key, format="markdown", path_key=key, track_removals=True) for key in gone]
        hashes: dict[str, str | None] = {key: digest for key, digest, _ in current if stored.get(key) != digest}
        hashes.update({key: None for key in gone})
        done = import_writes.apply(
            self.collection.engine, changed + emptied, self.collection.now_text(), deck_source="bundled",
            file_hashes=hashes,
        )  # fmt: skip
        return SyncReport(
            added=sum(p.new for p in done),
            updated=sum(p.updated for p in done),
            unchanged=sum(p.unchanged for p in done),
            removed=tuple(key for p in done for key in p.removed),
            edits_behind=tuple(key for p in done for key in p.edits_behind),
            files=len(changed),
            skipped_files=len(current) - len(changed),
        )
