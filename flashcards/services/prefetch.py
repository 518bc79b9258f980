"""The home screen's data read in a background thread while the UI toolkit imports."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from flashcards.core.models import HomeSnapshot

if TYPE_CHECKING:
    from flashcards.services.study import StudyService


class HomePrefetch:
    """A home snapshot read in a background thread; None if the collection needs setup first."""

    def __init__(self, service: StudyService) -> None:
        self._snapshot: HomeSnapshot | None = None
        self._thread = threading.Thread(target=self._run, args=(service,), name="home-prefetch", daemon=True)
        self._thread.start()

    def _run(self, service: StudyService) -> None:
        try:
            if not service.needs_setup():
                self._snapshot = service.home_snapshot()
        except Exception:  # noqa: BLE001  (the normal load path meets the same error and reports it)
            self._snapshot = None

    def result(self, timeout: float | None = None) -> HomeSnapshot | None:
        """The snapshot once the thread is done (None if it needs setup, failed or timed out)."""
        self._thread.join(timeout)
        return None if self._thread.is_alive() else self._snapshot
