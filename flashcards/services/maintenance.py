"""Backups, the consistency check and restore, for one Collection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.db.collection import Collection

if TYPE_CHECKING:
    from flashcards.db.maintenance import Backup, CheckReport

# Deferred imports below: db.maintenance is only needed once a backup or check runs, never at start-up.


class MaintenanceService:
    """Keeps copies of a collection and checks and repairs it."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    def backup(self, reason: str = "manual") -> Path:
        """Take a backup now with SQLite's online backup API; returns its path."""
        from flashcards.db import maintenance

        return maintenance.make_backup(self.collection.path, reason, self.collection.clock.now())

    def daily_backup(self) -> Path | None:
        """On the first call of a calendar day, back up and prune old daily backups; else do nothing."""
        from flashcards.db import maintenance

        path = self.collection.path
        if not path.exists():
            return None
        now = self.collection.clock.now()
        if maintenance.has_backup_on(path, now.date(), "daily"):
            return None
        made = maintenance.make_backup(path, "daily", now)
        maintenance.prune_daily(path, self.collection.settings().backup_days, now.date())
        return made

    def backups(self) -> list[Backup]:
        """Backups of this collection, newest first."""
        from flashcards.db import maintenance

        return maintenance.list_backups(self.collection.path)

    def backup_problem(self, item: Backup) -> str | None:
        """Why a listed backup cannot be restored (an interrupted copy, fewer cards than it claims), or None."""
        from flashcards.db import maintenance

        return maintenance.backup_problem(item)

    def newest_good_backup(self) -> Backup | None:
        """The newest backup that is a complete copy of a collection (see `backup_problem`)."""
        return next((item for item in self.backups() if self.backup_problem(item) is None), None)

    def backups_hint(self) -> str:
        """One line naming the newest good backup and how to restore it (for messages about a damaged file)."""
        item = self.newest_good_backup()
        if item is None:
            return "no usable backups found"
        return f"newest backup: {item.path} (restore with `flashcards restore PATH`; list with `flashcards restore`)"

    def check(self, repair: bool = False) -> CheckReport:
        """SQLite's integrity check plus the app's consistency checks; `repair` fixes what it can."""
        from flashcards.db import maintenance

        if repair:
            self.backup("pre-repair")
        return maintenance.check(self.collection.path, repair)

    def restore(self, backup: Path) -> Path | None:
        """Replace the collection with a backup; returns the safety copy of the replaced file."""
        from flashcards.db import maintenance

        self.collection.close()
        return maintenance.restore(backup, self.collection.path, self.collection.clock.now())
