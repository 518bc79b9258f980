"""The Cards tab at 80x24: one exact text bar per bucket (none for an empty one), and the same means as the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from flashcards.core.readiness import Distribution
from flashcards.core.stats_format import average, report_text
from flashcards.services import Services
from flashcards.services.stats import StatsService
from flashcards.tui.widgets.bar_list import BAR, bar_lines
from flashcards.tui.widgets.stats_text import states_text
from tests.stats.test_screens import stats_app, stats_loaded
from tests.support.decks import STANDARD_DECKS
from tests.support.pilot import screen_text


async def test_each_interval_bucket_has_its_own_line_and_empty_ones_no_bar(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await stats_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        report = app.screen.report
        assert report is not None
        buckets = report.intervals.buckets
        assert any(b.count == 0 for b in buckets), "the synthetic data must have an empty bucket"
        for b in buckets:
            rows = [line[:40] for line in lines if re.match(rf"^\s*{re.escape(b.label)} ", line)]
            assert len(rows) == 1, (b.label, rows)  # exactly one line per bucket: nothing spills into a neighbour
            bar = rows[0].count(BAR)
            assert (bar == 0) == (b.count == 0), (b.label, b.count, rows[0])
            assert rows[0].rstrip().endswith(f"{b.count:,}")
        longest = max(buckets, key=lambda b: b.count)
        assert max(line[:40].count(BAR) for line in lines) == next(
            line[:40].count(BAR) for line in lines if re.match(rf"^\s*{re.escape(longest.label)} ", line)
        )


def test_bars_are_proportional_and_fit_the_width() -> None:
    lines = [str(c) for c in bar_lines("T", [("a", 10), ("bb", 0), ("c", 5), ("d", 1)], 20)]
    assert lines[0] == "T"
    assert all(len(line) <= 20 for line in lines)
    counts = [line.count(BAR) for line in lines[1:]]
    assert counts[1] == 0 and counts[0] == 2 * counts[2] and counts[3] >= 1


def test_the_tui_and_the_cli_show_the_same_mean_interval(synth_services: Services) -> None:
    report = StatsService(synth_services.collection, synth_services.study, workers=1).report()
    tui = re.search(r"Intervals: mean (\S+) days?", str(states_text(report)))
    cli = re.search(r"Intervals\s+\S+ cards · mean (\S+) days", report_text(report))
    assert tui and cli and tui.group(1) == cli.group(1) == average(report.intervals.mean)


def test_average_keeps_one_decimal_for_days_and_two_for_ease() -> None:
    assert (average(7.5), average(8.0), average(168.45), average(None)) == ("7.5", "8", "168.4", "–")
    assert average(248.4, 100) == "2.48"
    assert Distribution((), 0, None, None).mean is None


async def test_every_weakest_topic_is_in_sight_on_the_overview_at_80x24(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await stats_loaded(pilot)
        report = app.screen.report
        assert report is not None and len(report.weakest) == 5
        text = " ".join(screen_text(app).split())
        for n, topic in enumerate(report.weakest, 1):
            assert f"{n} {topic.label}" in text  # the topic that key n studies is on screen


def test_weakest_topics_rank_started_ones_by_recall_and_list_unstarted_apart(synth_services: Services) -> None:
    report = StatsService(synth_services.collection, synth_services.study, workers=1).report()
    seen, fresh = report.weakest_seen, report.not_started
    assert seen and all(t.seen for t in seen) and all(not t.seen for t in fresh)
    measured = [t.retention.share for t in seen if t.retention.total]
    assert measured == sorted(measured)  # lowest recall first
    assert report.weakest[: len(seen)] == seen and set(report.weakest[len(seen) :]) <= set(fresh)


async def test_a_new_collection_lists_its_topics_as_not_started(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    for name, text in STANDARD_DECKS.items():
        (folder / name).write_text(text, encoding="utf-8")
    services = Services.open_path(tmp_path / "c.sqlite3", decks_dir=folder)
    services.bundled.open()
    app = stats_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await stats_loaded(pilot)
        text = " ".join(screen_text(app).split())
        assert "none started yet" in text and "Not started yet" in text and "1 Alpha › Basics 3 cards" in text
    services.close()


async def test_the_cards_forgotten_most_are_listed_under_the_weak_topics(synth_services: Services) -> None:
    app = stats_app(synth_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await stats_loaded(pilot)
        report = app.screen.report
        assert report is not None and report.most_failed
        lapses = [c.lapses for c in report.most_failed]
        assert lapses == sorted(lapses, reverse=True) and min(lapses) > 0 and len(lapses) <= 5
        weakest = str(app.screen.query_one("#weakest").render())
        assert "Forgotten most" in weakest and f"{lapses[0]}× " in weakest
    assert "forgotten most (lapses):" in report_text(report)
