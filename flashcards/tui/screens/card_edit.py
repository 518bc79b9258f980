"""The card form: edit a card's question, notes, key points, tags and level, or add a card to one of your decks.

Saving goes through CardsService, which checks the values with the deck parser; a problem is
shown in the form and nothing is saved. For a card you edited whose deck file changed since,
the form says so and offers to take the file's version or keep yours.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Input, Label, Select, Static, TextArea

from flashcards.core.deck_format import LEVELS
from flashcards.core.errors import FlashcardsError
from flashcards.core.models import Card
from flashcards.services.cards import CardsService, FileVersion
from flashcards.tui.host import HostedScreen
from flashcards.tui.text import fmt, plain, safe, say, shorten

NO_LEVEL = "none"
LEVEL_CHOICES = [("no level", NO_LEVEL), *((level, level) for level in LEVELS)]


@dataclass
class CardLoaded(Message):
    """The card to edit (and its file version, if you edited it before) was read."""

    card: Card
    file_version: FileVersion | None
    decks: list[str]


@dataclass
class CardSaved(Message):
    """The form was saved (`text` says what happened)."""

    text: str


@dataclass
class EditFailed(Message):
    """Loading or saving failed; nothing was saved."""

    text: str


@dataclass(frozen=True)
class FormValues:
    """What the form holds."""

    question: str
    notes: str
    key_points: tuple[str, ...]
    tags: tuple[str, ...]
    level: str | None


def split_lines(text: str) -> tuple[str, ...]:
    """Key points from the text area: one per non-empty line, a leading `- ` dropped."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("- ", "* ")):
            line = line[2:].strip()
        if line:
            out.append(line)
    return tuple(out)


def split_tags(text: str) -> tuple[str, ...]:
    """Tags from a comma-separated line."""
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


class CardEditScreen(HostedScreen[int | None]):
    """Edit card `card_id`, or (without one) add a card to deck `deck`; dismisses with the card id once saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+t", "take_file", "Take file version", show=False),
        Binding("ctrl+o", "keep_mine", "Keep mine", show=False),
    ]

    def __init__(self, card_id: int | None = None, deck: str | None = None) -> None:
        super().__init__()
        self.card_id = card_id
        self.deck = deck
        self.version: FileVersion | None = None
        self.card_id_saved: int | None = None

    @property
    def cards(self) -> CardsService:
        """The app's card service."""
        return self.host.services.cards

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="edit-upstream")
        with VerticalScroll(id="edit-form"):
            if self.card_id is None:
                yield Label("Deck (one of yours; a new name creates it)", classes="edit-label")
                yield Input(self.deck or "", id="edit-deck")
            yield Label("Question (one line)", classes="edit-label")
            yield Input(id="edit-question", select_on_focus=False)
            yield Label("Notes: the answer, in Markdown", classes="edit-label")
            yield TextArea(id="edit-notes", soft_wrap=True)
            yield Label("Key points, one per line (at most 6)", classes="edit-label")
            yield TextArea(id="edit-points", soft_wrap=True)
            yield Label("Tags, comma-separated", classes="edit-label")
            yield Input(id="edit-tags", select_on_focus=False)
            yield Label("Level", classes="edit-label")
            yield Select(LEVEL_CHOICES, value=NO_LEVEL, allow_blank=False, id="edit-level")
        yield Static(id="edit-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#edit-upstream").display = False
        if self.card_id is None:
            self.sub_title = "add a card"
            self.query_one("#edit-deck" if not self.deck else "#edit-question", Input).focus()
            self._load_decks()
        else:
            self.sub_title = f"edit card {self.card_id}"
            self._load(self.card_id)

    @work(thread=True, group="edit-load", exit_on_error=False)
    def _load(self, card_id: int) -> None:
        try:
            card = self.cards.get(card_id)
            version = self.cards.file_version(card_id)
        except FlashcardsError as err:
            self.post_message(EditFailed(str(err)))
            return
        self.post_message(CardLoaded(card, version, []))

    @work(thread=True, group="edit-load", exit_on_error=False)
    def _load_decks(self) -> None:
        try:
            decks = self.cards.user_decks()
        except FlashcardsError as err:
            self.post_message(EditFailed(str(err)))
            return
        self.query_one("#edit-status", Static).update(
            plain(f"Your decks: {', '.join(decks)}" if decks else "You have no deck of your own yet: name one above.")
        )

    def on_card_loaded(self, message: CardLoaded) -> None:
        card = message.card
        self.query_one("#edit-question", Input).value = safe(card.question)
        # Control characters are shown (and saved) as visible symbols, never sent to the terminal.
        self.query_one("#edit-notes", TextArea).text = safe(card.notes)
        self.query_one("#edit-points", TextArea).text = safe("\n".join(card.key_points))
        self.query_one("#edit-tags", Input).value = safe(", ".join(card.tags))
        self.query_one("#edit-level", Select).value = card.level or NO_LEVEL
        self.sub_title = safe(f"edit card {card.id} · {card.deck} · {shorten(card.question, 40)}")
        self.version = message.file_version
        upstream = self.query_one("#edit-upstream", Static)
        if self.version is not None and self.version.changed:
            upstream.display = True
            upstream.update(
                fmt("The deck file has a newer version of this card. [b]Ctrl+T[/b] takes it, [b]Ctrl+O[/b] keeps yours.")
            )
        elif self.version is not None:
            upstream.display = True
            upstream.update(fmt("You edited this card; your version is kept when the deck file is synced."))
        self.query_one("#edit-question", Input).focus()

    def on_edit_failed(self, message: EditFailed) -> None:
        self.query_one("#edit-status", Static).update(plain(message.text))
        say(self, message.text, severity="error", title="Not saved")

    def _values(self) -> FormValues:
        level = self.query_one("#edit-level", Select).value
        return FormValues(
            question=self.query_one("#edit-question", Input).value.strip(),
            notes=self.query_one("#edit-notes", TextArea).text.strip("\n"),
            key_points=split_lines(self.query_one("#edit-points", TextArea).text),
            tags=split_tags(self.query_one("#edit-tags", Input).value),
            level=None if level == NO_LEVEL or not isinstance(level, str) else level,
        )

    def action_save(self) -> None:
        """Check and save in a worker."""
        deck = self.query_one("#edit-deck", Input).value.strip() if self.card_id is None else None
        self._save(self.card_id, deck, self._values())

    @work(thread=True, group="edit-save", exit_on_error=False)
    def _save(self, card_id: int | None, deck: str | None, v: FormValues) -> None:
        fields = {"question": v.question, "notes": v.notes, "key_points": v.key_points, "tags": v.tags, "level": v.level}
        try:
            if card_id is None:
                new = self.cards.add(deck or "", **fields)
                self.card_id_saved = new
                text = f"Added card {new} to {deck}."
            else:
                changed = self.cards.edit(card_id, **fields)
                self.card_id_saved = card_id
                text = "Saved; progress kept." if changed else "Nothing changed."
        except FlashcardsError as err:
            self.post_message(EditFailed(str(err)))
            return
        self.post_message(CardSaved(text))

    def on_card_saved(self, message: CardSaved) -> None:
        say(self, message.text)
        self.dismiss(self.card_id_saved)

    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)

    def action_take_file(self) -> None:
        """Replace your version with the deck file's newer one."""
        self._settle(True)

    def action_keep_mine(self) -> None:
        """Keep your version (the notice goes until the file changes again)."""
        self._settle(False)

    def _settle(self, take_file: bool) -> None:
        if self.card_id is None or self.version is None:
            return
        self._settle_worker(self.card_id, take_file)

    @work(thread=True, group="edit-save", exit_on_error=False)
    def _settle_worker(self, card_id: int, take_file: bool) -> None:
        try:
            self.cards.settle_edit(card_id, take_file)
        except FlashcardsError as err:
            self.post_message(EditFailed(str(err)))
            return
        self.card_id_saved = card_id
        self.post_message(CardSaved("Took the deck file's version." if take_file else "Kept your version."))
