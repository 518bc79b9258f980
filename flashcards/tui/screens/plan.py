"""The interview plan screen: the interviews set, each one's plan day by day, and a form to set or remove one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from flashcards.core.errors import FlashcardsError
from flashcards.core.plan import ROLES, Interview, InterviewScope, Plan, short_day
from flashcards.core.plan_text import TABLE_NOTE, plan_head, plan_table
from flashcards.tui.host import HostedScreen
from flashcards.tui.messages import Failed
from flashcards.tui.text import cell, plain, say
from flashcards.tui.workers import post_if_current

PLAN_HINT = "a: set an interview · x: remove the highlighted one · Esc: back"
FORM_HINT = "Date as YYYY-MM-DD, Tab: the scope · Enter (in the date) or Ctrl+S saves · Esc: cancel"


@dataclass(frozen=True)
class PlanEntry:
    """An interview with its plan (None once it has passed) and readiness (now, projected)."""

    interview: Interview
    plan: Plan | None
    readiness: tuple[float, float] | None


@dataclass
class PlansLoaded(Message):
    """The interviews and their plans were read, with the deck names for the scope choice."""

    entries: list[PlanEntry]
    decks: list[str]


@dataclass
class PlanChanged(Message):
    """An interview was set or removed; `text` says what happened."""

    text: str


def scope_options(decks: list[str]) -> list[tuple[str, str]]:
    """The scope choice: every deck, each role, each deck."""
    return [("Every deck", "all"), *((f"Role {r}", f"role:{r}") for r in ROLES), *((f"Deck: {d}", f"deck:{d}") for d in decks)]


def scope_of(value: str) -> InterviewScope:
    """The InterviewScope a scope option stands for."""
    kind, _, name = value.partition(":")
    if kind == "role":
        return InterviewScope(role=name)
    if kind == "deck":
        return InterviewScope(decks=(name,))
    return InterviewScope()


def parse_day(text: str) -> date:
    """A date typed as YYYY-MM-DD. Raises ValueError with a message for the form."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date: type it as YYYY-MM-DD") from None


class PlanScreen(HostedScreen[None]):
    """Interviews and their plans; `a` sets one, `x` removes the highlighted one."""

    BINDINGS = [
        Binding("a", "add", "Set interview", tooltip="Set an interview date and scope"),
        Binding("ctrl+s", "save", "Save", tooltip="Set the interview in the form"),
        Binding("x,delete", "remove", "Remove", tooltip="Remove the highlighted interview"),
        Binding("escape", "back", "Back", tooltip="Close the form, or go back home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[PlanEntry] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield DataTable(cursor_type="row", id="plan-interviews")
        with Horizontal(id="plan-form"):
            yield Label("Interview on", classes="plan-label")
            yield Input(placeholder="YYYY-MM-DD", id="plan-date")
            yield Select(scope_options([]), value="all", allow_blank=False, id="plan-scope")
        with VerticalScroll(id="plan-body"):
            yield Static("Loading your interviews…", id="plan-text")
        yield Static(PLAN_HINT, id="plan-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "interview plan"
        self.query_one("#plan-form").display = False
        self.query_one(DataTable).add_columns("id", "day", "scope", "plan")
        self._load()

    @work(thread=True, exclusive=True, group="plan-load")
    def _load(self) -> None:
        services = self.host.services
        try:
            today = services.study.today()
            entries = []
            for interview in services.plan.interviews():
                if interview.day > today:
                    plan = services.plan.plan(interview)
                    ready = services.plan.readiness(plan)
                    entries.append(PlanEntry(interview, plan, (ready.now, ready.then)))
                else:
                    entries.append(PlanEntry(interview, None, None))
            decks = [d.name for d in services.study.deck_summaries()]
        except FlashcardsError as err:
            post_if_current(self, Failed(str(err)))
            return
        post_if_current(self, PlansLoaded(entries, decks))

    def on_plans_loaded(self, message: PlansLoaded) -> None:
        self.entries = message.entries
        select = self.query_one("#plan-scope", Select)
        select.set_options(scope_options(message.decks))
        select.value = "all"
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            iv = entry.interview
            status = "ended" if entry.plan is None else "on track" if entry.plan.on_track else "behind"
            table.add_row(str(iv.id), cell(f"{short_day(iv.day)} {iv.day.year}"), cell(iv.scope.label()), status,
                          key=str(iv.id))
        if not self.query_one("#plan-form").display:
            table.focus()
        self._show(0 if self.entries else None)

    def _show(self, index: int | None) -> None:
        text = self.query_one("#plan-text", Static)
        if index is None or index >= len(self.entries):
            text.update("No interview set. Press a to set one: its date and what it covers (a role or a deck).\n\n"
                        "Until that day new cards are paced so each gets three reviews in time, and reviews "
                        "due after it are brought into the last three days before it.")
            return
        entry = self.entries[index]
        if entry.plan is None:
            text.update(plain(f"{entry.interview.label()}: this interview has passed; normal scheduling again."))
            return
        lines = [*plan_head(entry.plan, entry.readiness), "", *plan_table(entry.plan), TABLE_NOTE]
        text.update(plain("\n".join(lines)))

    @on(DataTable.RowHighlighted, "#plan-interviews")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def on_failed(self, message: Failed) -> None:
        self._hint(message.text, error=True)
        say(self, message.text, severity="error", title="Interview plan")

    def _hint(self, text: str, error: bool = False) -> None:
        hint = self.query_one("#plan-hint", Static)
        hint.update(plain(text))
        hint.set_class(error, "error")

    def action_add(self) -> None:
        """Open the form to set an interview."""
        self.query_one("#plan-form").display = True
        self._hint(FORM_HINT)
        self.query_one("#plan-date", Input).focus()

    @on(Input.Submitted, "#plan-date")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Check the form and set the interview in a worker."""
        if not self.query_one("#plan-form").display:
            return
        try:
            day = parse_day(self.query_one("#plan-date", Input).value)
        except ValueError as err:
            self._hint(str(err), error=True)
            return
        self._add(day, scope_of(str(self.query_one("#plan-scope", Select).value)))

    @work(thread=True, group="plan-write")
    def _add(self, day: date, scope: InterviewScope) -> None:
        try:
            interview, spread = self.host.services.plan.add(day, scope)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        moved = f"; {len(spread.moves)} cards due after it brought forward" if spread.moves else ""
        self.post_message(PlanChanged(f"Interview set: {interview.label()}{moved}."))

    def on_plan_changed(self, message: PlanChanged) -> None:
        self.query_one("#plan-form").display = False
        self.query_one("#plan-date", Input).value = ""
        self._hint(message.text)
        self.query_one(DataTable).focus()
        self._load()

    def action_remove(self) -> None:
        """Remove the highlighted interview (in a worker)."""
        table = self.query_one(DataTable)
        if self.query_one("#plan-form").display or not self.entries:
            return
        self._remove(self.entries[min(max(0, table.cursor_row), len(self.entries) - 1)].interview)

    @work(thread=True, group="plan-write")
    def _remove(self, interview: Interview) -> None:
        try:
            back = self.host.services.plan.remove(interview.id)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(PlanChanged(f"Removed {interview.label()}; {back} cards back on their SM-2 due days."))

    def action_back(self) -> None:
        """Close the form, or go back home."""
        form = self.query_one("#plan-form")
        if form.display:
            form.display = False
            self._hint(PLAN_HINT)
            self.query_one(DataTable).focus()
        else:
            self.dismiss()
