"""A mock interview in progress: each question with its countdown, the answer hidden until done or time up,
then the key-point checklist scores it and Enter stores it (in a worker) before the next question."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Header, Markdown, Static

from flashcards.core.errors import FlashcardsError
from flashcards.core.mock import FORMAT_TITLES, Countdown, MockAnswer, MockQuestion, MockReport, MockRun, clock_text
from flashcards.tui.host import HostedScreen, notice_below
from flashcards.tui.messages import Failed
from flashcards.tui.screens.mock_setup import OnStudy
from flashcards.tui.text import LINE_CHARS, NOTES_CHARS, QUESTION_CHARS, fmt, hard_breaks, plain, say, shown
from flashcards.tui.widgets.key_point_checklist import ChecklistHost, KeyPointChecklist, host_bindings

# How often the countdown is redrawn and checked (seconds of real time).
TICK_SECONDS = 0.25
# Under this many seconds left the countdown is drawn as a warning.
LOW_SECONDS = 30.0
TIME_BAR_WIDTH = 60


def time_bar(left: float, limit: float, width: int) -> Content:
    """The time left as a bar of `width` cells (full at the start, empty when time is up) and `2:41 left`."""
    full = round(width * left / limit) if limit > 0 else 0
    return fmt("[b]$full[/b][dim]$empty[/dim] $left left", full="█" * full, empty="░" * (width - full),
               left=clock_text(left))  # fmt: skip


@dataclass
class MockAnswered(Message):
    """An answer was stored; the run has moved on."""

    answer: MockAnswer


@dataclass
class MockFinished(Message):
    """The mock was closed: its report, or None when it ended before any answer (nothing is kept then)."""

    report: MockReport | None


def question_meta(run: MockRun, question: MockQuestion) -> Content:
    """`Question 2 of 5 · ML Engineer › Model serving · mid`."""
    card = question.card
    where = f"{card.deck} › {card.topic_title or card.topic or '(no topic)'}"
    level = f" · {card.level}" if card.level else ""
    return fmt(
        "[b]Question $n of $total[/b] · $where$level",
        n=run.position + 1,
        total=len(run.questions),
        where=shown(where, LINE_CHARS),
        level=level,
    )


class MockScreen(ChecklistHost, HostedScreen[None]):
    """One question at a time against its time limit; writes run in workers and keys wait while one is in flight."""

    CSS_PATH = "mock.tcss"
    BINDINGS = [
        Binding("enter", "done", "Done", tooltip="Done answering: stop the clock and show the key points"),
        Binding("space", "done", "Done", show=False),
        Binding("enter", "next", "Next", tooltip="Store this answer with the points ticked and go on"),
        Binding("escape", "end", "End mock", tooltip="End the mock now and see the report of the answers so far"),
        *host_bindings(),
    ]

    @classmethod
    def main_bindings(cls) -> list[Binding]:
        """The bindings other than the checklist's point keys (for the help screen)."""
        return [b for b in cls.BINDINGS if isinstance(b, Binding) and not b.action.startswith("toggle")]

    def __init__(self, run: MockRun, on_study: OnStudy | None = None) -> None:
        super().__init__()
        self.run = run
        self.on_study = on_study
        self.revealed = False
        self.timed_out = False
        self.busy = False
        self.ending = False
        self.taken = 0.0  # seconds used on the question shown, fixed when it is revealed
        self.countdown = Countdown(0.0, 0.0)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="mock-bar"):
            yield Static(id="mock-meta")
            yield Static(id="mock-clock")
        with Vertical(id="mock-card"):
            yield Static(id="mock-question")
            yield Static(id="mock-timebar")
            yield Static(id="mock-hint")
            with VerticalScroll(id="mock-answer"):
                yield KeyPointChecklist(id="mock-points")
                yield Markdown(id="mock-notes")
        yield Static(id="mock-status")
        yield Footer()

    def on_mount(self) -> None:
        setup = self.run.setup
        length = f"{setup.minutes} min" if setup.minutes is not None else f"{len(self.run.questions)} questions"
        self.sub_title = f"Mock · {FORMAT_TITLES[setup.format]} · {setup.role} · {length}"
        self.set_interval(TICK_SECONDS, self._tick)
        self.show_question()
        if setup.questions is not None and len(self.run.questions) < setup.questions:
            title = FORMAT_TITLES[setup.format].lower()
            self._status(plain(f"Only {len(self.run.questions)} cards fit a {title} here: "
                               f"this mock has {len(self.run.questions)} questions."))  # fmt: skip

    def _now(self) -> float:
        return self.host.monotonic()

    def on_screen_suspend(self) -> None:
        self.countdown.pause(self._now())  # help or the palette is over the question

    def on_screen_resume(self) -> None:
        self.countdown.resume(self._now())
        self._tick()

    # -- the question and its countdown -----------------------------------------------------------

    def show_question(self) -> None:
        """Show the current question with the answer hidden, and start its countdown."""
        question = self.run.current
        if question is None:
            return
        self.revealed = False
        self.timed_out = False
        self.refresh_bindings()
        self.countdown = Countdown(question.time_limit, self._now())
        self.query_one("#mock-meta", Static).update(question_meta(self.run, question))
        self.query_one("#mock-question", Static).update(plain(shown(question.card.question, QUESTION_CHARS)))
        hint = self.query_one("#mock-hint", Static)
        hint.update("Answer as you would aloud, then press Enter. The key points stay hidden until then.")
        hint.display = True
        self.query_one("#mock-timebar").display = True
        self.query_one("#mock-answer").display = False
        self.query_one(KeyPointChecklist).show(question.card.key_points)
        self._status(Content(""))
        self._tick()

    def _tick(self) -> None:
        clock = self.query_one("#mock-clock", Static)
        if self.revealed:
            limit = clock_text(self.countdown.limit)
            took = f"time up at {limit}" if self.timed_out else f"took {clock_text(self.taken)} of {limit}"
            clock.update(took)
            clock.set_class(False, "-low")
            return
        now = self._now()
        left = self.countdown.remaining(now)
        clock.update(f"{clock_text(left)} left of {clock_text(self.countdown.limit)}")
        clock.set_class(left <= LOW_SECONDS, "-low")
        bar = self.query_one("#mock-timebar", Static)
        bar.update(time_bar(left, self.countdown.limit, TIME_BAR_WIDTH))
        bar.set_class(left <= LOW_SECONDS, "-low")
        if self.countdown.expired(now) and self.run.current is not None and not self.busy:
            self.reveal(timed_out=True)

    def reveal(self, timed_out: bool = False) -> None:
        """Stop the countdown and show the key points to tick and the notes."""
        question = self.run.current
        if question is None or self.revealed:
            return
        self.taken = question.time_limit if timed_out else self.countdown.elapsed(self._now())
        self.revealed = True
        self.timed_out = timed_out
        self.refresh_bindings()
        self.query_one("#mock-hint").display = False
        self.query_one("#mock-timebar").display = False
        answer = self.query_one("#mock-answer", VerticalScroll)
        answer.display = True
        answer.scroll_home(animate=False)
        notes = question.card.notes
        self.query_one(Markdown).update(hard_breaks(shown(notes, NOTES_CHARS)) if notes else "_No notes._")
        self.query_one(KeyPointChecklist).focus()
        head = "[b]Time is up.[/b] " if timed_out else ""
        self._status(fmt(head + "Tick the key points you said, then Enter for the next question."))
        self._tick()

    def _status(self, text: Content) -> None:
        status = self.query_one("#mock-status", Static)
        status.update(text)
        status.display = bool(text.plain)

    def notice(self, text: str) -> None:
        """Show `text` on the status line under the question (a toast would cover the countdown)."""
        self._status(plain(text))

    # -- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_point", "toggle_all_points", "next"):
            return self.revealed
        if action == "done":
            return not self.revealed
        return True

    def action_done(self) -> None:
        """Done answering: stop the countdown and show the key points."""
        if not self.busy and self.run.current is not None:
            self.reveal()

    def action_next(self) -> None:
        """Store the answer with the points ticked and show the next question (or the report)."""
        if not self.busy and self.revealed and self.run.current is not None:
            self._store_current()

    def _store_current(self) -> None:
        checklist = self.query_one(KeyPointChecklist)
        said = [i in checklist.ticked for i in range(checklist.total)]
        self.busy = True
        self._answer(said, self.taken, self.timed_out)

    def action_end(self) -> None:
        """End the mock now: an answer on screen is stored with its ticks, then the report of what was answered."""
        if self.busy:
            self.ending = True
            return
        self.ending = True
        if self.revealed and self.run.current is not None:
            self._store_current()
            return
        self.busy = True
        self._finish()

    # -- workers and their results ----------------------------------------------------------------

    @work(thread=True, group="mock-write")
    def _answer(self, said: list[bool], seconds: float, timed_out: bool) -> None:
        try:
            answer = self.host.services.mocks.answer(self.run, said, seconds, timed_out)
        except (FlashcardsError, ValueError) as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(MockAnswered(answer))

    @work(thread=True, group="mock-write")
    def _finish(self) -> None:
        try:
            report = self.host.services.mocks.finish(self.run)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(MockFinished(report))

    def on_mock_answered(self, _: MockAnswered) -> None:
        if self.ending or self.run.current is None:
            self._finish()
            return
        self.busy = False
        self.show_question()

    def on_mock_finished(self, message: MockFinished) -> None:
        from flashcards.tui.screens.mock_report import MockReportScreen

        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()  # help opened while the last answer was saving
        if message.report is None:
            notice_below(self, "Mock ended before any answer; nothing was kept.")
            self.app.pop_screen()
            return
        self.app.switch_screen(MockReportScreen(message.report, on_study=self.on_study))

    def on_failed(self, message: Failed) -> None:
        self.busy = False
        self.ending = False
        say(self, message.text, severity="error", title="Not saved")
        self._status(plain(f"{message.text}. Press Enter to try again, Esc to end."))

    def palette_commands(self) -> list[SystemCommand]:
        """Command palette entries for this screen."""
        return [
            SystemCommand("Done answering", "Stop the clock and show the key points", self.action_done),
            SystemCommand("Next question", "Store this answer and go on", self.action_next),
            SystemCommand("End mock", "See the report of the answers so far", self.action_end),
        ]
