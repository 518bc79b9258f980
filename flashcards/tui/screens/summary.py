"""The session summary: cards reviewed, share correct, time, repeats and what falls due soon."""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Static

from flashcards.core.errors import FlashcardsError
from flashcards.core.models import GradeMode, SessionSummary
from flashcards.services.session import StudySession
from flashcards.tui.host import HostedScreen
from flashcards.tui.messages import Failed, SummaryLoaded
from flashcards.tui.text import fmt, plain, safe, say, shorten

# The review screen is imported on `u` only (deferred; it imports this module too).


def duration_text(seconds: float) -> str:
    """`4 min 12 s`, or `42 s` under a minute."""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def summary_text(summary: SessionSummary, practice: bool, four_keys: bool = False) -> Content:
    """The summary as aligned lines (`Correct` named in the grade keys' own words)."""
    share = f"{summary.share_correct:.0%} ({summary.correct} of {summary.reviewed})" if summary.reviewed else "–"
    rows = [
        ("Cards practised" if practice else "Cards reviewed", str(summary.reviewed)),
        ("Correct (Hard or better)" if four_keys else "Correct (grade 3 or more)", share),
        ("Time spent", duration_text(summary.seconds)),
        ("Same-day repeats", str(summary.repeats)),
        ("Due tomorrow", str(summary.due_tomorrow)),
        ("Due in the next 7 days", str(summary.due_next_7_days)),
    ]
    return Content("\n").join(fmt("$label  [b]$value[/b]", label=label.ljust(28), value=value) for label, value in rows)


class SummaryScreen(HostedScreen[None]):
    """Shown when a session ends; Enter goes back to the decks."""

    BINDINGS = [
        Binding("enter", "home", "Back to decks", tooltip="Back to the decks (counts refreshed)"),
        Binding("escape", "home", "Back to decks", show=False),
        Binding("u", "undo", "Undo", tooltip="Take back the session's last grade, bury or suspend and study on"),
        Binding("q", "app.quit", "Quit", tooltip="Quit the app"),
    ]

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self.summary: SessionSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="summary-title")
        yield Static("Adding up…", id="summary-body")
        yield Static(id="summary-note")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = safe(f"Session summary · {shorten(self.session.label, 100)}")
        kind = "Practice finished" if self.session.practice else "Session finished"
        self.query_one("#summary-title", Static).update(
            fmt("[b]$kind:[/b] $label", kind=kind, label=self.session.label)
        )
        note = "Practice grades were not recorded; your schedule is unchanged." if self.session.practice else ""
        self.query_one("#summary-note", Static).update(note + "\nPress Enter to go back to your decks.")
        self._load()

    @work(thread=True, group="summary")
    def _load(self) -> None:
        try:
            summary = self.host.study.session_summary(self.session.started_utc)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(SummaryLoaded(summary))

    def on_summary_loaded(self, message: SummaryLoaded) -> None:
        summary = message.summary
        if self.session.practice:
            s = self.session
            summary = replace(summary, reviewed=s.done, correct=s.correct, repeats=s.repeats, seconds=s.seconds)
        self.summary = summary
        four = self.host.settings.grade_mode == GradeMode.FOUR
        self.query_one("#summary-body", Static).update(summary_text(summary, self.session.practice, four))

    def on_failed(self, message: Failed) -> None:
        self.query_one("#summary-body", Static).update(plain(message.text))
        say(self, message.text, severity="error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return not self.session.practice
        return True

    def action_undo(self) -> None:
        """Go back to the review with the last action taken back."""
        from flashcards.tui.screens.review import ReviewScreen

        if not self.session.practice:
            self.app.switch_screen(ReviewScreen(self.session, undo_first=True))

    def action_home(self) -> None:
        """Back to the decks."""
        self.app.pop_screen()
