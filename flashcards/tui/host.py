"""The typed way from a screen to the app's services and settings: `self.host` instead of an untyped `self.app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from flashcards.tui.app import FlashcardsApp

ResultT = TypeVar("ResultT")


class HostedScreen(Screen[ResultT]):
    """A screen of the flashcards app."""

    @property
    def host(self) -> FlashcardsApp:
        """The app this screen runs in, typed (every screen here is pushed by FlashcardsApp)."""
        return cast("FlashcardsApp", self.app)

    def notice(self, text: str) -> None:
        """Tell the user `text` (a plain, non-error message). Screens with a status line show it there,
        where it covers nothing; this default is a notification."""
        from flashcards.tui.text import say

        say(self, text)


def notice_below(screen: Screen[Any], text: str) -> None:
    """Show `text` on the screen under `screen` (the one about to be shown again), or notify if there is none."""
    stack = screen.app.screen_stack
    index = stack.index(screen) if screen in stack else len(stack)
    below = stack[index - 1] if index >= 1 else None
    if isinstance(below, HostedScreen):
        below.notice(text)
    else:
        from flashcards.tui.text import say

        say(screen, text)


class HostedModal(ModalScreen[ResultT]):
    """A modal screen of the flashcards app."""

    @property
    def host(self) -> FlashcardsApp:
        """The app this screen runs in, typed (every screen here is pushed by FlashcardsApp)."""
        return cast("FlashcardsApp", self.app)
