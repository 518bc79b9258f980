"""The stats report: every aggregation of the stats screen assembled from what the SQL layer read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flashcards.core.clock import DayRule
from flashcards.core.key_points import TopicMisses
from flashcards.core.readiness import (
    EASE_BUCKETS,
    INTERVAL_BUCKETS,
    WEAKEST_COUNT,
    CardStates,
    Distribution,
    Readiness,
    StateGroup,
    TopicInfo,
    card_states,
    distribution,
    readiness,
)
from flashcards.core.stats import (
    ACTIVITY_WINDOWS,
    ActivityWindow,
    DayActivity,
    Forecast,
    Heatmap,
    Ratio,
    Retention,
    TodayStats,
    activity_window,
    by_day,
    forecast,
    heatmap,
    retention,
    today_stats,
)
from flashcards.core.streak import Streak, streak


@dataclass(frozen=True)
class FailedCard:
    """A card forgotten often: how many lapses it has had."""

    card_id: int
    deck: str
    question: str
    lapses: int


@dataclass(frozen=True)
class StatsReport:
    """Everything the stats screen and `flashcards stats` show."""

    today: TodayStats
    streak: Streak
    heatmap: Heatmap
    activity: tuple[ActivityWindow, ...]
    forecast: Forecast
    retention: Retention
    states: CardStates
    intervals: Distribution
    ease: Distribution
    topics: tuple[Readiness, ...]
    roles: tuple[Readiness, ...]
    topic_retention_days: int = 30
    rollover_hour: int = 4
    leeches: int = 0
    timezone: str = "UTC"
    most_failed: tuple[FailedCard, ...] = ()
    missed_points: tuple[TopicMisses, ...] = ()  # key points missed most on checklist reviews, per topic

    def window(self, days: int) -> ActivityWindow:
        """The activity window of `days` days. Raises KeyError if it was not computed."""
        for w in self.activity:
            if w.days == days:
                return w
        raise KeyError(days)

    @property
    def weakest_seen(self) -> tuple[Readiness, ...]:
        """Started topics (some card seen) that can be studied on their own, lowest recall first.

        Topics whose recall is measured (first reviews of seen cards in the window) come first, lowest
        share first and, at equal shares, the one with more reviews; then those not measured yet, by
        readiness score.
        """
        seen = [t for t in self.topics if t.topic is not None and t.seen]
        seen.sort(key=lambda t: (0, t.retention.share or 0.0, -t.retention.total, t.label) if t.retention.total
                  else (1, t.score, 0, t.label))
        return tuple(seen[:WEAKEST_COUNT])

    @property
    def not_started(self) -> tuple[Readiness, ...]:
        """Topics with no card seen yet (listed apart from the weak ones), least ready first."""
        return tuple(t for t in self.topics if t.topic is not None and not t.seen)

    @property
    def weakest(self) -> tuple[Readiness, ...]:
        """The topics keys 1-5 study: the weakest started ones, then not-started ones to fill the five."""
        seen = self.weakest_seen
        return seen + self.not_started[: WEAKEST_COUNT - len(seen)]


# -- report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Everything the SQL layer reads for one report, as core values."""

    today: date
    days: tuple[DayActivity, ...]
    older_days: tuple[date, ...]
    correct_today: Ratio
    left: tuple[int, int, int]
    due: Mapping[date, int]
    groups: tuple[StateGroup, ...]
    names: tuple[TopicInfo, ...]
    recent: Mapping[tuple[int, int | None], Ratio]
    intervals: Mapping[int, int]
    ease: Mapping[int, int]
    rule: DayRule = DayRule()
    topic_retention_days: int = 30
    most_failed: tuple[FailedCard, ...] = ()


def build_report(data: Inputs) -> StatsReport:
    """Assemble every aggregation of the stats screen from what the SQL layer read."""
    today = data.today
    activity = by_day(data.days)
    topics, roles = readiness(data.groups, data.names, data.recent)
    return StatsReport(
        today=today_stats(activity.get(today, DayActivity(today)), data.correct_today, data.left),
        streak=streak([*data.older_days, *(d for d, a in activity.items() if a.reviews)], today),
        heatmap=heatmap({d: a.reviews for d, a in activity.items()}, today),
        activity=tuple(activity_window(activity, today, n) for n in ACTIVITY_WINDOWS),
        forecast=forecast(data.due, today),
        retention=retention(activity, today),
        states=card_states(data.groups),
        intervals=distribution(data.intervals, INTERVAL_BUCKETS),
        ease=distribution(data.ease, EASE_BUCKETS),
        topics=topics,
        roles=roles,
        topic_retention_days=data.topic_retention_days,
        rollover_hour=data.rule.rollover_hour,
        timezone=str(data.rule.zone),
        most_failed=data.most_failed,
    )
