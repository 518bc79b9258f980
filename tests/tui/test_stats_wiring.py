"""The stats and card-info screens from the main app: t on home, a weak topic starts a session, i on a card."""

from __future__ import annotations

from flashcards.services import StudyService
from flashcards.tui.screens.card_info import CardInfoScreen
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.screens.stats import StatsScreen
from tests.support.pilot import card_ready, grade, home_ready, screen_text, start_review, wait_for

SIZE = (100, 30)


async def test_stats_from_home_and_study_the_weakest_topic(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.report is not None)
        weakest = app.screen.report.weakest[0]
        await pilot.press("1")
        screen = await card_ready(pilot)
        assert isinstance(screen, ReviewScreen)
        assert screen.session.scope.topic == weakest.topic
        assert screen.item.card.topic == weakest.topic


async def test_card_info_from_the_review_screen(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await start_review(pilot)
        await grade(pilot, "2")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.item is not None)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen))
        await wait_for(pilot, lambda: "Loading" not in screen_text(app))
        assert "EF" in screen_text(app) or "E-Factor" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
