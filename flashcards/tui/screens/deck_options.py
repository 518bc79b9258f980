"""The deck options screen: one deck's own new cards and reviews a day and new-card order (blank: the global setting)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Input, Label, Select, Static

from flashcards.core.deck_options import NEW_ORDER_LABELS, DeckOptions, NewOrder
from flashcards.core.errors import FlashcardsError
from flashcards.core.models import Settings
from flashcards.tui.host import HostedScreen, notice_below
from flashcards.tui.messages import Failed
from flashcards.tui.text import fmt, plain, say

ORDERS = [(label, order.value) for order, label in NEW_ORDER_LABELS.items()]
RULE = (
    "Blank: the global setting. Studying this deck alone uses its own limits, counted on its own work "
    "today; All decks keeps the global limits and caps each deck's share by its own."
)


@dataclass
class OptionsLoaded(Message):
    """The deck's options and the global settings were read."""

    deck_id: int
    name: str
    options: DeckOptions
    settings: Settings


@dataclass
class OptionsSaved(Message):
    """The deck's options were stored."""

    name: str


def read_limit(raw: str, label: str) -> int | None:
    """A limit as typed: None for blank (the global setting), else a whole number (ValueError naming `label`)."""
    if not raw.strip():
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise ValueError(f"{label}: enter a whole number, or leave it blank for the global setting") from None


class DeckOptionsScreen(HostedScreen[None]):
    """Edit one deck's own options; Ctrl+S saves, Esc leaves without saving."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, deck: str) -> None:
        super().__init__()
        self.deck = deck
        self.deck_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="deck-options-form"):
            yield Static(plain(self.deck), id="deck-options-title")
            with Horizontal(classes="setting-row"):
                yield Label("New cards per day", classes="setting-label")
                # Disabled until the deck's options are read, so nothing typed is overwritten by them.
                yield Input(type="integer", id="deck_new_per_day", classes="setting-input", disabled=True)
                yield Label("", id="deck-new-hint", classes="setting-hint")
            with Horizontal(classes="setting-row"):
                yield Label("Reviews per day", classes="setting-label")
                yield Input(type="integer", id="deck_reviews_per_day", classes="setting-input", disabled=True)
                yield Label("", id="deck-reviews-hint", classes="setting-hint")
            with Horizontal(classes="setting-row"):
                yield Label("New-card order", classes="setting-label")
                yield Select(ORDERS, value=NewOrder.FILE.value, allow_blank=False, id="deck_new_order")
            yield Static(RULE, id="deck-options-rule")
        yield Static(id="settings-error")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Deck options (Ctrl+S saves, Esc cancels)"
        self._load()

    @work(thread=True, group="deck-options-read", exit_on_error=False)
    def _load(self) -> None:
        study = self.host.study
        try:
            deck_id, name, options = study.deck_options(self.deck)
            settings = study.settings()
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(OptionsLoaded(deck_id, name, options, settings))

    def on_options_loaded(self, message: OptionsLoaded) -> None:
        self.deck_id, self.deck = message.deck_id, message.name
        options, settings = message.options, message.settings
        self.query_one("#deck-options-title", Static).update(fmt("Options of [b]$deck[/b]", deck=message.name))
        for field, value, default in (
            ("new_per_day", options.new_per_day, settings.new_per_day),
            ("reviews_per_day", options.reviews_per_day, settings.reviews_per_day),
        ):
            entry = self.query_one(f"#deck_{field}", Input)
            entry.value = "" if value is None else str(value)
            entry.disabled = False
            self.query_one(f"#deck-{field.split('_')[0]}-hint", Label).update(f"blank: the global {default}")
        self.query_one("#deck_new_order", Select).value = options.new_order.value
        self.query_one("#deck_new_per_day", Input).focus()

    def collect(self) -> DeckOptions:
        """The options as entered. Raises ValueError naming a bad field."""
        return DeckOptions(
            new_per_day=read_limit(self.query_one("#deck_new_per_day", Input).value, "New cards per day"),
            reviews_per_day=read_limit(self.query_one("#deck_reviews_per_day", Input).value, "Reviews per day"),
            new_order=NewOrder(str(self.query_one("#deck_new_order", Select).value)),
        ).validated()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Validate, then save in a write worker."""
        if self.deck_id is None:
            return  # still reading the deck
        try:
            options = self.collect()
        except ValueError as err:
            self._show_error(str(err))
            return
        self._save(self.deck_id, options)

    @work(thread=True, group="deck-options-save", exit_on_error=False)
    def _save(self, deck_id: int, options: DeckOptions) -> None:
        try:
            self.host.study.save_deck_options(deck_id, options)
        except (FlashcardsError, ValueError) as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(OptionsSaved(self.deck))

    def on_options_saved(self, message: OptionsSaved) -> None:
        notice_below(self, f"Options of {message.name} saved.")
        self.dismiss()

    def on_failed(self, message: Failed) -> None:
        self._show_error(message.text)

    def _show_error(self, text: str) -> None:
        self.query_one("#settings-error", Static).update(plain(text))
        say(self, text, severity="error", title="Options not saved")

    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss()
