"""Garbage collection kept off the keystroke path: the loaded heap frozen, full passes run when the keys pause.

CPython's full pass (its oldest generation) walks every tracked object. With Textual, SQLAlchemy
and the screens loaded that is some 125k objects, 40-50 ms on a quiet machine, and it fell on
whichever key allocated the object that crossed the threshold: about one key in ten in
benchmarks/bench_review.py, the whole of its p99. So, once the app's modules are loaded, that heap
is frozen (gc.freeze: never walked again), the automatic full pass is made rare (a backstop for
a session with no pause), and a full pass over what was allocated since runs instead once no
key or mouse event has come for `quiet` seconds: the frames the last key caused are painted
and the next key is not typed yet. The two younger generations are collected as before.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

QUIET_SECONDS = 0.15
# The automatic full pass comes after this many middle-generation passes (CPython's default is 10), so
# only when the keys never pause: some 700k allocations, a few seconds of steady typing.
BACKSTOP = 100


class Collector:
    """The collection policy of one running app: `start()` once its modules are loaded, `input_seen()` per event."""

    def __init__(self, quiet: float = QUIET_SECONDS, collect: Callable[[], object] = gc.collect) -> None:
        self.quiet = quiet
        self._collect_all = collect
        self._pending: asyncio.TimerHandle | None = None
        self._threshold: tuple[int, int, int] | None = None  # CPython's thresholds before start()
        self._resumed = False

    @property
    def started(self) -> bool:
        """True between `start()` and `stop()`."""
        return self._threshold is not None

    def resume(self) -> None:
        """Turn the collector back on if the launcher paused it for start-up (launch.open_app): collect
        start-up's few garbage cycles, then freeze what is left (modules, classes, widgets: they live as
        long as the process), so that later full collections skip those objects.

        Only the first call acts (from the warm-up, or the fallback timer if home never got painted): by the
        second, a collector found off was paused by something else, such as an import (services/imports.py).
        """
        if self._resumed:
            return
        self._resumed = True
        if not gc.isenabled():
            gc.collect()
            gc.freeze()
            gc.enable()

    def start(self) -> None:
        """Freeze every object alive now and make the automatic full pass rare (any thread, once)."""
        if self.started:
            return
        self._threshold = gc.get_threshold()
        # The young generations' garbage now would otherwise be frozen with the rest, never freed. Not a full
        # pass: ~16 ms holding the GIL here, which a ctrl+q just after start waits for (exit 60 -> 85 ms).
        gc.collect(1)
        gc.freeze()
        young, middle, _ = self._threshold
        gc.set_threshold(young, middle, BACKSTOP)

    def stop(self) -> None:
        """Undo `start()`: the frozen objects are collectable again and the thresholds are CPython's."""
        if self._threshold is None:
            return
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        gc.unfreeze()
        gc.set_threshold(*self._threshold)
        self._threshold = None

    def input_seen(self) -> None:
        """An input event arrived (on the event loop): run a full pass once none has come for `quiet` s."""
        if not self.started:
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = asyncio.get_running_loop().call_later(self.quiet, self._collect_if_needed)

    def _collect_if_needed(self) -> None:
        self._pending = None
        if gc.get_count()[2]:  # a middle pass ran since the last full one: objects reached the oldest generation
            self._collect_all()
