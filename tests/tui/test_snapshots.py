"""SVG snapshots of the main screens on fixed data, a fixed clock and a still card timer."""

from __future__ import annotations

from textual.pilot import Pilot

from flashcards.core.models import Settings
from flashcards.tui.app import build_app
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.screens.summary import SummaryScreen
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
    """The answer side at 80x24: key points first, the Markdown notes below them, and all six
    grade keys each with its published SM-2 meaning and the interval it would give."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        await reveal(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_revealed_answer_comfortable_with_code(snap_compare, app) -> None:
    """The answer at 120x40 after a grade and an undo: the notes' Python code block is
    syntax-highlighted, nothing is clipped, and the status line above the grade keys says what
    the last action did."""

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
