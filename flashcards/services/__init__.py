"""The service layer: what the TUI and CLI ask of a collection, answered with core dataclasses.

`Services` holds one Collection and the services over it: `study` (the daily work and the
review loop), `bundled` (setup and bundled-deck sync), `maintenance` (backups, check, restore),
`imports` (import and export), `stats` (progress statistics), `cards` (the card browser), `mocks` (mock
interviews) and `plan` (interview plans). The last five are built on first use so start-up does not import them.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.core.clock import Clock
from flashcards.db.collection import Collection
from flashcards.db.reads import Scope
from flashcards.services.bundled import BundledDecks
from flashcards.services.errors import storage_errors
from flashcards.services.maintenance import MaintenanceService
from flashcards.services.prefetch import HomePrefetch
from flashcards.services.session import QueueCounts, Step, StudySession
from flashcards.services.study import StudyService

if TYPE_CHECKING:
    from flashcards.services.cards import CardsService
    from flashcards.services.imports import ImportService
    from flashcards.services.mock import MockService
    from flashcards.services.plan import PlanService
    from flashcards.services.stats import StatsService

# The import and stats services are imported on first use (deferred): start-up does not pay for them.


class Services:
    """Every service over one Collection; the one object the CLI and the app are built from."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.study = StudyService(collection)
        self.bundled = BundledDecks(collection)
        self.maintenance = MaintenanceService(collection)

    @classmethod
    def open_path(cls, path: Path, clock: Clock | None = None, decks_dir: Path | None = None) -> Services:
        """Services over the collection file at `path` (nothing is read or created yet)."""
        return cls(Collection(path, clock, decks_dir))

    @cached_property
    def imports(self) -> ImportService:
        """Import and export (built on first use)."""
        from flashcards.services.imports import ImportService

        return ImportService(self.collection, self.maintenance)

    @cached_property
    def stats(self) -> StatsService:
        """Progress statistics and card info (built on first use)."""
        from flashcards.services.stats import StatsService

        return StatsService(self.collection, self.study)

    @cached_property
    def cards(self) -> CardsService:
        """The card browser: search, actions, edit and add (built on first use)."""
        from flashcards.services.cards import CardsService

        return CardsService(self.collection, self.study)

    @cached_property
    def mocks(self) -> MockService:
        """Timed mock interviews: draw, answer, report, export (built on first use)."""
        from flashcards.services.mock import MockService

        return MockService(self.collection, self.study)

    @cached_property
    def plan(self) -> PlanService:
        """Interviews and their plans (built on first use)."""
        from flashcards.services.plan import PlanService

        return PlanService(self.collection)

    def prefetch_home(self) -> HomePrefetch:
        """Start reading the home snapshot in a background thread (None there if setup is needed)."""
        return self.study.prefetch_home(lambda: not self.bundled.needs_setup())

    def close(self) -> None:
        """Release the collection's connections."""
        self.collection.close()


__all__ = [
    "HomePrefetch",
    "QueueCounts",
    "Scope",
    "Services",
    "Step",
    "StudyService",
    "StudySession",
    "storage_errors",
]
