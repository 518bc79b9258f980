"""The service layer: what the TUI and CLI ask of a collection, answered with core dataclasses.

`study` (the daily work), `imports` (import and export) and `stats` (progress statistics);
the first is re-exported here, the others are imported where needed so start-up stays cheap.
"""

from flashcards.db.reads import Scope
from flashcards.services.errors import storage_errors
from flashcards.services.prefetch import HomePrefetch
from flashcards.services.study import QueueCounts, StudyService

__all__ = ["HomePrefetch", "QueueCounts", "Scope", "StudyService", "storage_errors"]
