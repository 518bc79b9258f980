"""Pure aggregations over study days: streaks (DST and rollover), heatmap, activity, forecast, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flashcards.core.clock import DayRule
from flashcards.core.stats import (
    DayActivity,
    Ratio,
    activity_window,
    by_day,
    forecast,
    heat_level,
    heat_thresholds,
    heatmap,
    heatmap_start,
    monday_of,
    retention,
    sum_ratios,
)
from flashcards.core.streak import streak

D = date(2026, 3, 10)  # a Tuesday
BERLIN = DayRule(ZoneInfo("Europe/Berlin"), rollover_hour=4)


def days(*offsets: int) -> list[date]:
    return [D + timedelta(days=o) for o in offsets]


def berlin(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo("Europe/Berlin"))


def test_ratio_share_and_sum() -> None:
    assert Ratio().share is None
    assert Ratio(3, 4).share == 0.75
    assert Ratio(1, 2) + Ratio(2, 3) == Ratio(3, 5)
    assert sum_ratios([Ratio(1, 1), Ratio(0, 1)]) == Ratio(1, 2)
    assert sum_ratios([]) == Ratio()


def test_streak_empty_history() -> None:
    s = streak([], D)
    assert (s.current, s.longest, s.studied_today) == (0, 0, False)


def test_streak_ending_today_counts_today() -> None:
    s = streak(days(-2, -1, 0), D)
    assert (s.current, s.longest, s.studied_today) == (3, 3, True)


def test_streak_ending_yesterday_is_still_current() -> None:
    s = streak(days(-3, -2, -1), D)
    assert (s.current, s.longest, s.studied_today) == (3, 3, False)


def test_streak_broken_two_days_ago_is_zero_but_longest_kept() -> None:
    s = streak(days(-10, -9, -8, -7, -2), D)
    assert (s.current, s.longest) == (0, 4)


def test_streak_ignores_order_duplicates_and_future_days() -> None:
    s = streak([*days(0, -1, 0, -1, -2), D + timedelta(days=1)], D)
    assert (s.current, s.longest) == (3, 3)


def test_review_at_0330_belongs_to_the_previous_study_day() -> None:
    assert BERLIN.study_day(berlin(2026, 3, 10, 3, 30)) == date(2026, 3, 9)
    assert BERLIN.study_day(berlin(2026, 3, 10, 4, 0)) == date(2026, 3, 10)


def test_streak_across_the_spring_dst_change_in_berlin() -> None:
    """Clocks jump 02:00 -> 03:00 on 29 March 2026; study days must stay consecutive."""
    instants = [
        berlin(2026, 3, 27, 20),  # day 27
        berlin(2026, 3, 29, 3, 30),  # after the jump, before rollover: still day 28
        berlin(2026, 3, 29, 12),  # day 29 (a 23-hour day)
        berlin(2026, 3, 30, 3, 30),  # still day 29
        berlin(2026, 3, 30, 20),  # day 30
    ]
    study_days = [BERLIN.study_day(i) for i in instants]
    assert study_days == [date(2026, 3, d) for d in (27, 28, 29, 29, 30)]
    today = BERLIN.study_day(berlin(2026, 3, 30, 22))
    s = streak(study_days, today)
    assert (s.current, s.longest, s.studied_today) == (4, 4, True)
    # Read from UTC dates, the 03:30 review of the 29th would land on the 29th and break the run.
    naive = {i.astimezone(UTC).date() for i in instants}
    assert streak(naive, date(2026, 3, 30)).current == 2


def test_streak_across_the_autumn_dst_change_in_berlin() -> None:
    """Clocks fall back 03:00 -> 02:00 on 25 October 2026 (a 25-hour day)."""
    instants = [berlin(2026, 10, 24, 21), berlin(2026, 10, 25, 3, 59), berlin(2026, 10, 26, 4, 1)]
    study_days = [BERLIN.study_day(i) for i in instants]
    assert study_days == [date(2026, 10, 24), date(2026, 10, 24), date(2026, 10, 26)]
    assert streak(study_days, date(2026, 10, 26)).current == 1


def test_after_midnight_today_is_still_yesterdays_study_day() -> None:
    """At 00:30 the study day has not rolled over, so last evening's reviews count as today."""
    evening = BERLIN.study_day(berlin(2026, 3, 9, 21))
    today = BERLIN.study_day(berlin(2026, 3, 10, 0, 30))
    assert today == evening == date(2026, 3, 9)
    assert streak([evening], today).studied_today


def test_heatmap_shape_weekday_rows_and_future_cells() -> None:
    per_day = {D: 5, D - timedelta(days=1): 1, D - timedelta(days=400): 99}
    h = heatmap(per_day, D)
    assert len(h.columns) == 53 and all(len(c) == 7 for c in h.columns)
    first = h.columns[0][0]
    assert first is not None and first.day == heatmap_start(D) and first.day.weekday() == 0
    last = h.columns[-1]
    assert last[1] is not None and last[1].day == D  # Tuesday row
    assert last[2:] == (None,) * 5
    assert h.total == 6 and h.active_days == 2  # the day 400 days ago is outside the year
    assert last[1].reviews == 5 and last[1].level == 4


def test_heatmap_month_labels_mark_the_week_a_month_starts() -> None:
    h = heatmap({}, D)
    labels = dict(h.month_labels)
    start = heatmap_start(D)
    for column, name in h.month_labels:
        week = [start + timedelta(weeks=column, days=i) for i in range(7)]
        assert any(d.day == 1 for d in week) or column == 0
        assert name in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    columns = sorted(labels)
    assert all(b - a >= 4 for a, b in zip(columns, columns[1:], strict=False))
    assert labels[max(labels)] == "Mar"


def test_heat_levels_follow_quartiles_of_active_days() -> None:
    counts = [1, 2, 3, 4, 5, 6, 7, 8]
    assert heat_thresholds(counts) == (2.75, 4.5, 6.25)
    assert [heat_level(c, (2.75, 4.5, 6.25)) for c in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert heat_thresholds([1, 5]) == (2.0, 3.0, 4.0)
    assert heat_thresholds([0, 0]) == ()
    assert heat_level(9, heat_thresholds([9])) == 4


def test_activity_window_fills_missing_days_with_zero() -> None:
    act = by_day([DayActivity(D, reviews=4, seconds=60.04), DayActivity(D - timedelta(days=2), reviews=1, seconds=5)])
    w = activity_window(act, D, 3)
    assert w.first == D - timedelta(days=2)
    assert w.reviews == (1, 0, 4) and w.seconds == (5.0, 0.0, 60.0)
    assert (w.total_reviews, w.active_days) == (5, 2)


def test_forecast_counts_overdue_apart_and_ignores_days_past_the_window() -> None:
    due = {D - timedelta(days=3): 2, D - timedelta(days=1): 1, D: 4, D + timedelta(days=2): 7, D + timedelta(days=40): 9}
    f = forecast(due, D, days=30)
    assert f.overdue == 3
    assert len(f.due) == 30 and f.due[:3] == (4, 0, 7) and sum(f.due) == 11


def test_retention_by_window_and_week() -> None:
    rows = [
        DayActivity(D, young=Ratio(3, 4), mature=Ratio(1, 1)),  # Tue, this week
        DayActivity(D - timedelta(days=1), young=Ratio(1, 2)),  # Mon, this week
        DayActivity(D - timedelta(days=2), mature=Ratio(0, 2)),  # Sun, last week
        DayActivity(D - timedelta(days=100), young=Ratio(5, 5)),
    ]
    r = retention(by_day(rows), D, windows=(1, 7, 365))
    assert r.window(1).young == Ratio(3, 4) and r.window(1).mature == Ratio(1, 1)
    assert r.window(7).all == Ratio(5, 9)
    assert r.window(365).young == Ratio(9, 11)
    this_week, last_week = r.weeks[-1], r.weeks[-2]
    assert this_week.week == monday_of(D) and this_week.young == Ratio(4, 6) and this_week.mature == Ratio(1, 1)
    assert last_week.mature == Ratio(0, 2) and last_week.all.share == 0.0
    assert len(r.weeks) == 53
    with pytest.raises(KeyError):
        r.window(30)
