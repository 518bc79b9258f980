"""Pilot tests of the mock interview: m on home, setup, each question with its countdown, the checklist, the report
and its study keys, a countdown that runs out, ending early, and answers kept when the app quits mid-mock."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace

from textual.pilot import Pilot
from textual.widgets import Select

from flashcards.core.models import MockReviews, Settings
from flashcards.services import Scope, Services
from flashcards.tui.app import FlashcardsApp, build_app
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.screens.mock import MockScreen
from flashcards.tui.screens.mock_report import MockReportScreen
from flashcards.tui.screens.mock_setup import MockSetupScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.screens.settings import SettingsScreen
from tests.support.mock_decks import MOCK_DECKS
from tests.support.pilot import FakeTime, ServicesFactory, card_ready, flat_text, home_ready, screen_text, wait_for

SMALL = (80, 24)


def mock_app(make_services: ServicesFactory, fake_time: FakeTime, seed: int = 5) -> tuple[FlashcardsApp, Services]:
    """The app over MOCK_DECKS, its draws seeded."""
    services = make_services(decks=MOCK_DECKS)
    services.mocks.rng = random.Random(seed)
    return build_app(services, monotonic=fake_time), services


async def open_mock(pilot: Pilot) -> MockScreen:
    """From home: m, wait for the roles, Ctrl+S, and wait for the first question."""
    await home_ready(pilot)
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MockSetupScreen) and pilot.app.screen.roles_ready)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MockScreen))
    screen = pilot.app.screen
    assert isinstance(screen, MockScreen)
    return screen


async def answer(pilot: Pilot, screen: MockScreen, ticks: str, seconds: float, fake_time: FakeTime) -> None:
    """Take `seconds`, press Enter (done), tick the points of `ticks` (checklist keys), Enter (next), wait."""
    done = screen.run.position
    fake_time.advance(seconds)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.revealed)
    for key in ticks:
        await pilot.press(key)
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is not screen or (screen.run.position == done + 1 and not screen.busy))


def stored(services: Services, sql: str) -> list[tuple]:
    with sqlite3.connect(services.collection.path) as conn:
        return conn.execute(sql).fetchall()


async def test_a_five_question_mock_runs_from_home_to_report_at_80x24(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app, services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_mock(pilot)
        assert len(screen.run.questions) == 5
        for n, question in enumerate(screen.run.questions):
            text = screen_text(app)
            assert f"Question {n + 1} of 5" in text and "3:00 left of 3:00" in text
            assert question.card.question in flat_text(app)
            assert question.card.key_points[0] not in flat_text(app)  # the answer stays hidden until done
            await answer(pilot, screen, "a" if n % 2 else "ad", 30 + n, fake_time)
        await wait_for(pilot, lambda: isinstance(app.screen, MockReportScreen))
        report = app.screen
        assert isinstance(report, MockReportScreen)
        text = flat_text(app)
        # ticks: 2, 1, 2, 1, 2 of 3 points -> 0.6667, 0.3333, ... -> mean 0.5333
        assert "Phone screen · mle · 5 questions Score 53%" in text
        assert "Trend: 53%, your first mock" in text
        assert "0:30/3:00" in text and "0:34/3:00" in text
        assert "Study now: 1" in text
        assert stored(services, "SELECT count(*), sum(points_said) FROM mock_answer") == [(5, 8)]
        assert stored(services, "SELECT questions, round(score, 4), finished_at IS NOT NULL FROM mock") == [
            (5, 0.5333, 1)
        ]
        assert stored(services, "SELECT count(*) FROM review") == [(0,)]  # the schedule is untouched
        weakest = report.report.weakest[0]
        await pilot.press("1")  # study the weakest topic now, in a real session
        review = await card_ready(pilot)
        assert isinstance(review, ReviewScreen) and not review.session.practice
        assert review.session.scope == Scope(deck_id=weakest.deck_id, topic=weakest.topic)
        assert [type(s).__name__ for s in app.screen_stack[-2:]] == ["HomeScreen", "ReviewScreen"]


async def test_when_the_countdown_runs_out_the_answer_is_shown_and_stored_as_timed_out(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app, services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_mock(pilot)
        fake_time.advance(170)
        await wait_for(pilot, lambda: "0:10 left of 3:00" in screen_text(app))
        assert not screen.revealed
        fake_time.advance(11)  # past the 3 minutes: the next tick reveals the answer
        await wait_for(pilot, lambda: screen.revealed)
        assert screen.timed_out
        text = flat_text(app)
        assert "Time is up." in text and "time up at 3:00" in text
        assert screen.run.current is not None and screen.run.current.card.key_points[0] in text
        fake_time.advance(500)  # ticking after time is up is not time spent on the question
        await pilot.press("t")  # tick every point
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.run.position == 1 and not screen.busy)
        assert stored(services, "SELECT seconds, timed_out, points_said, points_total FROM mock_answer") == [
            (180.0, 1, 3, 3)
        ]
        assert "Question 2 of 5" in screen_text(app) and not screen.revealed


async def test_escape_ends_early_with_the_answers_so_far(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app, services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_mock(pilot)
        await answer(pilot, screen, "adf", 20, fake_time)
        fake_time.advance(10)
        await pilot.press("enter")  # the second answer is on screen with one tick when Esc ends the mock
        await wait_for(pilot, lambda: screen.revealed)
        await pilot.press("a")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MockReportScreen))
        assert "(ended after 2 of 5)" in flat_text(app)
        assert stored(services, "SELECT position, points_said FROM mock_answer ORDER BY position") == [(0, 3), (1, 1)]
        await pilot.press("enter")
        await home_ready(pilot)


async def test_escape_before_any_answer_keeps_nothing(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app, services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        await open_mock(pilot)
        await pilot.press("escape")
        home = await home_ready(pilot)
        assert "Mock ended before any answer" in flat_text(app)
        assert home is app.screen
    assert stored(services, "SELECT count(*) FROM mock") == [(0,)]


async def test_answers_are_kept_when_the_app_quits_mid_mock(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app, services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_mock(pilot)
        await answer(pilot, screen, "a", 15, fake_time)
        await answer(pilot, screen, "", 25, fake_time)
        await pilot.press("ctrl+q")
    assert stored(services, "SELECT position, seconds, points_said FROM mock_answer ORDER BY position") == [
        (0, 15.0, 1), (1, 25.0, 0),
    ]
    [record] = services.mocks.history()
    assert (record.answered, record.finished) == (2, False)


async def test_setup_choices_make_the_mock(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app, _services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MockSetupScreen) and app.screen.roles_ready)
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        setup.query_one("#mock-format", Select).value = "onsite"
        setup.query_one("#mock-length", Select).value = "m30"
        await pilot.pause()
        assert "mid and senior" in flat_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MockScreen))
        screen = app.screen
        assert isinstance(screen, MockScreen)
        limits = [q.time_limit for q in screen.run.questions]
        assert sum(limits) <= 1800 and len(limits) == 6 and {q.card.level for q in screen.run.questions} <= {"mid", "senior"}
        first = screen.run.questions[0]
        shown = "5:00" if first.card.level == "senior" else "3:00"
        assert f"{shown} left of {shown}" in screen_text(app)


async def test_help_on_a_question_lists_the_mock_keys_first(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app, _services = mock_app(make_services, fake_time)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mock(pilot)
        fake_time.advance(20)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = flat_text(app)
        assert text.index("Mock interview: a question") < text.index("Everywhere")
        fake_time.advance(600)  # help is open: the countdown waits
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert "2:40 left of 3:00" in screen_text(app) and not screen.revealed


async def test_the_setting_makes_answers_to_due_cards_count_and_is_saved(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app, services = mock_app(make_services, fake_time)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        app.screen.query_one("#mock_reviews", Select).value = MockReviews.DUE.value
        await pilot.press("ctrl+s")
        await home_ready(pilot)
    assert services.study.settings().mock_reviews == MockReviews.DUE
    assert replace(Settings(), mock_reviews="due").mock_reviews is MockReviews.DUE  # type: ignore[arg-type]


async def test_a_mock_with_fewer_cards_than_asked_says_so(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app, _services = mock_app(make_services, fake_time)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MockSetupScreen) and app.screen.roles_ready)
        app.screen.query_one("#mock-role", Select).value = "ds"
        app.screen.query_one("#mock-length", Select).value = "q10"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MockScreen))
        assert "Only 2 cards fit a phone screen here: this mock has 2 questions." in flat_text(app)
        assert "Question 1 of 2" in screen_text(app)
