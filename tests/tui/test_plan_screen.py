"""The interview plan in the app: setting an interview date with real keys, the plan screen and the home
screen's on-track line (Pilot tests and 80x24 snapshots)."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from flashcards.core.models import Settings
from flashcards.core.plan import InterviewScope
from flashcards.services import Services
from flashcards.tui.app import FlashcardsApp, build_app
from flashcards.tui.screens.plan import PlanScreen
from tests.support.decks import deck_text
from tests.support.pilot import FakeTime, ServicesFactory, flat_text, home_ready, wait_for

SMALL = (80, 24)
TWO_WEEKS = date(2026, 1, 19)  # the test clock is Mon 5 Jan 2026


async def plan_ready(pilot: Pilot) -> PlanScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlanScreen) and "Loading" not in flat_text(pilot.app))
    assert isinstance(pilot.app.screen, PlanScreen)
    return pilot.app.screen


async def test_setting_an_interview_date_with_keys(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("d")
        screen = await plan_ready(pilot)
        assert "No interview set. Press a to set one" in flat_text(app)
        await pilot.press("a")
        await pilot.press(*"2026-01-19")
        await pilot.press("tab", "enter", "down", "enter")  # the scope: Every deck -> Role mle
        await wait_for(pilot, lambda: screen.query_one("#plan-scope", Select).value == "role:mle")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: services.plan.interviews() != [] and "on track" in flat_text(app))
        [interview] = services.plan.interviews()
        assert interview.day == TWO_WEEKS and interview.scope == InterviewScope(role="mle")
        text = flat_text(app)
        assert "Interview set: interview on Mon 19 Jan 2026 (role mle)" in text
        assert "Cards in scope: 5" in text and "On track." in text
        await pilot.press("escape")
        await home_ready(pilot)
        await wait_for(pilot, lambda: "Interview Mon 19 Jan (14 days): on track" in flat_text(app))
        assert "readiness 0.00 now, 0.95 by then · d: plan" in flat_text(app)


async def test_a_bad_date_is_refused_in_the_form(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("d")
        await plan_ready(pilot)
        await pilot.press("a", *"19/01/2026", "enter")
        await wait_for(pilot, lambda: "'19/01/2026' is not a date: type it as YYYY-MM-DD" in flat_text(app))
        await pilot.press("ctrl+a", "ctrl+k", *"2026-01-01", "enter")  # in the past
        await wait_for(pilot, lambda: "must be after today (2026-01-05)" in flat_text(app))
        assert services.plan.interviews() == []


async def test_removing_the_highlighted_interview(app: FlashcardsApp, services: Services) -> None:
    services.plan.add(TWO_WEEKS, InterviewScope(role="ds"))
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("d")
        await plan_ready(pilot)
        await wait_for(pilot, lambda: "role ds" in flat_text(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: services.plan.interviews() == [] and "No interview set" in flat_text(app))


def test_plan_screen_snapshot(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """The plan screen at 80x24 for an interview two weeks ahead on role mle (20 cards): the interview list,
    the pace (3 a day, above the limit of 2), readiness now and projected, on track, and the first days of
    the plan with the reviews each day."""
    services = make_services(decks={"mle.md": deck_text("ML Alpha", "alpha", 20),
                                    "ds.md": deck_text("DS Beta", "beta", 4, role="ds")},
                             settings=Settings(new_per_day=2))
    services.plan.add(TWO_WEEKS, InterviewScope(role="mle"), "Acme onsite")
    app = build_app(services, monotonic=fake_time)

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)
        await pilot.press("d")
        screen = await plan_ready(pilot)
        # The interviews table, the scope choices and the plan text fill in over a few frames after the
        # load; wait for the text and the table's focus so a loaded machine snaps the same screen.
        await wait_for(pilot, lambda: "Final window" in flat_text(pilot.app) and screen.query_one(DataTable).has_focus)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_home_on_track_line_snapshot(snap_compare, make_services: ServicesFactory, fake_time: FakeTime) -> None:
    """Home at 80x24 with an interview set: the plan line under today's numbers says it is on track,
    with the pace, the projected shares and the key to the plan (d)."""
    services = make_services()
    services.plan.add(TWO_WEEKS, InterviewScope(role="mle"), "Acme onsite")
    app = build_app(services, monotonic=fake_time)

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)
        await wait_for(pilot, lambda: "on track" in flat_text(pilot.app))

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
