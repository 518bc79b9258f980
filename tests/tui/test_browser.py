"""The card browser driven by real keys: search as you type, filters, every action, info, the form, add and $EDITOR."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from flashcards.services import Services
from flashcards.tui.app import FlashcardsApp, build_app
from flashcards.tui.screens.browser import BrowserScreen
from flashcards.tui.screens.card_edit import CardEditScreen
from flashcards.tui.screens.card_info import CardInfoScreen
from flashcards.tui.screens.prompts import ConfirmScreen, TextPrompt
from flashcards.tui.screens.review import ReviewScreen
from tests.support.pilot import FakeTime, card_ready, flat_text, grade, home_ready, screen_text, wait_for

MINE = "## What is a user card?\n\n### Notes\nA card of my own about wombats.\n"


def browser(app: FlashcardsApp) -> BrowserScreen:
    assert isinstance(app.screen, BrowserScreen), app.screen
    return app.screen


async def open_browser(pilot) -> BrowserScreen:  # type: ignore[no-untyped-def]
    await home_ready(pilot)
    await pilot.press("slash")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BrowserScreen) and pilot.app.screen.page is not None)
    return browser(pilot.app)


async def search(pilot, text: str) -> BrowserScreen:  # type: ignore[no-untyped-def]
    """Clear the search box, type `text` key by key, wait for its results, then move to the table."""
    screen = browser(pilot.app)
    await pilot.press("slash")
    screen.query_one("#browse-query", Input).value = ""
    await pilot.press(*text) if text else None
    await wait_for(pilot, lambda: screen.page is not None and screen.page.query == text)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(screen.focused, DataTable))
    return screen


def form_loaded(app: FlashcardsApp) -> bool:
    """True once the card form shows the card it edits."""
    return isinstance(app.screen, CardEditScreen) and bool(app.screen.query_one("#edit-question", Input).value)


def questions(screen: BrowserScreen) -> list[str]:
    assert screen.page is not None
    return [row.question for row in screen.page.rows]


async def settled(pilot, screen: BrowserScreen) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_find_by_a_word_of_the_answer_and_open_info(app: FlashcardsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        assert len(questions(screen)) == 5
        screen = await search(pilot, "reserv")  # a prefix of a word in the answer notes only
        assert questions(screen) == ["How do you sample k items from a stream?"]
        assert "1 card(s)" in flat_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_filters_and_a_bad_query(app: FlashcardsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "deck:beta")
        assert questions(screen) == ["What is a p-value?"]
        screen = await search(pilot, 'topic:"Extra topic"')
        assert questions(screen) == ["What is dropout?"]
        await pilot.press("slash")
        # Set in one step: clearing first would let a slow machine run the empty (valid) query in between.
        screen.query_one("#browse-query", Input).value = "is:nonsense"
        await wait_for(pilot, lambda: "unknown state 'nonsense'" in flat_text(app))
        assert questions(screen) == ["What is dropout?"]  # the last good result stays while the query is wrong


async def test_suspend_unsuspend_flag_bury_forget_with_a_selection(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "what is")
        assert len(questions(screen)) == 4
        await pilot.press("space", "space")  # select the first two, cursor moves down
        assert len(screen.selected) == 2
        await pilot.press("s")
        await settled(pilot, screen)
        screen = await search(pilot, "is:suspended")
        assert len(questions(screen)) == 2
        await pilot.press("s")  # the highlighted one is suspended: unsuspend it
        await settled(pilot, screen)
        assert len(questions(screen)) == 1
        await pilot.press("f")
        await settled(pilot, screen)
        screen = await search(pilot, "is:flagged")
        assert len(questions(screen)) == 1 and screen.page is not None and screen.page.rows[0].flagged
        await pilot.press("b")
        await settled(pilot, screen)
        assert services.cards.search("is:buried").total == 1
        await pilot.press("b")
        await settled(pilot, screen)
        assert services.cards.search("is:buried").total == 0
        card = services.cards.search("is:flagged").rows[0]
        services.study.grade(services.study.get_card(card.id), 5)
        await pilot.press("r")
        await settled(pilot, screen)
        assert services.study.get_card(card.id).state.is_new and len(services.study.card_history(card.id)) == 1


async def test_delete_asks_first_and_refuses_bundled_cards(app: FlashcardsApp, services: Services) -> None:
    [mine] = services.cards.add_text("Mine", MINE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "wombats")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert services.cards.search("wombats").total == 1
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settled(pilot, screen)
        assert services.cards.search("wombats").total == 0 and questions(screen) == []
        screen = await search(pilot, "dropout")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settled(pilot, screen)
        assert services.cards.search("dropout").total == 1  # a bundled card stays
    assert mine


async def test_move_and_new_deck(app: FlashcardsApp, services: Services) -> None:
    services.cards.add_text("Mine", MINE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "wombats")
        await pilot.press("N")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"Other", "enter")
        await settled(pilot, screen)
        assert "Other" in services.cards.user_decks()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"other", "enter")
        await settled(pilot, screen)
        assert services.cards.search("deck:other wombats").total == 1
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one(Input).value = ""
        await pilot.press(*"Renamed", "enter")
        await settled(pilot, screen)
        assert services.cards.user_decks() == ["Mine", "Renamed"]


async def test_edit_in_the_form_and_add_from_the_browser(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "dropout")
        await pilot.press("E")
        await wait_for(pilot, lambda: form_loaded(app))
        form = app.screen
        form.query_one("#edit-notes", TextArea).text = "Randomly zero activations; a platypus regulariser."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await settled(pilot, screen)
        assert services.cards.search("platypus").total == 1
        assert services.cards.search("is:edited").total == 1  # a bundled card: kept as your version
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, CardEditScreen))
        form = app.screen
        await pilot.press(*"My deck")
        form.query_one("#edit-question", Input).value = "What is an echidna?"
        form.query_one("#edit-notes", TextArea).text = "A monotreme."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert services.cards.search("deck:\"my deck\" monotreme").total == 1


async def test_form_errors_are_shown_and_nothing_saved(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        await search(pilot, "dropout")
        await pilot.press("E")
        await wait_for(pilot, lambda: form_loaded(app))
        app.screen.query_one("#edit-notes", TextArea).text = ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "has no '### Notes' text" in flat_text(app))
        assert isinstance(app.screen, CardEditScreen)
        await pilot.press("escape")
    assert services.cards.search("is:edited").total == 0


async def test_edit_in_editor(app: FlashcardsApp, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "ed.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('### Notes\\n', '### Notes\\nKangaroo. '))\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "overfitting")
        await pilot.press("e")
        await settled(pilot, screen)
        assert services.cards.search("kangaroo").total == 1


async def test_practise_the_selection(app: FlashcardsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        await search(pilot, "dropout")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.item is not None)
        assert app.screen.session.practice and app.screen.item.card.question == "What is dropout?"


async def test_sort_keys(app: FlashcardsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        await search(pilot, "")
        await pilot.press("o")  # deck -> question
        await wait_for(pilot, lambda: screen.page is not None and screen.page.sort.value == "question")
        assert questions(screen) == sorted(questions(screen), key=str.casefold)
        await pilot.press("O")
        await wait_for(pilot, lambda: screen.page is not None and screen.page.descending)
        assert questions(screen) == sorted(questions(screen), key=str.casefold, reverse=True)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_new_user_finds_unsuspends_edits_and_adds_without_leaving_the_app(
    services: Services, fake_time: FakeTime, size: tuple[int, int]
) -> None:
    """The issue's done-when: from home, find a card by a word of its answer, unsuspend it, edit it, add a card."""
    services.cards.suspend([services.cards.search("p-value").rows[0].id])
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=size) as pilot:
        screen = await open_browser(pilot)
        screen = await search(pilot, "notes b-001")  # the answer: "notes for b-001."
        assert questions(screen) == ["What is a p-value?"]
        assert "suspended" in flat_text(app)
        await pilot.press("s")
        await settled(pilot, screen)
        assert services.cards.search("is:suspended").total == 0
        await pilot.press("E")
        await wait_for(pilot, lambda: form_loaded(app))
        # The cursor starts at the end with nothing selected: a key edits the question, never replaces it.
        await pilot.press("backspace", *", exactly?")
        assert app.screen.query_one("#edit-question", Input).value == "What is a p-value, exactly?"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("escape")  # back home
        await home_ready(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CardEditScreen))
        form = app.screen
        await pilot.press(*"Mine")
        form.query_one("#edit-question", Input).value = "What is a new card?"
        form.query_one("#edit-notes", TextArea).text = "One I wrote."
        await pilot.press("ctrl+s")
        await home_ready(pilot)
    assert services.cards.search("exactly").total == 1
    assert services.cards.search("deck:mine").total == 1


async def test_a_full_page_shows_its_rows_first_then_the_total(app: FlashcardsApp, services: Services) -> None:
    services.cards.add_text("Bulk", "".join(f"## Bulk question {n}?\n\n### Notes\nN {n}.\n\n" for n in range(501)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "deck:bulk")
        assert screen.page is not None and len(screen.page.rows) == 500
        await wait_for(pilot, lambda: "500 of 501 card(s)" in flat_text(app))


async def test_a_file_change_to_an_edited_card_can_be_taken_in_the_form(
    app: FlashcardsApp, services: Services, tmp_path: Path
) -> None:
    dropout = services.cards.search("dropout").rows[0].id
    services.cards.edit(dropout, question="My dropout?", notes="Mine.", key_points=("a",), tags=(), level=None)
    path = tmp_path / "decks" / "alpha-extra.md"
    path.write_text(path.read_text().replace("notes for a-004", "file notes for a-004, newer"))
    assert services.bundled.sync().edits_behind == ("a-004",)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        screen = await search(pilot, "is:edited")
        assert questions(screen) == ["My dropout?"]
        await pilot.press("E")
        await wait_for(pilot, lambda: form_loaded(app) and "newer version" in flat_text(app))
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: app.screen is screen)
    card = services.study.get_card(dropout)
    assert (card.question, card.notes) == ("What is dropout?", "**Answer:** file notes for a-004, newer.")
    assert services.cards.search("is:edited").total == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_column_fits_without_a_horizontal_scroll(
    app: FlashcardsApp, services: Services, size: tuple[int, int]
) -> None:
    """The review count (the last column) is on screen: the table is as wide as the screen, the columns fit in it."""
    card = services.cards.search("dropout").rows[0]
    for _ in range(3):
        services.study.grade(services.study.get_card(card.id), 1)  # three reviews, one lapse each after the first
    async with app.run_test(size=size) as pilot:
        screen = await open_browser(pilot)
        table = screen.query_one(DataTable)
        assert table.size.width == size[0]
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await search(pilot, "dropout")
        line = next(line for line in screen_text(app).splitlines() if "What is dropout" in line)
        assert line.split()[-1] == "3"  # Rev


async def test_keys_typed_in_the_search_box_are_text_until_down_moves_to_the_cards(
    app: FlashcardsApp, services: Services
) -> None:
    """Focus model: the box takes every printable key; ↓ or Enter goes to the table (the status says so), Esc too;
    there the letters (and `!`, as in a review) are actions, and `/` goes back to the box."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        assert isinstance(screen.focused, Input) and "↓ or Enter: to the cards" in screen_text(app)
        await pilot.press(*"dropout s!")
        await wait_for(pilot, lambda: screen.page is not None and screen.page.query == "dropout s!")
        assert services.cards.search("is:suspended").total == 0
        assert screen.query_one("#browse-query", Input).value == "dropout s!"
        screen.query_one("#browse-query", Input).value = "dropout"
        await wait_for(pilot, lambda: screen.page is not None and screen.page.query == "dropout")
        await pilot.press("down")
        # The footer follows the focus a frame later (Textual defers its rebuild), so a loaded machine needs the wait.
        await wait_for(
            pilot,
            lambda: isinstance(screen.focused, DataTable) and "s Suspend" in screen_text(app) and "/ search" in screen_text(app),
        )
        await pilot.press("exclamation_mark")
        await settled(pilot, screen)
        assert [r.question for r in services.cards.search("is:suspended").rows] == ["What is dropout?"]
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)
        await pilot.press("escape")
        assert isinstance(screen.focused, DataTable) and app.screen is screen
        await pilot.press("s")  # unsuspend
        await settled(pilot, screen)
        assert services.cards.search("is:suspended").total == 0


async def test_study_the_selection_now_records_grades_past_the_new_limit(app: FlashcardsApp, services: Services) -> None:
    """S on a selection of new cards studies exactly them, graded, even when today's new-card limit is spent."""
    settings = services.study.settings()
    services.study.save_settings(replace(settings, new_per_day=1))
    first = services.study.next_card()
    assert first is not None
    services.study.grade(first.card, 5)  # the day's one new card
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        screen = await search(pilot, "what is")
        wanted = [row for row in screen.page.rows if row.stage.value == "new"][:2] if screen.page else []
        assert len(wanted) == 2
        for row in wanted:
            screen.selected.add(row.id)
        await pilot.press("S")
        review = await card_ready(pilot)
        assert not review.session.practice and review.item is not None
        assert review.item.card.id in {row.id for row in wanted}
        await grade(pilot, "5")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.item is not None)
        assert app.screen.item is not None and app.screen.item.card.id in {row.id for row in wanted}
    graded = [services.study.card_history(row.id) for row in wanted]
    assert sum(len(h) for h in graded) == 1
