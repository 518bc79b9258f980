"""The deck options screen driven by real keys from home: open, save, refuse a bad value, cancel, the counts."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from flashcards.core.deck_options import DeckOptions, NewOrder
from flashcards.services import Services
from flashcards.tui.app import FlashcardsApp, build_app
from flashcards.tui.screens.deck_options import DeckOptionsScreen
from flashcards.tui.widgets.deck_table import DeckTable
from tests.support.pilot import FakeTime, flat_text, home_ready, wait_for


def options_screen(app: FlashcardsApp) -> DeckOptionsScreen:
    assert isinstance(app.screen, DeckOptionsScreen), app.screen
    return app.screen


async def open_options(pilot, rows_down: int = 1) -> DeckOptionsScreen:  # type: ignore[no-untyped-def]
    """From home, highlight the row `rows_down` under All decks and press o; wait until the deck's options show."""
    await home_ready(pilot)
    await pilot.press(*["down"] * rows_down, "o")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DeckOptionsScreen) and pilot.app.screen.deck_id is not None)
    return options_screen(pilot.app)


async def test_set_a_decks_own_new_limit_and_order_from_home(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_options(pilot)  # Alpha, the first deck
        assert "Options of Alpha" in flat_text(app) and "blank: the global 20" in flat_text(app)
        field = screen.query_one("#deck_new_per_day", Input)
        assert field.value == "" and screen.focused is field
        await pilot.press(*"2")
        screen.query_one("#deck_new_order").value = NewOrder.LEVEL.value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        home = await home_ready(pilot)
        await wait_for(pilot, lambda: "Options of Alpha saved." in flat_text(app))
        await wait_for(pilot, lambda: home.query_one(DeckTable).row(f"deck:{screen.deck_id}").new == 2)
        assert services.study.deck_options("Alpha")[2] == DeckOptions(2, None, NewOrder.LEVEL)
        screen = await open_options(pilot, rows_down=0)  # the cursor stayed on Alpha
        assert screen.query_one("#deck_new_per_day", Input).value == "2"
        assert str(screen.query_one("#deck_new_order").value) == "level"  # type: ignore[attr-defined]


async def test_a_bad_value_is_refused_and_escape_keeps_the_options(app: FlashcardsApp, services: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_options(pilot)
        await pilot.press(*"-5", "enter")
        await wait_for(pilot, lambda: "New cards per day must be 0-9999" in flat_text(app))
        assert app.screen is screen and services.study.deck_options("Alpha")[2] == DeckOptions()
        await pilot.press("escape")
        await home_ready(pilot)
    assert services.study.deck_options("Alpha")[2] == DeckOptions()


async def test_o_on_all_decks_says_it_uses_the_global_settings(app: FlashcardsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: "All decks uses the global settings" in flat_text(app))


async def test_a_deck_opened_after_the_global_limit_was_used_shows_and_serves_its_own(
    services: Services, fake_time: FakeTime
) -> None:
    """Home's New column for Beta after Alpha used the day's one new card, and the session on Beta agrees."""
    services.study.save_settings(replace(services.study.settings(), new_per_day=1))
    alpha = services.study.find_deck("Alpha").id
    from flashcards.services import Scope

    item = services.study.next_card(Scope(alpha))
    assert item is not None
    services.study.grade(item.card, 5)
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await home_ready(pilot)
        table = home.query_one(DeckTable)
        beta = services.study.find_deck("Beta").id
        assert table.row("all").new == 0 and table.row(f"deck:{alpha}").new == 0 and table.row(f"deck:{beta}").new == 1
        keys = list(table._rows)
        await pilot.press(*["down"] * keys.index(f"deck:{beta}"), "enter")
        from tests.support.pilot import card_ready

        review = await card_ready(pilot)
        assert review.item is not None and review.item.card.deck == "Beta"
        assert review.session.counts is not None and review.session.counts.new == 1
