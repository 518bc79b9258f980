"""The mock interview's setup: role, format, length and time per question; Ctrl+S (or the button) starts it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Header, Label, Select, Static

from flashcards.core.errors import FlashcardsError
from flashcards.core.mock import (
    ALL_ROLES,
    FORMAT_HINTS,
    FORMAT_TITLES,
    LENGTH_MINUTES,
    LENGTH_QUESTIONS,
    MockFormat,
    MockRun,
    MockSetup,
)
from flashcards.core.models import MockReviews
from flashcards.tui.host import HostedScreen
from flashcards.tui.messages import Failed
from flashcards.tui.text import fmt, plain, say

ROLE_NAMES = {"mle": "ML engineer", "ds": "Data scientist", ALL_ROLES: "Every deck"}
LENGTHS = [*((f"{n} questions", f"q{n}") for n in LENGTH_QUESTIONS), *((f"{m} minutes", f"m{m}") for m in LENGTH_MINUTES)]
PER_QUESTION = [
    ("3 min, 5 for senior cards", "auto"),
    ("2 min", "120"),
    ("4 min", "240"),
    ("5 min", "300"),
    ("10 min", "600"),
]
FORMATS = [(FORMAT_TITLES[f], f.value) for f in MockFormat]

OnStudy = Callable[[int, str], None]


def role_label(role: str) -> str:
    """`ML engineer (mle)`; a role the app has no name for is shown as it is."""
    name = ROLE_NAMES.get(role)
    if name is None:
        return role
    return name if role == ALL_ROLES else f"{name} ({role})"


def setup_from(role: str, fmt_value: str, length: str, per_question: str) -> MockSetup:
    """The MockSetup the form's choices mean. Raises ValueError for a bad combination."""
    minutes = int(length[1:]) if length.startswith("m") else None
    questions = int(length[1:]) if length.startswith("q") else None
    seconds = None if per_question == "auto" else float(per_question)
    return MockSetup(role, MockFormat(fmt_value), minutes, questions, seconds).validated()


@dataclass
class RolesLoaded(Message):
    """The roles a mock can be set for."""

    roles: list[str]


@dataclass
class MockStarted(Message):
    """The mock is drawn and stored; its first question can be shown."""

    run: MockRun


class MockSetupScreen(HostedScreen[None]):
    """Choose the mock, then start it; Esc goes back to the decks."""

    CSS_PATH = "mock.tcss"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", tooltip="Start the mock interview"),
        Binding("escape", "cancel", "Back", tooltip="Back to the decks"),
    ]

    def __init__(self, on_study: OnStudy | None = None) -> None:
        super().__init__()
        self.on_study = on_study
        self.starting = False
        self.roles_ready = False  # the role list is read in a worker; starting waits for it
        self.start_pending = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="mock-setup-form"):
            yield Static(
                fmt("[b]Mock interview[/b]: questions against the clock, scored by the points you said."),
                id="mock-setup-intro",
            )
            with Horizontal(classes="mock-row"):
                yield Label("Role", classes="mock-label")
                yield Select([(role_label(ALL_ROLES), ALL_ROLES)], value=ALL_ROLES, allow_blank=False, id="mock-role")
            with Horizontal(classes="mock-row"):
                yield Label("Format", classes="mock-label")
                yield Select(FORMATS, value=MockFormat.PHONE.value, allow_blank=False, id="mock-format")
            yield Static(FORMAT_HINTS[MockFormat.PHONE], id="mock-format-hint")
            with Horizontal(classes="mock-row"):
                yield Label("Length", classes="mock-label")
                yield Select(LENGTHS, value="q5", allow_blank=False, id="mock-length")
            with Horizontal(classes="mock-row"):
                yield Label("Time per question", classes="mock-label")
                yield Select(PER_QUESTION, value="auto", allow_blank=False, id="mock-per-question")
            yield Static(id="mock-setup-note")
            yield Button("Start the mock (Ctrl+S)", id="mock-start", variant="primary")
        yield Static(id="mock-setup-error")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Mock interview"
        counts = self.host.settings.mock_reviews == MockReviews.DUE
        self.query_one("#mock-setup-note", Static).update(
            "Answers to cards that are due count as reviews (see Settings)." if counts
            else "Your review schedule is not changed (see Settings)."
        )  # fmt: skip
        self.query_one("#mock-role", Select).focus()
        self._load_roles()

    @work(thread=True, group="mock-setup-read")
    def _load_roles(self) -> None:
        try:
            roles = self.host.services.mocks.roles()
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(RolesLoaded(roles))

    def on_roles_loaded(self, message: RolesLoaded) -> None:
        select = self.query_one("#mock-role", Select)
        select.set_options([(role_label(r), r) for r in message.roles])
        preferred = "mle" if "mle" in message.roles else next((r for r in message.roles if r != ALL_ROLES), ALL_ROLES)
        select.value = preferred
        self.roles_ready = True
        if self.start_pending:
            self.action_start()

    @on(Select.Changed, "#mock-format")
    def _format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.query_one("#mock-format-hint", Static).update(FORMAT_HINTS[MockFormat(event.value)])

    @on(Button.Pressed, "#mock-start")
    def _start_pressed(self) -> None:
        self.action_start()

    def chosen(self) -> MockSetup:
        """The setup as chosen. Raises ValueError for a bad combination."""
        values = [str(self.query_one(f"#{name}", Select).value)
                  for name in ("mock-role", "mock-format", "mock-length", "mock-per-question")]  # fmt: skip
        return setup_from(*values)

    def action_start(self) -> None:
        """Draw the questions and store the mock (in a worker), then show the first question."""
        if self.starting:
            return
        if not self.roles_ready:
            self.start_pending = True
            self.query_one("#mock-setup-error", Static).update("Reading your decks…")
            return
        try:
            setup = self.chosen()
        except ValueError as err:
            self._show_error(str(err))
            return
        self.starting = True
        self.query_one("#mock-setup-error", Static).update("Drawing the questions…")
        self._start(setup)

    @work(thread=True, group="mock-setup-write")
    def _start(self, setup: MockSetup) -> None:
        try:
            run = self.host.services.mocks.start(setup)
        except (FlashcardsError, ValueError) as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(MockStarted(run))

    def on_mock_started(self, message: MockStarted) -> None:
        from flashcards.tui.screens.mock import MockScreen

        self.app.switch_screen(MockScreen(message.run, on_study=self.on_study))

    def on_failed(self, message: Failed) -> None:
        self.starting = False
        self._show_error(message.text)

    def _show_error(self, text: str) -> None:
        self.query_one("#mock-setup-error", Static).update(plain(text))
        say(self, text, severity="error", title="Mock not started")

    def action_cancel(self) -> None:
        """Back to the decks."""
        self.dismiss()
