"""SVG snapshot of the card browser at 80x24 (the smallest supported size)."""

from __future__ import annotations

from textual.pilot import Pilot

from flashcards.services import Services
from flashcards.tui.app import build_app
from flashcards.tui.screens.browser import BrowserScreen
from tests.support.pilot import FakeTime, home_ready, wait_for


def test_browser(snap_compare, services: Services, fake_time: FakeTime) -> None:
    """The browser at 80x24 after `/` on home: the search box, the count and sort line, and the table
    (deck › topic, question, state, due, interval, EF, lapses, reviews) with a suspended card, a
    flagged one, one in learning and one selected, all columns within 80 columns, keys in the footer."""
    cards = services.cards
    cards.suspend([cards.search("p-value").rows[0].id])
    cards.flag([cards.search("dropout").rows[0].id])
    learning = cards.search("learning rate").rows[0].id
    services.study.grade(services.study.get_card(learning), 4)
    app = build_app(services, monotonic=fake_time)

    async def run_before(pilot: Pilot) -> None:
        await home_ready(pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, BrowserScreen) and app.screen.page is not None)
        await pilot.press("down", "down", "space")  # to the table, second card, select it
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
