"""Helpers for Pilot tests: a fake card timer, waiting on conditions, reading the screen's text, driving a review."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from flashcards.services import Services
from flashcards.tui.app import FlashcardsApp
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.widgets.card_face import CardFace


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Pause until `condition()` is true (then once more so the screen is painted); fail after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.01)
    await pilot.pause()


def screen_text(app: FlashcardsApp) -> str:
    """Every line of the current screen as plain text, as the user sees it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def flat_text(app: FlashcardsApp) -> str:
    """The screen's text with line breaks and runs of spaces folded, for text that may wrap."""
    return " ".join(screen_text(app).split())


def home(app: FlashcardsApp) -> HomeScreen:
    """The current screen, asserted to be home."""
    assert isinstance(app.screen, HomeScreen), app.screen
    return app.screen


def review(app: FlashcardsApp) -> ReviewScreen:
    """The current screen, asserted to be a review."""
    assert isinstance(app.screen, ReviewScreen), app.screen
    return app.screen


async def home_ready(pilot: Pilot) -> HomeScreen:
    """Wait until the home screen shows its counts."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.data is not None)
    return home(pilot.app)


async def card_ready(pilot: Pilot) -> ReviewScreen:
    """Wait until a review screen shows a card and no write is in flight."""
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.item is not None and not app.screen.busy
    )
    return review(app)


async def start_review(pilot: Pilot, key: str = "a") -> ReviewScreen:
    """From home, start a session with `key` and wait for the first card."""
    await home_ready(pilot)
    await pilot.press(key)
    return await card_ready(pilot)


async def reveal(pilot: Pilot) -> ReviewScreen:
    """Press Space and wait until the answer, notes included, is on screen."""
    screen = review(pilot.app)
    await pilot.press("space")
    await wait_for(pilot, lambda: screen.revealed and screen.query_one(CardFace).notes_ready)
    return screen


async def grade(pilot: Pilot, key: str, reveal: bool = True) -> None:
    """Reveal (optionally), press grade `key`, and wait until the grade is in and the next step shown."""
    screen = review(pilot.app)
    if reveal:
        await pilot.press("space")
    done = screen.session.done
    await pilot.press(key)
    await wait_for(
        pilot, lambda: pilot.app.screen is not screen or (not screen.busy and screen.session.done == done + 1)
    )
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class FakeTime:
    """A monotonic clock for the card timer that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass."""
        self.now += seconds


# Builds services over deck files (name -> text); see the `make_services` fixture in tests/tui/conftest.py.
ServicesFactory = Callable[..., Services]
