"""The typed way from a screen to the app's services and settings: `self.host` instead of an untyped `self.app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

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


class HostedModal(ModalScreen[ResultT]):
    """A modal screen of the flashcards app."""

    @property
    def host(self) -> FlashcardsApp:
        """The app this screen runs in, typed (every screen here is pushed by FlashcardsApp)."""
        return cast("FlashcardsApp", self.app)
