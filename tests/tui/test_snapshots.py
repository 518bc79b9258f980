"""SVG snapshots of the main screens on fixed data, a fixed clock and a still card timer."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from flashcards.core.models import Settings
from flashcards.services import Services
from flashcards.tui.app import build_app
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.screens.import_screen import ImportScreen
from flashcards.tui.screens.summary import SummaryScreen
from tests.stats.test_screens import stats_app, stats_loaded
from tests.support.pilot import FakeTime, ServicesFactory, card_ready, grade, home_ready, reveal, start_review, wait_for

SMALL = (80, 24)
COMFORTABLE = (120, 40)


def test_home(snap_compare, app) -> None:
    """Home at the smallest supported size (80x24): every deck and topic with new / due / repeat
    counts after today's limits, today's progress and streak, and the keys in the footer."""

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_home_when_nothing_is_left(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """The empty state: with the daily new-card limit at zero, home says when reviews are next due
    and offers more new cards (n) or practice without touching the schedule (p)."""
    app = build_app(make_services(settings=Settings(new_per_day=0)), monotonic=fake_time)

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_question(snap_compare, app) -> None:
    """The question side at 80x24: session progress (done / left split new, review, repeat), the card
    timer, where the card comes from and why, the question, and how to reveal the answer."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_revealed_answer(snap_compare, app) -> None:
    """The answer side at 80x24: the key-point checklist first (nothing ticked), the Markdown notes
    below it, and the one-line grade bar (each key with the interval it would give; g for the
    meanings), so the answer keeps the rest of the screen."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        await reveal(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_revealed_answer_comfortable_with_code(snap_compare, app) -> None:
    """The answer at 120x40 after a grade and an undo: the notes' Python code block is
    syntax-highlighted, nothing is clipped, the status line above the grade keys says what
    the last action did, and the grade meanings are shown unasked under the named grade bar."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        await reveal(pilot)
        await grade(pilot, "3", reveal=False)
        await pilot.press("u")  # back to the card with the code block
        await card_ready(pilot)
        await reveal(pilot)

    assert snap_compare(app, terminal_size=COMFORTABLE, run_before=run_before)


def test_summary(snap_compare, app, fake_time: FakeTime) -> None:
    """The session summary after two grades (5 in 30 s, 2 in 50 s): cards reviewed, share correct,
    time spent, same-day repeats, and what falls due tomorrow and over the next 7 days."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        fake_time.advance(30)
        await grade(pilot, "5")
        fake_time.advance(50)
        await grade(pilot, "2")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen) and pilot.app.screen.summary)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_help(snap_compare, app) -> None:
    """Help (?) over home at 80x24: every key by screen with what it does, starting with the keys
    that work everywhere; the rest scrolls."""

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_home_comfortable(snap_compare, app) -> None:
    """Home at 120x40: the same table with room to spare, names never cut."""

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)

    assert snap_compare(app, terminal_size=COMFORTABLE, run_before=run_before)


def test_question_comfortable(snap_compare, app) -> None:
    """The question side at 120x40: progress, timer, where the card comes from, how to reveal it."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)

    assert snap_compare(app, terminal_size=COMFORTABLE, run_before=run_before)


def test_revealed_answer_with_meanings_small(snap_compare, app) -> None:
    """The answer at 80x24 after g: the six grade meanings open under the one-line bar."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        await reveal(pilot)
        await pilot.press("g")

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_summary_comfortable(snap_compare, app, fake_time: FakeTime) -> None:
    """The session summary at 120x40 after two grades."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        fake_time.advance(30)
        await grade(pilot, "5")
        fake_time.advance(50)
        await grade(pilot, "2")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen) and pilot.app.screen.summary)

    assert snap_compare(app, terminal_size=COMFORTABLE, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, COMFORTABLE], ids=["80x24", "120x40"])
def test_import(snap_compare, app, size: tuple[int, int]) -> None:
    """The import screen: the path field (Tab completes), the deck and history options, and how to
    preview (Enter) and import (Ctrl+S)."""

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("key", ["o", "a", "f", "r", "c", "t"])
@pytest.mark.parametrize("size", [SMALL, COMFORTABLE], ids=["80x24", "120x40"])
def test_stats_tabs(snap_compare, synth_services: Services, size: tuple[int, int], key: str) -> None:
    """Each stats tab on a seeded year at 80x24 and 120x40: overview (weakest topics in sight),
    activity, forecast, retention, cards (exact text bars) and topics."""
    assert snap_compare(stats_app(synth_services), terminal_size=size, run_before=stats_loaded, press=[key])
