"""The home screen's data read in a background thread while the UI toolkit imports."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flashcards.core.models import HomeSnapshot


class HomePrefetch:
    """A home snapshot read in a background thread; None if the collection needs setup first or it failed."""

    def __init__(self, read: Callable[[], HomeSnapshot | None]) -> None:
        self._snapshot: HomeSnapshot | None = None
        self._thread = threading.Thread(target=self._run, args=(read,), name="home-prefetch", daemon=True)
        self._thread.start()

    def _run(self, read: Callable[[], HomeSnapshot | None]) -> None:
        try:
            self._snapshot = read()
        except Exception:  # noqa: BLE001  (the normal load path meets the same error and reports it)
            self._snapshot = None

    def done(self) -> bool:
        """Whether the read has finished (then `result` returns at once)."""
        return not self._thread.is_alive()

    def result(self, timeout: float | None = None) -> HomeSnapshot | None:
        """The snapshot once the thread is done (None if it needs setup, failed or timed out); blocks
        up to `timeout`, so call it from a worker thread, never the UI thread."""
        self._thread.join(timeout)
        return None if self._thread.is_alive() else self._snapshot
