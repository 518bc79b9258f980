"""The progress screen: today, streak, heatmap, activity, forecast, retention, card states and readiness."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from flashcards.core.readiness import Readiness
from flashcards.core.stats import MONTHS
from flashcards.core.stats_format import plural
from flashcards.core.stats_report import StatsReport
from flashcards.tui.text import cell, fmt, plain
from flashcards.tui.widgets.bar_list import BarList
from flashcards.tui.widgets.heatmap import HeatmapView
from flashcards.tui.widgets.stats_text import (
    READINESS_COLUMNS,
    activity_text,
    day_axis,
    has_retention,
    pct,
    readiness_cells,
    recent_weeks,
    retention_text,
    states_text,
    today_text,
    weakest_text,
)
from flashcards.tui.workers import post_if_current

if TYPE_CHECKING:
    from flashcards.tui.widgets.charts import Chart

# The chart widgets are imported when their tab is built (deferred): plotext is the slowest import here.

WINDOWS = (30, 90, 365)


class StatsSource(Protocol):
    """What the screen needs from the stats service."""

    def report(self) -> StatsReport:
        """Every number of the screen for the current study day."""
        ...


class StatsScreen(Screen[None]):
    """Progress statistics in tabs; keys 1-5 (or Enter on the Topics tab) study a weak topic."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        # The tab keys are shown in the tab titles, keeping the footer within 80 columns.
        Binding("escape,q", "close", "Back"),
        Binding("o", "tab('overview')", "Overview", show=False),
        Binding("a", "tab('activity')", "Activity", show=False),
        Binding("f", "tab('forecast')", "Forecast", show=False),
        Binding("r", "tab('retention')", "Retention", show=False),
        Binding("c", "tab('cards')", "Cards", show=False),
        Binding("t", "tab('topics')", "Topics", show=False),
        Binding("w", "cycle_window", "30/90/365 days"),
        *(Binding(str(n), f"study_weak({n})", f"Study weak topic {n}", show=False) for n in range(1, 6)),
    ]

    class Loaded(Message):
        """The report was read in a worker thread."""

        def __init__(self, report: StatsReport) -> None:
            super().__init__()
            self.report = report

    class StudyTopic(Message):
        """The user asked to study exactly the cards of `topic` in deck `deck_id`."""

        def __init__(self, deck_id: int, topic: str, label: str) -> None:
            super().__init__()
            self.deck_id = deck_id
            self.topic = topic
            self.label = label

    def __init__(self, stats: StatsSource, on_study: Callable[[int, str], None] | None = None) -> None:
        """`on_study(deck_id, topic)` is called for a chosen topic; without it a StudyTopic message is posted."""
        super().__init__()
        self.stats = stats
        self.on_study = on_study
        self.report: StatsReport | None = None
        self.window_days = WINDOWS[0]

    def compose(self) -> ComposeResult:
        from flashcards.tui.widgets.charts import (
            Chart,  # plotext costs ~50 ms: load it with the screen
        )

        yield Static("Progress", id="stats-title")
        yield Static("Loading statistics…", id="stats-status")
        with TabbedContent(initial="overview", id="stats-tabs"):
            # The weakest topics come before the calendar: 1-5 study them, so they must be in sight at 80x24.
            with TabPane("Overview (o)", id="overview"), VerticalScroll(id="overview-scroll"):
                yield Static(id="today")
                yield Static(id="weakest")
                yield HeatmapView(id="heatmap")
                yield Static(id="heat-legend")
            with TabPane("Activity (a)", id="activity"):
                yield Static(id="activity-summary")
                yield Chart(id="reviews-chart")
                yield Chart(id="time-chart")
            with TabPane("Forecast (f)", id="forecast"):
                yield Static(id="forecast-summary")
                yield Chart(id="forecast-chart")
            with TabPane("Retention (r)", id="retention"):
                yield Static(id="retention-summary")
                yield Chart(id="retention-chart")
            with TabPane("Cards (c)", id="cards"):
                yield Static(id="states-summary")
                with Horizontal(id="cards-charts"):
                    yield BarList(id="interval-chart")
                    yield BarList(id="ease-chart")
            with TabPane("Topics (t)", id="topics"), Vertical():
                yield DataTable(id="roles-table", cursor_type="none", zebra_stripes=True)
                yield Static("Weakest first · Enter or 1-5 studies a topic", id="topics-hint")
                yield DataTable(id="topics-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, group="stats", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read the report in a thread and post it back."""
        post_if_current(self, self.Loaded(self.stats.report()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "stats" and event.state == WorkerState.ERROR:
            self.query_one("#stats-status", Static).update(plain(f"Could not load statistics: {event.worker.error}"))

    def on_stats_screen_loaded(self, message: Loaded) -> None:
        self.report = message.report
        self.query_one("#stats-status", Static).display = False
        self._show_overview(message.report)
        self._show_activity(message.report)
        self._show_forecast(message.report)
        self._show_retention(message.report)
        self._show_cards(message.report)
        self._show_topics(message.report)

    # -- actions ---------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_cycle_window(self) -> None:
        self.window_days = WINDOWS[(WINDOWS.index(self.window_days) + 1) % len(WINDOWS)]
        if self.report is not None:
            self._show_activity(self.report)
        self.action_tab("activity")

    def action_study_weak(self, number: int) -> None:
        weakest = self.report.weakest if self.report else ()
        if 1 <= number <= len(weakest):
            self._study(weakest[number - 1])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.report is None or event.data_table.id != "topics-table":
            return
        row = self.report.topics[int(str(event.row_key.value))]
        if row.topic is None:
            self.notify("These cards have no topic: study the whole deck from the deck list.", markup=False)
        else:
            self._study(row)

    def _study(self, row: Readiness) -> None:
        assert row.deck_id is not None and row.topic is not None
        if self.on_study is not None:
            self.on_study(row.deck_id, row.topic)
        else:
            self.post_message(self.StudyTopic(row.deck_id, row.topic, row.label))

    # -- filling the tabs -------------------------------------------------------------------------

    def _show_overview(self, report: StatsReport) -> None:
        t, s = report.today, report.streak
        self.query_one("#stats-title", Static).update(
            fmt("[b]Progress[/b] · study day $day (starts $hour:00, $zone)",
                day=f"{t.day:%a} {t.day.day} {t.day:%b %Y}", hour=f"{report.rollover_hour:02d}", zone=report.timezone)
        )
        self.query_one("#today", Static).update(today_text(report))
        self.query_one(HeatmapView).show(report.heatmap)
        self.query_one("#heat-legend", Static).update(
            fmt("$total on $days in the last year · streak [b]$cur[/b] (longest $long)",
                total=plural(report.heatmap.total, "answer"), days=plural(report.heatmap.active_days, "study day"),
                cur=s.current, long=s.longest)
        )
        self.query_one("#weakest", Static).update(weakest_text(report))

    def _show_activity(self, report: StatsReport) -> None:
        w = report.window(self.window_days)
        self.query_one("#activity-summary", Static).update(activity_text(w))
        labels, ticks = day_axis(w.first, w.days)
        self._chart("#reviews-chart").bars(f"Answers per day, last {w.days} days", labels, w.reviews, ticks=ticks)
        minutes = [round(s / 60, 1) for s in w.seconds]
        self._chart("#time-chart").bars(f"Minutes per day, last {w.days} days", labels, minutes, ticks=ticks,
                                        whole=False)

    def _show_forecast(self, report: StatsReport) -> None:
        f = report.forecast
        self.query_one("#forecast-summary", Static).update(
            fmt("Overdue now [b]$over[/b] · due today $today · next 7 days $week · next 30 days $month",
                over=f"{f.overdue:,}", today=f"{f.due[0]:,}", week=f"{sum(f.due[:7]):,}", month=f"{sum(f.due):,}")
        )
        labels, ticks = day_axis(f.today, len(f.due))
        self._chart("#forecast-chart").bars("Cards due per day, next 30 days", labels, f.due, ticks=ticks)

    def _show_retention(self, report: StatsReport) -> None:
        self.query_one("#retention-summary", Static).update(retention_text(report))
        self._chart("#retention-chart").display = has_retention(report)
        weeks = recent_weeks(report)
        labels = [f"{w.week.day} {MONTHS[w.week.month - 1]}" for w in weeks]
        if len(weeks) <= 26:
            ticks = {i: labels[i] for i in range(0, len(weeks), 4)}
        else:
            ticks = {i: MONTHS[w.week.month - 1] for i, w in enumerate(weeks) if w.week.day <= 7}
        series = {
            "young": [pct(w.young.share) for w in weeks],
            "mature": [pct(w.mature.share) for w in weeks],
        }
        title = f"Retention by week since {labels[0]}, % graded 3+"
        self._chart("#retention-chart").lines(title, labels, series, ticks=ticks, ylim=(0, 100))

    def _show_cards(self, report: StatsReport) -> None:
        self.query_one("#states-summary", Static).update(states_text(report))
        for chart_id, title, dist in (("#interval-chart", "Intervals (cards)", report.intervals),
                                      ("#ease-chart", "Ease factors (cards)", report.ease)):
            self.query_one(chart_id, BarList).show(title, [(b.label, b.count) for b in dist.buckets])

    def _show_topics(self, report: StatsReport) -> None:
        label_width = max(20, min(max((len(r.label) for r in report.topics), default=20), self.size.width - 52))
        roles = self.query_one("#roles-table", DataTable)
        roles.clear(columns=True)
        roles.add_column("Role", width=label_width + 5)
        _number_columns(roles)
        for r in report.roles:
            roles.add_row(*readiness_cells(r))
        topics = self.query_one("#topics-table", DataTable)
        topics.clear(columns=True)
        topics.add_column("#", width=3)
        topics.add_column("Topic", width=label_width)
        _number_columns(topics)
        keys = {r: str(n) for n, r in enumerate(report.weakest, 1)}
        for i, r in enumerate(report.topics):
            topics.add_row(cell(keys.get(r, "")), *readiness_cells(r), key=str(i))

    def _chart(self, selector: str) -> Chart:
        from flashcards.tui.widgets.charts import Chart

        return self.query_one(selector, Chart)


def _number_columns(table: DataTable[Text]) -> None:
    for name in READINESS_COLUMNS:
        table.add_column(Text(name.rjust(6), end=""), width=6)
