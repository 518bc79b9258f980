"""The garbage collection policy of a real run: the loaded heap frozen, full passes once the keys pause."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from flashcards.services import Services
from flashcards.tui.app import build_app, run_app
from flashcards.tui.collector import BACKSTOP, Collector
from tests.support.pilot import FakeTime, home_ready, wait_for


@pytest.fixture
def passes() -> list[int]:
    """Each full pass a Collector asked for."""
    return []


@pytest.fixture
def collector(passes: list[int]) -> Iterator[Collector]:
    """A started Collector with a short pause that records its full passes instead of running them;
    stopped afterwards, so the test process's heap is not left frozen."""
    made = Collector(quiet=0.02, collect=lambda: passes.append(1))
    yield made
    made.stop()


def middle_pass() -> None:
    """Run a middle-generation pass, as a few thousand allocations would."""
    gc.collect(1)


def test_start_freezes_the_heap_and_stop_thaws_it() -> None:
    before = gc.get_threshold()
    collector = Collector()
    collector.start()
    try:
        assert collector.started
        assert gc.get_freeze_count() > 1000
        assert gc.get_threshold() == (before[0], before[1], BACKSTOP)
    finally:
        collector.stop()
    assert not collector.started
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


async def test_a_full_pass_runs_once_the_keys_pause(collector: Collector, passes: list[int]) -> None:
    collector.start()
    middle_pass()
    for _ in range(5):  # keys closer together than the pause: no pass yet, one after the last
        collector.input_seen()
        await asyncio.sleep(0.005)
    assert passes == []
    await asyncio.sleep(0.1)
    assert passes == [1]


async def test_no_pass_without_a_middle_pass_since_the_last_full_one(collector: Collector, passes: list[int]) -> None:
    collector.start()
    gc.collect()
    collector.input_seen()
    await asyncio.sleep(0.1)
    assert passes == []


async def test_nothing_is_scheduled_before_start(collector: Collector, passes: list[int]) -> None:
    middle_pass()
    collector.input_seen()
    await asyncio.sleep(0.1)
    assert passes == []


class Node:
    """Half of a reference cycle, which only a full pass reclaims once it reached the oldest generation."""

    other: Node | None = None


async def test_the_pass_reclaims_garbage_of_the_oldest_generation() -> None:
    collector = Collector(quiet=0.02)
    collector.start()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        middle_pass()
        middle_pass()  # the cycle, still referenced, is now in the oldest generation
        del a, b
        gc.collect(1)
        assert gone() is not None  # the younger passes do not look there
        collector.input_seen()
        await asyncio.sleep(0.1)
        assert gone() is None
    finally:
        collector.stop()


async def test_keys_in_the_app_schedule_the_pass(
    services: Services, fake_time: FakeTime, collector: Collector, passes: list[int]
) -> None:
    """The app tells its collector about each key; the warm-up thread starts it once the app is loaded."""
    app = build_app(services, monotonic=fake_time, collector=collector)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await wait_for(pilot, lambda: collector.started)
        await asyncio.sleep(0.1)
        passes.clear()
        middle_pass()
        await pilot.press("down")
        await wait_for(pilot, lambda: passes == [1])


def test_the_real_run_uses_a_collector(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Collector | None] = []
    monkeypatch.setattr("flashcards.tui.app.FlashcardsApp.run", lambda self: seen.append(self.collector))
    run_app(services)
    assert len(seen) == 1 and isinstance(seen[0], Collector) and not seen[0].started
