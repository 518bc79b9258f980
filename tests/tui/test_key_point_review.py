"""Pilot tests: key-point grading in the review screen with real keys (tick, accept with Enter, override, undo)."""

from __future__ import annotations

import sqlite3

from flashcards.core.models import GradeMode, Settings
from flashcards.services import StudyService
from flashcards.tui.app import build_app
from flashcards.tui.widgets.grade_bar import GradeBar
from flashcards.tui.widgets.key_point_checklist import KeyPointChecklist
from tests.support.pilot import FakeTime, ServicesFactory, card_ready, flat_text, reveal, screen_text, start_review

SIZE = (80, 24)


def stored(service: StudyService) -> list[tuple]:
    """(review grade, position, point, said) of every stored key point, in order."""
    with sqlite3.connect(service.db_path) as conn:
        return conn.execute(
            "SELECT r.grade, k.position, k.point, k.said FROM review_key_point k JOIN review r ON r.id = k.review_id"
            " ORDER BY k.review_id, k.position"
        ).fetchall()


def grades(service: StudyService) -> list[int]:
    """The grade of every review, oldest first."""
    with sqlite3.connect(service.db_path) as conn:
        return [g for (g,) in conn.execute("SELECT grade FROM review ORDER BY id")]


async def test_tick_two_of_three_and_accept_with_enter(app, service: StudyService) -> None:
    """Reveal, tick two of three points (a, f), Enter: graded 3 (two thirds), the points stored said/missed."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        card = screen.item.card
        assert card.key_points == ("reservoir", "one pass", "O(k) memory")
        await reveal(pilot)
        await pilot.press("a", "f")
        await pilot.pause()
        assert screen.query_one(KeyPointChecklist).ticked == {0, 2}
        assert screen.query_one(GradeBar).proposal == 3
        text = flat_text(app)
        assert "said 2 of 3 · proposed 3 hard, 1d · Enter" in text
        assert "Enter: 3" in text
        await pilot.press("enter")
        await card_ready(pilot)
        await app.workers.wait_for_complete()
    assert grades(service) == [3]
    assert stored(service) == [(3, 0, "reservoir", 1), (3, 1, "one pass", 0), (3, 2, "O(k) memory", 1)]


async def test_tick_all_and_accept_in_two_keys_then_override_with_a_grade_key(app, service: StudyService) -> None:
    """`t` ticks every point (proposal 4), Enter grades it; on the next card one tick, then 5 overrides the proposal."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await reveal(pilot)
        await pilot.press("t", "enter")  # two keys after the answer
        await card_ready(pilot)
        await reveal(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert screen.query_one(GradeBar).proposal == 2  # 1 of 3 is one third
        await pilot.press("5")
        await card_ready(pilot)
        await app.workers.wait_for_complete()
    assert grades(service) == [4, 5]
    assert [said for *_, said in stored(service)] == [1, 1, 1, 0, 1, 0]
    assert [g for g, *_ in stored(service)] == [4, 4, 4, 5, 5, 5]


async def test_plain_grading_and_enter_without_ticks_stay_as_before(app, service: StudyService) -> None:
    """Without a tick Enter does nothing after the answer and a grade key stores no key points."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await reveal(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert grades(service) == [] and screen.revealed
        assert screen.query_one(GradeBar).proposal is None
        assert "Enter:" not in screen_text(app)
        await pilot.press("4")
        await card_ready(pilot)
        await app.workers.wait_for_complete()
    assert grades(service) == [4]
    assert stored(service) == []


async def test_point_keys_do_nothing_before_the_answer(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await pilot.press("a", "t", "enter")  # Enter reveals; the ticks before it were ignored
        await pilot.pause()
        assert screen.revealed
        assert screen.query_one(KeyPointChecklist).ticked == set()
        assert not screen.query_one(KeyPointChecklist).touched


async def test_unticking_everything_proposes_zero_and_undo_removes_the_points(app, service: StudyService) -> None:
    """Tick then untick: the user engaged, so Enter grades 0 with every point missed; u takes both back."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await reveal(pilot)
        await pilot.press("a", "a")
        await pilot.pause()
        assert screen.query_one(GradeBar).proposal == 0
        await pilot.press("enter")
        await card_ready(pilot)
        await app.workers.wait_for_complete()
        assert grades(service) == [0]
        assert [said for *_, said in stored(service)] == [0, 0, 0]
        await pilot.press("u")
        await card_ready(pilot)
        await app.workers.wait_for_complete()
        assert "Undone" in flat_text(app)
    assert grades(service) == []
    assert stored(service) == []


async def test_four_key_mode_proposes_again_for_a_failing_share(make_services: ServicesFactory) -> None:
    """In four-key mode 1 of 3 (proposal 2) is Again (SM-2 1); the bar says `Enter: Again`."""
    services = make_services(settings=Settings(grade_mode=GradeMode.FOUR))
    app = build_app(services, monotonic=FakeTime())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await reveal(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert screen.query_one(GradeBar).proposal == 1
        assert "Enter: Again" in flat_text(app)
        assert "proposed Again, 1d" in flat_text(app)
        await pilot.press("enter")
        await card_ready(pilot)
        await app.workers.wait_for_complete()
    assert grades(services.study) == [1]


async def test_a_click_on_a_point_ticks_it_in_the_review(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        await reveal(pilot)
        checklist = screen.query_one(KeyPointChecklist)
        await pilot.click(KeyPointChecklist, offset=(10, 3))  # the third point (line 0 is the header)
        await pilot.pause()
        assert checklist.ticked == {2}
        await pilot.press("a")  # keys still work after the click moved the focus
        await pilot.pause()
        assert checklist.ticked == {0, 2}


async def test_missed_points_show_in_card_info_and_on_the_stats_screen(app, services) -> None:
    """Grade with ticks (a: `reservoir` said), open card info with i on its repeat, then the stats screen from home."""
    from flashcards.tui.screens.card_info import CardInfoScreen
    from flashcards.tui.screens.stats import StatsScreen
    from tests.support.pilot import home_ready, wait_for

    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_review(pilot)
        first = screen.item.card
        await reveal(pilot)
        await pilot.press("a", "enter")  # 1 of 3: proposal 2, the card comes back later today
        await card_ready(pilot)
        await app.workers.wait_for_complete()
        app.push_screen(CardInfoScreen(services.stats, first.id))
        await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen) and app.screen.info is not None)
        text = flat_text(app)
        assert "Key points missed most (over 1 checklist review)" in text
        assert "1 of 1 one pass" in text and "1 of 1 O(k) memory" in text
        assert "1 of 1 reservoir" not in text
        await pilot.press("escape")
        await card_ready(pilot)
        await pilot.press("escape")  # end the session: the summary
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
        await pilot.press("enter")
        await home_ready(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.report is not None)
        text = flat_text(app)
        assert "Key points missed most (checklist reviews)" in text
        assert "Alpha › Basics missed 2 of 3" in text
        assert "1/1 one pass" in text
