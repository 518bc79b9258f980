"""Regression tests for the daily-use bugs of issue 14, each pressing real keys or reading the screen."""

from __future__ import annotations

from flashcards.tui.screens.summary import SummaryScreen
from tests.support.pilot import grade, home_ready, start_review, wait_for

SMALL = (80, 24)


async def test_q_on_home_quits_the_app(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: app._exit)  # set by App.exit(); the key used to be ignored
    assert app.return_code == 0


async def test_q_on_the_summary_quits_the_app(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await start_review(pilot)
        await grade(pilot, "5")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary)
        await pilot.press("q")
        await wait_for(pilot, lambda: app._exit)
    assert app.return_code == 0
