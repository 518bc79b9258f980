"""Pilot tests: real keys through home, review, undo, bury, suspend, summary and the empty state."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest
from textual.widgets import Markdown

from flashcards.core import sm2
from flashcards.core.models import Settings
from flashcards.core.sm2 import GRADE_MEANINGS, Sm2State
from flashcards.services import StudyService
from flashcards.tui.app import build_app
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.screens.summary import SummaryScreen
from tests.support.pilot import (
    FakeTime,
    ServicesFactory,
    card_ready,
    flat_text,
    grade,
    home_ready,
    reveal,
    review,
    screen_text,
    start_review,
    wait_for,
)

TODAY = date(2026, 1, 5)
SIZE = (100, 30)


def review_rows(service: StudyService) -> list[tuple]:
    """Every review row: (card_id, grade, kind, seconds), oldest first."""
    with sqlite3.connect(service.db_path) as conn:
        return conn.execute("SELECT card_id, grade, kind, seconds FROM review ORDER BY id").fetchall()


async def test_start_shows_every_deck_topic_and_todays_counts(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        text = screen_text(app)
        for name in ("All decks", "Alpha", "Basics", "Extra topic", "Beta", "Misc"):
            assert name in text
        assert "Left today: 0 due · 5 new · 0 same-day repeats" in text
        assert "streak 0 days" in text
        progress = service.progress()
        assert (progress.new_left, progress.due_left, progress.reviewed) == (5, 0, 0)


async def test_first_run_sets_up_in_a_worker_and_then_shows_counts(make_services: ServicesFactory, fake_time) -> None:
    services = make_services(opened=False)
    assert not services.study.db_path.exists()
    gate = threading.Event()
    real_open = services.bundled.open
    services.bundled.open = lambda: gate.wait(5) and real_open()  # hold the setup until the loading state is seen
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: "Setting up your collection" in screen_text(app))
        await pilot.press("down", "a")  # the UI keeps taking keys meanwhile
        gate.set()
        await home_ready(pilot)
        assert "5 new" in screen_text(app)
        assert "Decks loaded: 5 new" in screen_text(app)
    assert services.study.db_path.exists() and not services.bundled.needs_setup()
    assert sum(d.total for d in services.study.deck_summaries()) == 5


async def test_space_reveals_notes_key_points_and_labelled_grades(app, service: StudyService) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        assert "Think of your answer" in screen_text(app)
        assert "reservoir" not in screen_text(app)
        await reveal(pilot)
        text = screen_text(app)
        assert card.question in text
        assert "Key points" in text and all(p in text for p in card.key_points)
        assert "def reservoir(stream, k):" in text
        assert app.screen.query_one("#notes", Markdown).query("MarkdownFence")  # a highlighted code block
        for meaning in GRADE_MEANINGS.values():
            assert meaning in text
        assert service.preview(card) == {0: "1d", 1: "1d", 2: "1d", 3: "1d", 4: "1d", 5: "1d"}
        assert "1d" in text
    assert review_rows(service) == []  # revealing writes nothing


async def test_grade_keys_wait_for_the_answer(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await pilot.press("4")
        await pilot.app.workers.wait_for_complete()
        assert review_rows(service) == []


@pytest.mark.parametrize("key", [0, 1, 2, 3, 4, 5])
async def test_each_grade_is_logged_with_its_time_and_explained(
    app, service: StudyService, fake_time: FakeTime, key: int
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        fake_time.advance(7.25)
        await grade(pilot, str(key))
        assert review_rows(service) == [(card.id, key, "review", 7.25)]
        expected = sm2.review(Sm2State(), key, TODAY)
        text = flat_text(app)
        assert expected.explanation in text
        assert f"Graded {key} in 7 s" in text
        repeats = int(key < 4)  # step 7: the card comes back later today
        assert f"Done 1 · Left {4 + repeats}: 4 new · 0 review · {repeats} repeat" in text
        assert screen.item.card.id != card.id
        stored = service.get_card(card.id)
        assert stored.state == expected.state
        assert stored.state.repeat_pending(TODAY) == (key < 4)


async def test_a_grade_below_4_comes_back_as_a_same_day_repeat(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        failed = screen.item.card
        await grade(pilot, "2")
        for _ in range(4):  # the other cards come first
            assert screen.item.card.id != failed.id
            await grade(pilot, "5")
        assert screen.item.card.id == failed.id
        assert screen.item.reason == "repeat"
        assert "same-day repeat" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert "done" in screen_text(app)  # a 4 or 5 now ends today's repeats
        await grade(pilot, "4")
        assert isinstance(app.screen, SummaryScreen)
    assert [r[1:3] for r in review_rows(service) if r[0] == failed.id] == [(2, "review"), (4, "repeat")]
    assert service.get_card(failed.id).state.repeat_day is None


async def test_u_undoes_the_last_grade(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        await grade(pilot, "4")
        assert len(review_rows(service)) == 1
        await pilot.press("u")
        await card_ready(pilot)
        assert review_rows(service) == []
        assert service.get_card(card.id).state == Sm2State()
        assert screen.item.card.id == card.id
        text = screen_text(app)
        assert "Done 0 · Left 5: 5 new" in text
        assert "Undone" in text
        assert service.queue_counts().new == 5


async def test_b_buries_until_tomorrow_and_u_brings_it_back(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        await pilot.press("b")
        await card_ready(pilot)
        assert service.get_card(card.id).buried_until == date(2026, 1, 6)
        assert screen.item.card.id != card.id
        assert "Left 4: 4 new" in screen_text(app)
        assert "Buried until tomorrow" in screen_text(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: not screen.busy and screen.item.card.id == card.id)
        assert service.queue_counts().new == 5
        assert "Left 5: 5 new" in screen_text(app)
    assert review_rows(service) == []


async def test_bang_suspends_and_u_unsuspends(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        await pilot.press("exclamation_mark")
        await card_ready(pilot)
        assert service.get_card(card.id).suspended
        assert "Left 4: 4 new" in screen_text(app)
        assert sum(d.suspended for d in service.deck_summaries()) == 1
        await pilot.press("u")
        await wait_for(pilot, lambda: not screen.busy and screen.item.card.id == card.id)
        assert not service.get_card(card.id).suspended


async def test_fast_repeated_keys_never_grade_twice(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await pilot.press("space", "4", "4", "4", "space", "5", "5", "u", "b")
        await app.workers.wait_for_complete()
        await card_ready(pilot)
    card_ids = [r[0] for r in review_rows(service)]
    # How many keys land depends on when each write finishes (a Space pressed while the first grade is
    # still being written is ignored, and then `u` takes that grade back), so the count may be 0-2;
    # what must never happen is one card graded twice or a third grade.
    assert len(card_ids) <= 2
    assert len(set(card_ids)) == len(card_ids)


async def test_a_card_graded_elsewhere_is_not_graded_again(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        service.grade(card, 5)  # another window got there first
        await pilot.press("space", "3")
        await wait_for(pilot, lambda: not screen.busy and screen.item is not None and screen.item.card.id != card.id)
        assert "changed since it was shown" in screen_text(app)
    assert [r[:3] for r in review_rows(service)] == [(card.id, 5, "review")]


async def test_summary_matches_the_review_log(app, service: StudyService, fake_time: FakeTime) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        fake_time.advance(30)
        await grade(pilot, "5")
        fake_time.advance(50)
        await grade(pilot, "1")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary is not None)
        summary = service.session_summary(screen.session.started_utc)
        assert (summary.reviewed, summary.correct, summary.seconds) == (2, 1, 80.0)
        text = screen_text(app)
        assert "Cards reviewed                2" in text
        assert "50% (1 of 2)" in text
        assert "1 min 20 s" in text
        assert f"Due tomorrow                  {summary.due_tomorrow}" in text
        await pilot.press("enter")
        await home_ready(pilot)
        assert "reviewed today 2 (2 new)" in screen_text(app)


async def test_empty_state_offers_more_new_cards_and_practice(make_services: ServicesFactory, fake_time) -> None:
    services = make_services(settings=Settings(new_per_day=1))
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await grade(pilot, "5")
        assert isinstance(app.screen, SummaryScreen)  # the daily limit of one is reached
        await pilot.press("enter")
        screen = await home_ready(pilot)
        text = screen_text(app)
        assert "All done for today. Next reviews: Tue 6 Jan 2026 (tomorrow)." in text
        assert "learn 10 more new cards today" in text
        assert services.study.progress().next_due == date(2026, 1, 6)
        await pilot.press("n")
        session = (await card_ready(pilot)).session
        assert session.extra_new == 10
        assert "Left 4: 4 new" in screen_text(app)
        await grade(pilot, "5")
        assert services.study.progress().new_learned == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("enter")
        screen = await home_ready(pilot)
        assert screen.data.progress.new_learned == 2


async def test_practice_changes_nothing_in_the_collection(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("p")
        screen = await card_ready(pilot)
        assert screen.session.practice
        assert "Practice (not recorded) · done 0 · left 5" in screen_text(app)
        first = screen.item.card
        await grade(pilot, "2")  # goes to the back of the practice queue
        assert "left 5" in screen_text(app)
        await pilot.press("b", "exclamation_mark", "u")  # not available while practising
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary is not None)
        text = screen_text(app)
        assert "Practice finished" in text and "Cards practised               1" in text
        assert "not recorded" in text
    assert review_rows(service) == []
    assert service.get_card(first.id).state == Sm2State()
    assert not service.get_card(first.id).suspended


async def test_topic_scope_studies_only_that_topic(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await home_ready(pilot)
        table = screen.query_one("#decks")
        while table.selected().label != "Extra topic":
            await pilot.press("down")
        await pilot.press("enter")
        review_screen = await card_ready(pilot)
        card = review_screen.item.card
        assert card.topic == "extra"
        assert "Review · Alpha › Extra topic" in screen_text(app)
        await grade(pilot, "5")
        assert isinstance(app.screen, SummaryScreen)
        assert len(review_rows(service)) == 1
        await pilot.press("u")  # undo works from the summary too, back into the session
        review_screen = await card_ready(pilot)
        assert review_rows(service) == []
        assert review_screen.item.card.id == card.id and review_screen.session.done == 0


async def test_four_key_mode_maps_keys_to_sm2_grades(make_services: ServicesFactory, fake_time) -> None:
    services = make_services(settings=Settings(grade_mode="four"))
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await pilot.press("space", "g")  # g shows what each key means under the one-line bar
        await pilot.pause()
        text = screen_text(app)
        assert "Again: incorrect; remembered on seeing the answer" in text
        assert "Easy: perfect response" in text
        await pilot.press("0")  # not a key in four-key mode
        await pilot.pause()
        assert not screen.busy and review_rows(services.study) == []
        await grade(pilot, "3", reveal=False)  # Good
    assert [r[1] for r in review_rows(services.study)] == [4]


async def test_escape_on_an_untouched_session_goes_straight_home(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await pilot.press("escape")
        await home_ready(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_nothing_to_study_in_a_scope_says_so(make_services: ServicesFactory, fake_time) -> None:
    services = make_services(settings=Settings(new_per_day=0))
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_ready(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: "Nothing to study in All decks right now." in screen_text(app))
        assert isinstance(app.screen, HomeScreen)
        assert not isinstance(app.screen, ReviewScreen)


async def test_card_timer_counts_on_screen(app, fake_time: FakeTime) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        fake_time.advance(75)
        screen._tick()
        await pilot.pause()
        assert "time on card 1:15" in screen_text(app)
        review(app)
