"""Pure aggregations of the review log over study days: streaks, heatmap, activity, forecast, retention."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MATURE_DAYS = 21  # an interval of 21 days or more makes a card mature (as in Anki)
PASS_GRADE = 3
ACTIVITY_WINDOWS = (30, 90, 365)
RETENTION_WINDOWS = (7, 30, 365)
FORECAST_DAYS = 30
HEATMAP_WEEKS = 53
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Ratio:
    """`passed` out of `total`; `share` is None when there is nothing to divide."""

    passed: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        """passed / total, or None for an empty ratio."""
        return self.passed / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.passed + other.passed, self.total + other.total)


@dataclass(frozen=True)
class DayActivity:
    """One study day of the review log.

    `reviews` counts every graded answer (same-day repeats too); `cards` the first review
    of the day of each card; `young` and `mature` the first reviews of already-seen cards
    with an interval below / at least MATURE_DAYS before the review, passed at grade >= 3.
    """

    day: date
    reviews: int = 0
    seconds: float = 0.0
    cards: int = 0
    new_learned: int = 0
    young: Ratio = Ratio()
    mature: Ratio = Ratio()


@dataclass(frozen=True)
class TodayStats:
    """Today's work and what is left after the daily limits."""

    day: date
    reviews: int
    cards: int
    new_learned: int
    seconds: float
    correct: Ratio
    due_left: int
    new_left: int
    repeats_left: int

    @property
    def repeats(self) -> int:
        """Same-day repeats answered today."""
        return self.reviews - self.cards


@dataclass(frozen=True)
class HeatCell:
    """One day of the heatmap: answers given and an intensity level 0-4."""

    day: date
    reviews: int
    level: int


@dataclass(frozen=True)
class Heatmap:
    """A contribution graph: one column per week (Monday first), None past today."""

    columns: tuple[tuple[HeatCell | None, ...], ...]
    month_labels: tuple[tuple[int, str], ...]
    thresholds: tuple[float, ...]
    total: int
    active_days: int


@dataclass(frozen=True)
class ActivityWindow:
    """Answers and seconds on each of the last `days` study days, oldest first."""

    days: int
    first: date
    reviews: tuple[int, ...]
    seconds: tuple[float, ...]

    @property
    def total_reviews(self) -> int:
        """All answers in the window."""
        return sum(self.reviews)

    @property
    def total_seconds(self) -> float:
        """All time spent in the window."""
        return sum(self.seconds)

    @property
    def active_days(self) -> int:
        """Days with at least one answer."""
        return sum(1 for n in self.reviews if n)


@dataclass(frozen=True)
class Forecast:
    """Cards due on each day from today (index 0) on, and those already overdue."""

    today: date
    overdue: int
    due: tuple[int, ...]


@dataclass(frozen=True)
class WeekRetention:
    """Retention of the week starting on Monday `week`."""

    week: date
    young: Ratio
    mature: Ratio

    @property
    def all(self) -> Ratio:
        """Young and mature together."""
        return self.young + self.mature


@dataclass(frozen=True)
class RetentionWindow:
    """Retention over the last `days` study days."""

    days: int
    young: Ratio
    mature: Ratio

    @property
    def all(self) -> Ratio:
        """Young and mature together."""
        return self.young + self.mature


@dataclass(frozen=True)
class Retention:
    """Retention by window and by week."""

    windows: tuple[RetentionWindow, ...]
    weeks: tuple[WeekRetention, ...]

    def window(self, days: int) -> RetentionWindow:
        """The window of `days` days. Raises KeyError if it was not computed."""
        for w in self.windows:
            if w.days == days:
                return w
        raise KeyError(days)


# -- days, streaks and activity -----------------------------------------------------------------


def monday_of(day: date) -> date:
    """The Monday of the ISO week containing `day`."""
    return day - timedelta(days=day.weekday())


def heatmap_start(today: date, weeks: int = HEATMAP_WEEKS) -> date:
    """The first day the heatmap shows: the Monday `weeks - 1` weeks before today's week."""
    return monday_of(today) - timedelta(weeks=weeks - 1)


def activity_window(activity: Mapping[date, DayActivity], today: date, days: int) -> ActivityWindow:
    """Answers and seconds per day over the `days` study days ending today."""
    first = today - timedelta(days=days - 1)
    span = [first + timedelta(days=i) for i in range(days)]
    empty = DayActivity(first)
    return ActivityWindow(
        days,
        first,
        tuple(activity.get(d, empty).reviews for d in span),
        tuple(round(activity.get(d, empty).seconds, 1) for d in span),
    )


def by_day(rows: Iterable[DayActivity]) -> dict[date, DayActivity]:
    """Index day rows by their day."""
    return {row.day: row for row in rows}


def today_stats(day: DayActivity, correct: Ratio, left: tuple[int, int, int]) -> TodayStats:
    """Today's numbers from its log row, the share correct and (due, new, repeats) still left."""
    return TodayStats(day.day, day.reviews, day.cards, day.new_learned, round(day.seconds, 1), correct, *left)


# -- heatmap ------------------------------------------------------------------------------------


def heat_thresholds(counts: Iterable[int]) -> tuple[float, ...]:
    """Quartiles of the non-zero `counts` (linear interpolation): upper bounds of levels 1-3.

    A single active day gets (0, 0, 0), so it shows at the top level.
    """
    values = sorted(c for c in counts if c > 0)
    if not values:
        return ()
    if len(values) == 1:
        return (0.0, 0.0, 0.0)
    return tuple(round(q, 2) for q in statistics.quantiles(values, n=4, method="inclusive"))


def heat_level(count: int, thresholds: Sequence[float]) -> int:
    """0 for no answers, else 1-4 by the quartile thresholds."""
    if count <= 0:
        return 0
    return 1 + sum(1 for t in thresholds if count > t)


def heatmap(per_day: Mapping[date, int], today: date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    """A contribution graph of `per_day` answers over the `weeks` weeks ending with today's week."""
    start = heatmap_start(today, weeks)
    counts = {d: n for d, n in per_day.items() if start <= d <= today}
    thresholds = heat_thresholds(counts.values())
    columns = []
    labels: list[tuple[int, str]] = []
    for w in range(weeks):
        monday = start + timedelta(weeks=w)
        column = []
        for i in range(7):
            day = monday + timedelta(days=i)
            n = counts.get(day, 0)
            column.append(HeatCell(day, n, heat_level(n, thresholds)) if day <= today else None)
            if day.day == 1 or (w == 0 and i == 0):
                labels.append((w, MONTHS[day.month - 1]))
        columns.append(tuple(column))
    return Heatmap(tuple(columns), _spaced(labels), thresholds, sum(counts.values()), sum(1 for n in counts.values() if n))


def _spaced(labels: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Month labels at least 4 columns apart; a month starting soon replaces the leading partial one."""
    out: list[tuple[int, str]] = []
    for column, name in labels:
        if out and column - out[-1][0] < 4:
            if out[-1][0] == 0:
                out[-1] = (column, name)
            continue
        out.append((column, name))
    return tuple(out)


# -- forecast and retention ---------------------------------------------------------------------


def forecast(due: Mapping[date, int], today: date, days: int = FORECAST_DAYS) -> Forecast:
    """Cards due on each of `days` days from today, and the overdue ones (due before today)."""
    overdue = sum(n for d, n in due.items() if d < today)
    return Forecast(today, overdue, tuple(due.get(today + timedelta(days=i), 0) for i in range(days)))


def retention(activity: Mapping[date, DayActivity], today: date, windows: Sequence[int] = RETENTION_WINDOWS,
              weeks: int = HEATMAP_WEEKS) -> Retention:
    """Retention over each window of days ending today, and for each of the last `weeks` weeks."""
    out = []
    for days in windows:
        first = today - timedelta(days=days - 1)
        rows = [a for d, a in activity.items() if first <= d <= today]
        out.append(RetentionWindow(days, sum_ratios(a.young for a in rows), sum_ratios(a.mature for a in rows)))
    start = heatmap_start(today, weeks)
    young: dict[date, Ratio] = {}
    mature: dict[date, Ratio] = {}
    for d, a in activity.items():
        if start <= d <= today:
            week = monday_of(d)
            young[week] = young.get(week, Ratio()) + a.young
            mature[week] = mature.get(week, Ratio()) + a.mature
    by_week = []
    for w in range(weeks):
        week = start + timedelta(weeks=w)
        by_week.append(WeekRetention(week, young.get(week, Ratio()), mature.get(week, Ratio())))
    return Retention(tuple(out), tuple(by_week))


def sum_ratios(ratios: Iterable[Ratio]) -> Ratio:
    """The sum of `ratios` (an empty Ratio for none)."""
    total = Ratio()
    for r in ratios:
        total += r
    return total
