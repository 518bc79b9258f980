"""The settings screen: daily limits, rollover hour, grade keys and theme, saved to the collection."""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Select, Static

from flashcards.core.errors import FlashcardsError
from flashcards.core.models import GradeMode, LeechAction, MockReviews, Settings
from flashcards.tui.host import HostedScreen, notice_below
from flashcards.tui.messages import Failed, SettingsSaved
from flashcards.tui.text import plain, say

NUMBER_FIELDS = (
    ("new_per_day", "New cards per day", "0-9999"),
    ("reviews_per_day", "Reviews per day", "0-99999"),
    ("rollover_hour", "New day starts at hour", "0-23, local time"),
    ("leech_threshold", "Leech after lapses", "0 turns leeches off"),
)
LEECH_ACTIONS = [
    ("Mark and suspend a leech", LeechAction.SUSPEND.value),
    ("Only mark a leech", LeechAction.TAG.value),
]
MOCK_REVIEWS = [
    ("Leave the schedule alone", MockReviews.OFF.value),
    ("Count as reviews of due cards", MockReviews.DUE.value),
]
GRADE_MODES = [
    ("Six keys: 0-5, the SM-2 grades", GradeMode.SIX.value),
    ("Four keys: 1-4 Again/Hard/Good/Easy", GradeMode.FOUR.value),
]


def read_number(raw: str, label: str) -> int:
    """`raw` as a whole number, or ValueError naming `label`."""
    try:
        return int(raw.strip())
    except ValueError:
        raise ValueError(f"{label}: enter a whole number") from None


class SettingsScreen(HostedScreen[None]):
    """Edit and save the settings; the theme previews as you choose it."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: Settings, themes: list[str]) -> None:
        super().__init__()
        self.current = current
        self.themes = themes

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="settings-form"):
            for name, label, hint in NUMBER_FIELDS:
                with Horizontal(classes="setting-row"):
                    yield Label(label, classes="setting-label")
                    yield Input(str(getattr(self.current, name)), type="integer", id=name, classes="setting-input")
                    yield Label(hint, classes="setting-hint")
            with Horizontal(classes="setting-row"):
                yield Label("Grade keys", classes="setting-label")
                yield Select(GRADE_MODES, value=self.current.grade_mode.value, allow_blank=False, id="grade_mode")
            with Horizontal(classes="setting-row"):
                yield Label("Leeches", classes="setting-label")
                yield Select(LEECH_ACTIONS, value=self.current.leech_action.value, allow_blank=False, id="leech_action")
            with Horizontal(classes="setting-row"):
                yield Label("Mock interview answers", classes="setting-label")
                yield Select(MOCK_REVIEWS, value=self.current.mock_reviews.value, allow_blank=False, id="mock_reviews")
            with Horizontal(classes="setting-row"):
                yield Label("Theme", classes="setting-label")
                yield Select([(t, t) for t in self.themes], value=self._theme(), allow_blank=False, id="theme")
        yield Static(id="settings-error")
        yield Footer()

    def _theme(self) -> str:
        return self.current.theme if self.current.theme in self.themes else self.app.theme

    def on_mount(self) -> None:
        self.theme_at_open = self.app.theme
        self.sub_title = "Settings (Ctrl+S saves, Esc cancels)"
        self.query_one("#new_per_day", Input).focus()

    @on(Select.Changed, "#theme")
    def _preview_theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def collect(self) -> Settings:
        """The settings as entered. Raises ValueError naming a bad field."""
        numbers = {
            name: read_number(self.query_one(f"#{name}", Input).value, label) for name, label, _ in NUMBER_FIELDS
        }
        mode = self.query_one("#grade_mode", Select).value
        theme = self.query_one("#theme", Select).value
        return replace(
            self.current,
            new_per_day=numbers["new_per_day"],
            reviews_per_day=numbers["reviews_per_day"],
            rollover_hour=numbers["rollover_hour"],
            leech_threshold=numbers["leech_threshold"],
            leech_action=LeechAction(str(self.query_one("#leech_action", Select).value)),
            grade_mode=GradeMode(str(mode)),
            mock_reviews=MockReviews(str(self.query_one("#mock_reviews", Select).value)),
            theme=str(theme),
        ).validated()

    def action_save(self) -> None:
        """Validate and save in a worker."""
        try:
            new = self.collect()
        except ValueError as err:
            self._show_error(str(err))
            return
        self._save(new)

    @work(thread=True, group="settings-save")
    def _save(self, new: Settings) -> None:
        try:
            saved = self.host.study.save_settings(new)
        except (FlashcardsError, ValueError) as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(SettingsSaved(saved))

    def on_settings_saved(self, message: SettingsSaved) -> None:
        self.host.apply_settings(message.settings)
        notice_below(self, "Settings saved.")  # on the screen below's status line: a toast would follow onto the next
        self.dismiss()

    def on_failed(self, message: Failed) -> None:
        self._show_error(message.text)

    def _show_error(self, text: str) -> None:
        self.query_one("#settings-error", Static).update(plain(text))
        say(self, text, severity="error", title="Settings not saved")

    def action_cancel(self) -> None:
        """Leave without saving, restoring the theme."""
        self.app.theme = self.theme_at_open
        self.dismiss()
