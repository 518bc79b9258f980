"""The card info screen: the card as it is studied (question, key points, notes), its current state, full review
history and why it has its interval."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from flashcards.core.card_info import CardInfo, HistoryLine
from flashcards.core.sm2 import format_ef
from flashcards.core.stats_format import duration, percent, plural
from flashcards.tui.text import LINE_CHARS, NOTES_CHARS, cell, fmt, hard_breaks, plain, shown
from flashcards.tui.widgets.card_face import Notes
from flashcards.tui.workers import post_if_current

# What SM-2 did is shown under the table for the highlighted review: as a column it was cut at 80 columns.
HISTORY_COLUMNS = ("When", "Study day", "Grade", "Kind", "Interval", "EF", "Time")


class CardInfoSource(Protocol):
    """What the screen needs from the stats service."""

    def card_info(self, card_id: int) -> CardInfo:
        """The card's state and history; raises NotFoundError for an unknown id."""
        ...


class CardInfoScreen(Screen[None]):
    """Everything about one card; Escape goes back."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [Binding("escape,q,i", "close", "Back")]

    class Loaded(Message):
        """The card's info was read in a worker thread."""

        def __init__(self, info: CardInfo) -> None:
            super().__init__()
            self.info = info

    def __init__(self, stats: CardInfoSource, card_id: int) -> None:
        super().__init__()
        self.stats = stats
        self.card_id = card_id
        self.info: CardInfo | None = None

    def compose(self) -> ComposeResult:
        yield Static(fmt("[b]Card info[/b]"), id="info-title")
        yield Static("Loading…", id="info-status")
        with VerticalScroll(id="info-body"):
            yield Static(id="info-question")
            yield Static(id="info-state")
            yield Static(id="info-why")
            yield Static(id="info-preview")
            yield Static(id="info-points")
            yield DataTable(id="info-history", cursor_type="row", zebra_stripes=True)
            yield Static(id="info-step")
            # The rest of the card as it is studied, below its schedule (scroll or PgDn to it).
            yield Static(id="info-key-points")
            yield Notes(id="info-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="card-info", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read the card's info in a thread and post it back."""
        post_if_current(self, self.Loaded(self.stats.card_info(self.card_id)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "card-info" and event.state == WorkerState.ERROR:
            self.query_one("#info-status", Static).update(plain(f"Could not load the card: {event.worker.error}"))

    def on_card_info_screen_loaded(self, message: Loaded) -> None:
        info = self.info = message.info
        self.query_one("#info-status", Static).display = False
        card = info.card
        where = " › ".join(x for x in (card.deck, card.topic_title or card.topic) if x)
        self.query_one("#info-title", Static).update(fmt("[b]Card info[/b] · ") + plain(where))
        self.query_one("#info-question", Static).update(plain(card.question))
        key_points = self.query_one("#info-key-points", Static)
        key_points.update(key_points_text(card.key_points))
        key_points.display = bool(card.key_points)
        self.query_one("#info-notes", Notes).update(hard_breaks(shown(card.notes, NOTES_CHARS)) if card.notes else "_No notes._")
        self.query_one("#info-state", Static).update(state_text(info))
        self.query_one("#info-why", Static).update(why_text(info))
        self.query_one("#info-preview", Static).update(preview_text(info))
        points = self.query_one("#info-points", Static)
        points.update(points_text(info))
        points.display = bool(info.points)
        self._show_history(info)

    def _show_history(self, info: CardInfo) -> None:
        table = self.query_one("#info-history", DataTable)
        table.clear(columns=True)
        table.add_columns(*HISTORY_COLUMNS)
        for line in info.history:
            table.add_row(*history_cells(line))
        if info.history:
            table.move_cursor(row=len(info.history) - 1)
        self._show_step(len(info.history) - 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_step(event.cursor_row)

    def _show_step(self, row: int) -> None:
        """What SM-2 did on history row `row` (↑↓ choose the row), wrapped to the screen's width."""
        history = self.info.history if self.info else ()
        step = self.query_one("#info-step", Static)
        if not 0 <= row < len(history):
            step.update(fmt("[dim]No reviews yet.[/dim]"))
            return
        line = history[row]
        step.update(fmt("[b]What SM-2 did[/b] ($when, ↑↓ another review): ", when=line.local_time) + plain(line.explanation))

    def action_close(self) -> None:
        self.dismiss(None)


def key_points_text(points: tuple[str, ...]) -> Content:
    """The card's key points under a heading, one per line, each literal."""
    return Content("\n").join([fmt("[b]Key points[/b]"), *(fmt("  • ") + plain(shown(p, LINE_CHARS)) for p in points)])


def state_text(info: CardInfo) -> Content:
    """Status, SM-2 numbers and totals of the card."""
    s = info.card.state
    return fmt(
        "[b]State[/b]  $status · repetitions $reps · interval $ivl d · EF $ef · due $due · lapses $lapses\n"
        "[b]Log[/b]    $n · first reviews correct $correct · time $time",
        status=info.status, reps=s.repetitions, ivl=s.interval, ef=format_ef(s.ef_x100),
        due=s.due.isoformat() if s.due else "not scheduled", lapses=s.lapses, n=plural(len(info.history), "answer"),
        correct=percent(info.correct), time=duration(info.seconds),
    )


def why_text(info: CardInfo) -> Content:
    """The 'why this interval' lines under a heading."""
    return Content("\n").join([fmt("[b]Why this interval[/b]"), *(plain(line) for line in info.why)])


def preview_text(info: CardInfo) -> Content:
    """What each grade would do if the card were answered today."""
    parts = "  ".join(f"{q}: {label}" for q, label in sorted(info.preview.items()))
    return fmt("[b]If graded today[/b]  $parts", parts=parts)


def points_text(info: CardInfo) -> Content:
    """The card's key points missed most on checklist reviews (`missed 2 of 3`), or that none was missed."""
    reviews = max((p.shown for p in info.points), default=0)
    head = fmt("[b]Key points missed most[/b] (over $n)", n=plural(reviews, "checklist review"))
    if not info.missed:
        return head + fmt("  none missed")
    lines = [fmt("  [b]$m of $n[/b]  ", m=p.missed, n=p.shown) + plain(p.point) for p in info.missed]
    return Content("\n").join([head, *lines])


def history_cells(line: HistoryLine) -> tuple[Text, ...]:
    """One review as table cells."""
    s = line.step
    return (
        cell(line.local_time), cell(s.study_day.isoformat()), cell(str(s.grade)), cell(s.kind),
        cell(f"{s.before.interval} → {s.after.interval} d"),
        cell(f"{format_ef(s.before.ef_x100)} → {format_ef(s.after.ef_x100)}"),
        cell(f"{s.seconds:.0f} s"),
    )
