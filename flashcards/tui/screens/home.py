"""The home screen: decks and topics with today's counts, progress, streak and what comes next."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer
from textual.widgets import DataTable, Header, Static

from flashcards.core.clock import to_utc_text
from flashcards.core.errors import FlashcardsError
from flashcards.core.models import HomeSnapshot
from flashcards.services import Scope, StudySession
from flashcards.services.session import EXTRA_NEW
from flashcards.tui.host import HostedScreen
from flashcards.tui.messages import Failed, HomeLoaded, SetupStarted
from flashcards.tui.screens.plan_status import PlanStatus
from flashcards.tui.text import day_label, fmt, plain, say
from flashcards.tui.widgets.deck_table import DeckListRow, DeckTable
from flashcards.tui.widgets.footer import KeyFooter
from flashcards.tui.workers import post_if_current

# The review, stats and import screens are imported when first opened (deferred): the first frame
# needs only this screen (see tui/app.py).


def today_text(data: HomeSnapshot) -> Content:
    """Two lines: today's work and streak, then what is left."""
    p = data.progress
    days = "day" if p.streak == 1 else "days"
    return fmt(
        "[b]$day[/b]   reviewed today [b]$done[/b] ($new new)   streak [b]$streak[/b] $days\n"
        "Left today: [b]$due[/b] due · [b]$newleft[/b] new · [b]$rep[/b] same-day repeats",
        day=f"{p.day:%a} {p.day.day} {p.day:%b %Y}",
        done=p.reviewed,
        new=p.new_learned,
        streak=p.streak,
        days=days,
        due=p.due_left,
        newleft=p.new_left,
        rep=p.repeats_left,
    )


def empty_text(data: HomeSnapshot) -> Content:
    """What comes next when nothing is left today."""
    if not data.decks:
        return Content("No decks yet. Press i to import some (Markdown, CSV/TSV or Anki decks).")
    p = data.progress
    lines = [
        fmt("[b]All done for today.[/b] Next reviews: $when.", when=day_label(p.next_due, data.today)),
    ]
    if any(d.new for d in data.decks):
        lines.append(
            fmt(
                "[b]n[/b]  learn $n more new cards today (past your limit of $limit a day)",
                n=EXTRA_NEW,
                limit=data.settings.new_per_day,
            )
        )
    lines.append(fmt("[b]p[/b]  practise the highlighted deck or topic; grades are not recorded"))
    return Content("\n").join(lines)


HOME_HINT = "Enter: study · /: find cards · i: import · m: mock interview · ?: every key"
# How long a notice stays in place of the hint line.
NOTICE_SECONDS = 15.0


class HomeScreen(HostedScreen[None]):
    """Pick what to study: all decks, one deck, or one topic."""

    BINDINGS = [
        Binding("enter", "study", "Study", tooltip="Study the highlighted deck or topic"),
        Binding("a", "study_all", "All", tooltip="Study every deck"),
        # n and q stay out of the footer to keep it within 80 columns; the empty state and help show them.
        Binding(
            "n", "learn_more", f"+{EXTRA_NEW} new", show=False, tooltip=f"Learn {EXTRA_NEW} new cards past today's limit"
        ),
        Binding("p", "practise", "Practise", tooltip="Practise the highlighted deck or topic; grades are not recorded"),
        Binding("slash", "browse", "Cards", key_display="/", tooltip="Find, edit, suspend and add cards"),
        Binding("c", "add_card", "Add card", show=False, tooltip="Add a card to one of your decks"),
        # i stays out of the footer (80 columns); the hint line below the table shows it.
        Binding("i", "import_cards", "Import", show=False, tooltip="Import Markdown, CSV/TSV or Anki decks"),
        # m stays out of the footer (80 columns); the hint line below the table shows it.
        Binding("m", "mock", "Mock", show=False, tooltip="A timed mock interview: questions against the clock"),
        Binding("t", "stats", "Stats", tooltip="Progress: today, streak, calendar, forecast, weakest topics"),
        Binding("s", "settings", "Settings", tooltip="Daily limits, new-day hour, grade keys, theme"),
        # d stays out of the footer (80 columns); the plan line shows it once an interview is set.
        Binding("d", "plan", "Interview plan", show=False, tooltip="Set an interview date; see its plan day by day"),
        Binding("o", "deck_options", "Deck options", show=False, tooltip="The highlighted deck's own limits and new-card order"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit the app"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeSnapshot | None = None
        self._notice_timer: Timer | None = None

    def notice(self, text: str) -> None:
        """Show `text` in the hint line under the table (it covers no deck rows), for NOTICE_SECONDS."""
        hint = self.query_one("#home-hint", Static)
        hint.update(plain(text))
        hint.add_class("notice")
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(NOTICE_SECONDS, self._clear_notice)

    def nothing_to_study(self, scope: Scope, label: str, practice: bool = False) -> None:
        """A session over `scope` found no card: highlight its row and say what n and p would do there."""
        table = self.query_one(DeckTable)
        row = table.select_scope(scope)
        if practice:
            self.notice(f"Nothing to practise in {label}.")
            return
        more = f"n: learn {EXTRA_NEW} more new cards · " if row is not None and row.new_available else ""
        self.notice(f"Nothing to study in {label} right now. {more}p: practise it without changing the schedule")

    def _clear_notice(self) -> None:
        hint = self.query_one("#home-hint", Static)
        hint.update(HOME_HINT)
        hint.remove_class("notice")
        self._notice_timer = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Loading your decks…", id="today")
        yield Static(id="plan-line")
        yield Static(id="empty")
        yield DeckTable(id="decks")
        yield Static(HOME_HINT, id="home-hint")
        yield KeyFooter(hold_keys=True)  # its keys come in the frame after the counts (see _after_paint)

    def on_mount(self) -> None:
        self.sub_title = "decks"
        self.query_one("#empty").display = False
        self.query_one("#plan-line").display = False

    def on_screen_resume(self) -> None:
        if self.host.started or self.data is not None:  # else the app's on_ready calls reload
            self.reload()

    def reload(self) -> None:
        """Read the counts again in a worker; on the first visit, show the prefetched counts at once when
        their read is already done (no worker round trip, so the first frame can have them)."""
        data = self.host.prefetched_if_done()
        if data is not None:
            self._show(data)
        else:
            self._load()

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self) -> None:
        try:
            data = self.host.take_prefetched()  # read while Textual was importing (first visit only)
            if data is None:
                report = self.host.ensure_open(lambda: self.post_message(SetupStarted()))
                data = self.host.study.home_snapshot(report)
        except FlashcardsError as err:
            post_if_current(self, Failed(str(err)))
            return
        post_if_current(self, HomeLoaded(data))

    def on_setup_started(self, _: SetupStarted) -> None:
        self.query_one("#today", Static).update("Setting up your collection: loading the bundled decks…")
        self.query_one(KeyFooter).release_keys()

    def on_home_loaded(self, message: HomeLoaded) -> None:
        self._show(message.data)

    def _show(self, data: HomeSnapshot) -> None:
        """Put `data` on screen; the plan line and the warm-up start after the next refresh."""
        self.data = data
        self.host.apply_settings(data.settings)
        self.query_one("#today", Static).update(today_text(data))
        self.query_one(DeckTable).show(data)
        nothing_left = data.progress.due_left + data.progress.new_left + data.progress.repeats_left == 0
        empty = self.query_one("#empty", Static)
        empty.display = nothing_left
        empty.update(empty_text(data))
        self.query_one(DeckTable).focus()
        if data.report is not None and (data.report.added or data.report.updated or data.report.edits_behind):
            self.notice(f"Decks loaded: {data.report.summary()}")
        self.call_after_refresh(self._after_paint)

    def _after_paint(self) -> None:
        # Started after the refresh that lays the counts out, so that neither holds up building them.
        self.query_one(KeyFooter).release_keys()
        self._load_plan()
        self.host.warm_up()

    @work(thread=True, exclusive=True, group="home-plan")
    def _load_plan(self) -> None:
        try:
            service = self.host.services.plan
            plans = service.plans()
            ready = service.readiness(plans[0]) if plans else None
        except FlashcardsError as err:
            post_if_current(self, Failed(str(err)))
            return
        post_if_current(self, PlanStatus(plans, (ready.now, ready.then) if ready else None))

    def on_plan_status(self, message: PlanStatus) -> None:
        line = self.query_one("#plan-line", Static)
        line.display = bool(message.plans)
        if message.plans:
            first = message.plans[0]
            more = f" (+{len(message.plans) - 1} more)" if len(message.plans) > 1 else ""
            line.update(plain(f"{first.status_text(message.readiness)}{more} · d: plan"))
            line.set_class(not first.on_track, "behind")

    def on_failed(self, message: Failed) -> None:
        self.query_one(KeyFooter).release_keys()
        self.query_one("#today", Static).update(plain(message.text))
        say(self, message.text, severity="error", title="Could not load your decks")

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study()

    def _selected(self) -> DeckListRow:
        return self.query_one(DeckTable).selected()

    def _start(self, row: DeckListRow, practice: bool = False, extra_new: int = 0) -> None:
        """Open a review session over `row`'s scope."""
        if self.data is None:
            return
        self._start_scope(row.scope, self.query_one(DeckTable).label_of(row), practice, extra_new)

    def _start_scope(self, scope: Scope, label: str, practice: bool = False, extra_new: int = 0) -> None:
        """Open a review session over `scope`, titled `label`."""
        from flashcards.tui.screens.review import (
            ReviewScreen,  # off the startup path (see app.py)
        )

        session = StudySession(
            scope=scope,
            label=label,
            started_utc=to_utc_text(self.host.services.collection.clock.now()),
            practice=practice,
            extra_new=extra_new,
        )
        self.app.push_screen(ReviewScreen(session))

    def action_study(self) -> None:
        """Study the highlighted deck or topic."""
        self._start(self._selected())

    def action_study_all(self) -> None:
        """Study every deck."""
        if self.data is not None:
            self._start(self.query_one(DeckTable).row("all"))

    def action_learn_more(self) -> None:
        """Learn EXTRA_NEW new cards past today's limit in the highlighted scope."""
        if self.data is None:
            return
        row = self._selected()
        if row.new > 0:
            self.notice(f"{row.new} new cards are still within today's limit: press Enter to study.")
        elif row.new_available == 0:
            self.notice(f"No new cards left in {row.label}.")
        else:
            self._start(row, extra_new=EXTRA_NEW)

    def action_practise(self) -> None:
        """Practise the highlighted scope without touching the schedule."""
        self._start(self._selected(), practice=True)

    def action_settings(self) -> None:
        """Open the settings."""
        self.host.action_settings()

    def action_stats(self) -> None:
        """Open the progress statistics; choosing a weak topic there starts a session on it."""
        from flashcards.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.host.services.stats, on_study=self._study_topic))

    def _study_topic(self, deck_id: int, topic: str) -> None:
        """Leave the stats screen and study exactly `topic` of deck `deck_id`."""
        label = topic
        for deck in self.data.decks if self.data else []:
            for summary in deck.topics if deck.id == deck_id else ():
                if summary.slug == topic:
                    label = f"{deck.name} › {summary.title}"
        self.app.pop_screen()
        self._start_scope(Scope(deck_id=deck_id, topic=topic), label)

    def action_mock(self) -> None:
        """Set up and start a timed mock interview; its report can start a session on a weak topic."""
        from flashcards.tui.screens.mock_setup import MockSetupScreen

        self.app.push_screen(MockSetupScreen(on_study=self._study_topic))

    def action_deck_options(self) -> None:
        """Open the options of the highlighted deck (or of the deck of the highlighted topic)."""
        if self.data is None:
            return
        deck_id = self._selected().scope.deck_id
        name = next((d.name for d in self.data.decks if d.id == deck_id), None)
        if name is None:
            self.notice("All decks uses the global settings (s); highlight a deck to give it options of its own.")
            return
        from flashcards.tui.screens.deck_options import DeckOptionsScreen

        self.app.push_screen(DeckOptionsScreen(name))

    def action_browse(self) -> None:
        """Open the card browser."""
        self.host.action_browse()

    def action_plan(self) -> None:
        """Open the interview plan."""
        from flashcards.tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen())

    def action_add_card(self) -> None:
        """Add a card to one of your decks."""
        from flashcards.tui.screens.card_edit import CardEditScreen

        self.app.push_screen(CardEditScreen())

    def action_import_cards(self) -> None:
        """Open the import screen; the counts are read again when it closes."""
        from flashcards.tui.screens.import_screen import ImportScreen

        self.app.push_screen(ImportScreen(self.host.services.imports))

    def palette_commands(self) -> list[SystemCommand]:
        """Command palette entries for this screen."""
        return [
            SystemCommand("Study the highlighted deck or topic", "Start a review session", self.action_study),
            SystemCommand("Study all decks", "Start a review session over every deck", self.action_study_all),
            SystemCommand(f"Learn {EXTRA_NEW} more new cards", "Past today's new-card limit", self.action_learn_more),
            SystemCommand("Practise the highlighted deck or topic", "Grades are not recorded", self.action_practise),
            SystemCommand("Mock interview", "Timed questions scored by key points, with a report", self.action_mock),
            SystemCommand("Progress statistics", "Today, streak, calendar, forecast, weakest topics", self.action_stats),
            SystemCommand("Interview plan", "Set an interview date; see its plan day by day", self.action_plan),
            SystemCommand("Add a card", "To one of your decks (a new name creates it)", self.action_add_card),
            SystemCommand("Import cards", "Markdown decks, CSV/TSV text, Anki .apkg/.colpkg", self.action_import_cards),
            SystemCommand("Settings", "Daily limits, rollover hour, grade keys, theme", self.action_settings),
            SystemCommand("Deck options", "The highlighted deck's own limits and new-card order", self.action_deck_options),
        ]
