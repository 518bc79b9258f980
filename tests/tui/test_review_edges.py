"""Edge cases found in review: a failed undo can be retried; a session ending under another screen."""

from __future__ import annotations

from flashcards.core.errors import DatabaseError
from flashcards.services import StudyService
from flashcards.tui.screens.card_info import CardInfoScreen
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.screens.summary import SummaryScreen
from tests.support.pilot import card_ready, home_ready, screen_text, start_review, wait_for

SIZE = (100, 30)


async def test_a_failed_undo_keeps_the_action_for_the_next_u(app, service: StudyService, monkeypatch) -> None:
    real_unbury = service.unbury
    calls = []

    def flaky_unbury(card_id: int) -> None:
        calls.append(card_id)
        if len(calls) == 1:
            raise DatabaseError("collection busy (test)")
        real_unbury(card_id)

    monkeypatch.setattr(service, "unbury", flaky_unbury)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        screen = await start_review(pilot)
        buried = screen.item.card
        await pilot.press("b")
        await wait_for(pilot, lambda: screen.item is not None and screen.item.card.id != buried.id and not screen.busy)
        assert service.get_card(buried.id).buried_until is not None
        await pilot.press("u")
        await wait_for(pilot, lambda: len(calls) == 1 and not screen.busy)
        assert service.get_card(buried.id).buried_until > service.today()
        assert [a.kind for a in screen.session.history] == ["bury"]  # kept for another try
        await pilot.press("u")
        await wait_for(pilot, lambda: len(calls) == 2 and not screen.busy)
        until = service.get_card(buried.id).buried_until
        assert until is None or until <= service.today()  # available again today
        assert screen.item.card.id == buried.id


async def test_ending_while_card_info_is_open_lands_on_the_summary(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        screen = await start_review(pilot)
        await pilot.press("space", "4")
        await card_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen))
        screen.finish()
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert not any(isinstance(s, (ReviewScreen, CardInfoScreen)) for s in app.screen_stack)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "Study" in screen_text(app)


async def test_a_card_at_the_field_limit_shows_cut_and_whole_in_the_database(
    empty_services,
    fake_time,
    tmp_path,  # noqa: ANN001
) -> None:
    """A 1 MiB question and 1 MiB notes (the largest an import allows) appear cut to what fits on a screen."""
    from flashcards.importers.limits import MAX_FIELD_CHARS
    from flashcards.tui.app import build_app
    from flashcards.tui.text import NOTES_CHARS, QUESTION_CHARS
    from tests.support.db import write
    from tests.support.pilot import reveal

    question, notes = "Q" * MAX_FIELD_CHARS, "n" * MAX_FIELD_CHARS
    empty_services.imports.import_paths([write(tmp_path / "big.csv", f"Front,Back\n{question},{notes}\n")])
    app = build_app(empty_services, monotonic=fake_time)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        screen = await start_review(pilot)
        assert screen.item.card.question == question  # the whole text is what is stored
        shown = str(app.screen.query_one("#question").content)
        assert shown.startswith("Q" * QUESTION_CHARS + "\n…")
        assert f"{MAX_FIELD_CHARS - QUESTION_CHARS:,} more characters not shown" in shown
        await reveal(pilot)
        rendered = app.screen.query_one("#notes").source
        assert f"{MAX_FIELD_CHARS - NOTES_CHARS:,} more characters not shown" in rendered
        assert rendered.count("n") < NOTES_CHARS + 100


async def test_arrow_and_page_keys_scroll_a_long_answer_without_moving_the_focus(make_services, fake_time) -> None:
    """Showing the answer changes no focus (a focus change repaints the whole screen); the screen's own
    keys scroll the answer, and do nothing while it is hidden."""
    from flashcards.tui.app import build_app
    from flashcards.tui.widgets.card_face import AnswerScroll
    from tests.support.decks import card, deck
    from tests.support.pilot import reveal

    notes = "\n\n".join(f"Paragraph {i} of a long answer." for i in range(60))
    services = make_services({"long.md": deck("Long", "long", "Long", [card("l-001", "A long one?", notes)])})
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        answer = screen.query_one(AnswerScroll)
        await pilot.press("pagedown")  # hidden: nothing to scroll
        await reveal(pilot)
        assert screen.focused is None and answer.scroll_y == 0
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: answer.scroll_y > 0)
        down = answer.scroll_y
        await pilot.press("down")
        await wait_for(pilot, lambda: answer.scroll_y > down)
        await pilot.press("end")
        await wait_for(pilot, lambda: answer.scroll_y == answer.max_scroll_y)
        await pilot.press("up")
        await wait_for(pilot, lambda: answer.scroll_y == answer.max_scroll_y - 1)
        await pilot.press("home")
        await wait_for(pilot, lambda: answer.scroll_y == 0)
        await pilot.press("pagedown", "pageup")
        await wait_for(pilot, lambda: answer.scroll_y == 0)
        assert screen.focused is None
