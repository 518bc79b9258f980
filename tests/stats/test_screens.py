"""The stats and card info screens: Pilot tests pressing real keys, and SVG snapshots of a seeded history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent

from flashcards.core.stats_report import StatsReport
from flashcards.services import Services
from flashcards.services.stats import StatsService
from flashcards.tui.screens.card_info import CardInfoScreen
from flashcards.tui.screens.stats import StatsScreen
from tests.support.data import NASTY_TITLE

SIZE = (100, 32)


class ScreenApp(App[None]):
    """A bare app that shows one screen and records the topics it is asked to study."""

    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.chosen: list[tuple[int, str]] = []

    def on_mount(self) -> None:
        self.push_screen(self.make())

    def on_stats_screen_study_topic(self, message: StatsScreen.StudyTopic) -> None:
        self.chosen.append((message.deck_id, message.topic))


async def until(pilot: Pilot, ready: Callable[[], bool]) -> None:
    """Wait (bounded) for `ready()`, letting workers and messages run."""
    for _ in range(200):
        if ready():
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the screen never finished loading")


async def stats_loaded(pilot: Pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.report is not None)


async def info_loaded(pilot: Pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, CardInfoScreen) and pilot.app.screen.info is not None)


def stats_app(services: Services, on_study: Callable[[int, str], None] | None = None) -> ScreenApp:
    return ScreenApp(lambda: StatsScreen(StatsService(services.collection, services.study, workers=1), on_study=on_study))


def text_of(screen: Screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_keys_switch_tabs_and_cycle_the_activity_window(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=SIZE) as pilot:
        await stats_loaded(pilot)
        screen = app.screen
        tabs = screen.query_one(TabbedContent)
        for key, tab in (("a", "activity"), ("f", "forecast"), ("r", "retention"), ("c", "cards"), ("t", "topics"),
                         ("o", "overview")):
            await pilot.press(key)
            assert tabs.active == tab
        assert "Today" in text_of(screen, "#today") and "Cards  160" in text_of(screen, "#today")
        await pilot.press("w")
        assert tabs.active == "activity" and "Last 90 days" in text_of(screen, "#activity-summary")
        await pilot.press("w", "w")
        assert "Last 30 days" in text_of(screen, "#activity-summary")


async def test_number_keys_post_the_weakest_topics(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=SIZE) as pilot:
        await stats_loaded(pilot)
        report: StatsReport = app.screen.report
        await pilot.press("1", "3", "9")
        await pilot.pause()
        weakest = report.weakest
        assert app.chosen == [(weakest[0].deck_id, weakest[0].topic), (weakest[2].deck_id, weakest[2].topic)]


async def test_enter_on_the_topics_table_calls_the_callback(synth_services: Services) -> None:
    picked: list[tuple[int, str]] = []
    app = stats_app(synth_services, on_study=lambda deck, topic: picked.append((deck, topic)))
    async with app.run_test(size=SIZE) as pilot:
        await stats_loaded(pilot)
        report: StatsReport = app.screen.report
        await pilot.press("t")
        app.screen.query_one("#topics-table", DataTable).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert picked == [(report.topics[1].deck_id, report.topics[1].topic)] and app.chosen == []


async def test_topic_titles_are_shown_literally(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=SIZE) as pilot:
        await stats_loaded(pilot)
        table = app.screen.query_one("#topics-table", DataTable)
        labels = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert any(NASTY_TITLE in label for label in labels)


async def test_escape_closes_the_screen(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=SIZE) as pilot:
        await stats_loaded(pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


class Broken:
    def report(self) -> StatsReport:
        raise OSError("disk on fire")


async def test_a_failed_load_is_shown_not_raised() -> None:
    app = ScreenApp(lambda: StatsScreen(Broken()))  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "disk on fire" in text_of(app.screen, "#stats-status"))
        assert "Could not load statistics" in text_of(app.screen, "#stats-status")


async def test_card_info_shows_history_state_and_why(synth_services: Services) -> None:
    app = ScreenApp(lambda: CardInfoScreen(synth_services.stats, 5))
    async with app.run_test(size=SIZE) as pilot:
        await info_loaded(pilot)
        info = app.screen.info
        table = app.screen.query_one("#info-history", DataTable)
        assert table.row_count == len(info.history) > 0
        assert "Why this interval" in text_of(app.screen, "#info-why")
        assert "State" in text_of(app.screen, "#info-state")
        await pilot.press("escape")
        assert not isinstance(app.screen, CardInfoScreen)


async def test_card_info_shows_the_card_as_studied_key_points_and_notes_literally(services: Services) -> None:
    """The issue's "Enter shows the card as it is studied": question, key points and notes, text as written."""
    from flashcards.tui.widgets.card_face import Notes

    card_id = services.cards.add(
        "Mine", question="What is [b]bold[/b]?", notes="Reservoir sampling keeps [red]k[/red] items.",
        key_points=("[i]uniform[/i] odds", "one pass"), tags=(), level=None,
    )  # fmt: skip
    app = ScreenApp(lambda: CardInfoScreen(services.stats, card_id))
    async with app.run_test(size=SIZE) as pilot:
        await info_loaded(pilot)
        await until(pilot, lambda: bool(app.screen.query_one("#info-notes", Notes).children))
        assert "What is [b]bold[/b]?" in text_of(app.screen, "#info-question")
        points = text_of(app.screen, "#info-key-points")
        assert "[i]uniform[/i] odds" in points and "one pass" in points
        notes = app.screen.query_one("#info-notes", Notes)
        assert notes.source == "Reservoir sampling keeps [red]k[/red] items."


# -- snapshots ------------------------------------------------------------------------------------


def test_snapshot_overview(synth_services: Services, snap_compare: Callable[..., bool]) -> None:
    """The overview tab of a seeded year: today, card states, the heatmap with month labels, weakest topics."""
    assert snap_compare(stats_app(synth_services), terminal_size=SIZE, run_before=stats_loaded)


def test_snapshot_activity_90_days(synth_services: Services, snap_compare: Callable[..., bool]) -> None:
    """`w` switches to the activity tab with the 90-day window: answers and minutes per day as bar charts."""
    assert snap_compare(stats_app(synth_services), terminal_size=SIZE, run_before=stats_loaded, press=["w"])


def test_snapshot_retention(synth_services: Services, snap_compare: Callable[..., bool]) -> None:
    """The retention tab: young / mature / all per window and the weekly retention lines."""
    assert snap_compare(stats_app(synth_services), terminal_size=SIZE, run_before=stats_loaded, press=["r"])


def test_snapshot_topics(synth_services: Services, snap_compare: Callable[..., bool]) -> None:
    """The topics tab: readiness by role, topics weakest first with keys 1-5, a markup-laden title shown literally."""
    assert snap_compare(stats_app(synth_services), terminal_size=SIZE, run_before=stats_loaded, press=["t"])


def test_snapshot_card_info(synth_services: Services, snap_compare: Callable[..., bool]) -> None:
    """A card's state, the SM-2 reasoning for its interval, grade previews and its full review log."""
    app = ScreenApp(lambda: CardInfoScreen(synth_services.stats, 5))
    assert snap_compare(app, terminal_size=SIZE, run_before=info_loaded)


@pytest.mark.parametrize("key", ["f", "c"])
def test_snapshot_forecast_and_cards(synth_services: Services, snap_compare: Callable[..., bool], key: str) -> None:
    """Forecast (due per day for 30 days, overdue) and cards (states, interval and ease histograms) tabs."""
    assert snap_compare(stats_app(synth_services), terminal_size=SIZE, run_before=stats_loaded, press=[key])


class HeatmapApp(App[None]):
    def compose(self):  # noqa: ANN201
        from datetime import date, timedelta

        from flashcards.core.stats import heatmap
        from flashcards.tui.widgets.heatmap import HeatmapView

        today = date(2026, 3, 10)
        yield HeatmapView(heatmap({today - timedelta(days=i): i % 5 for i in range(400)}, today))


@pytest.mark.parametrize(("width", "step"), [(120, 2), (80, 1)])
async def test_heatmap_cells_widen_when_there_is_room(width: int, step: int) -> None:
    app = HeatmapApp()
    async with app.run_test(size=(width, 10)) as pilot:
        await pilot.pause()
        lines = str(app.query_one("HeatmapView").render()).splitlines()
        assert len(lines) == 8 and lines[1].startswith("Mon ")
        monday = lines[1][4:]
        assert len(monday) == 53 * step - (step - 1) and set(monday[1::2]) <= ({" "} if step == 2 else set("·░▒▓█"))
        assert "Mar" in lines[0]
