"""The leech notice in a review session, and `e` there opening the card form on that card."""

from __future__ import annotations

from flashcards.core.clock import FixedClock
from flashcards.core.sm2 import Grade
from flashcards.services import Services
from flashcards.tui.app import build_app
from flashcards.tui.screens.card_edit import CardEditScreen
from tests.support.pilot import FakeTime, card_ready, flat_text, grade, home_ready, wait_for


async def test_eighth_lapse_shows_the_notice_and_e_edits_the_card(services: Services, fake_time: FakeTime) -> None:
    clock = services.collection.clock
    assert isinstance(clock, FixedClock)
    study = services.study
    leech = services.cards.search("dropout").rows[0].id
    study.grade(study.get_card(leech), 4)
    for _ in range(7):
        clock.advance(days=1)
        study.grade(study.get_card(leech), Grade(1))
    clock.advance(days=1)
    other = services.cards.search("overfitting").rows[0].id  # a new card, shown after the leech
    services.cards.suspend([row.id for row in services.cards.search("").rows if row.id not in (leech, other)])
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("a")
        screen = await card_ready(pilot)
        assert screen.item is not None and screen.item.card.id == leech
        await grade(pilot, "1")
        await wait_for(pilot, lambda: "Leech:" in flat_text(app))
        assert "lapsed 8 times" in flat_text(app) and "suspended it" in flat_text(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, CardEditScreen) and app.screen.card_id == leech)
    assert services.cards.listing(leech).leech and services.cards.listing(leech).suspended
