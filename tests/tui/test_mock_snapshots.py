"""SVG snapshots of the mock interview at 80x24 on fixed decks, a seeded draw and a frozen countdown."""

from __future__ import annotations

from textual.pilot import Pilot

from flashcards.tui.screens.mock_report import MockReportScreen
from flashcards.tui.screens.mock_setup import MockSetupScreen
from tests.support.pilot import FakeTime, ServicesFactory, home_ready, screen_text, wait_for
from tests.tui.test_mock_flow import answer, mock_app, open_mock

SMALL = (80, 24)


def test_mock_setup(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """The setup at 80x24: role, format (with what it asks), length and time per question, the note that
    the schedule is left alone, and the start button, all in sight without scrolling."""
    app, _ = mock_app(make_services, fake_time)

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MockSetupScreen) and pilot.app.screen.roles_ready)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_mock_question_with_its_countdown(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """A question 42 s in (the countdown frozen at 2:18): which question of how many, where it comes from,
    the time left in the bar and as a bar under the question, and the answer still hidden."""
    app, _ = mock_app(make_services, fake_time)

    async def run_before(pilot: Pilot) -> None:
        await open_mock(pilot)
        fake_time.advance(42)
        await wait_for(pilot, lambda: "2:18 left of 3:00" in screen_text(pilot.app))

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_mock_answer_with_the_checklist(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """Done after 1:05: the time taken replaces the countdown, the key points are a checklist (two ticked)
    above the notes, and the status line says Enter goes on."""
    app, _ = mock_app(make_services, fake_time)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_mock(pilot)
        fake_time.advance(65)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.revealed)
        await pilot.press("a", "f")

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_mock_report(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """The report of a 5-question phone screen at 80x24: the score and trend, each question's score, points
    and time (one timed out), the topics weakest first, and the three weakest topics with keys 1-3."""
    app, _ = mock_app(make_services, fake_time)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_mock(pilot)
        await answer(pilot, screen, "ad", 40, fake_time)
        fake_time.advance(181)  # the second question's time runs out: the tick shows its answer
        await wait_for(pilot, lambda: screen.revealed and screen.timed_out)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.run.position == 2 and not screen.busy)
        for n, ticks in enumerate(("adf", "a", "ad"), 2):
            await answer(pilot, screen, ticks, 40 + 10 * n, fake_time)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MockReportScreen))

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
