"""StatsService end to end over real grades: DST and the rollover hour, parallel reads, card info."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import NotFoundError
from flashcards.core.stats import Ratio
from flashcards.services import Services, StudyService
from flashcards.services.stats import StatsService
from tests.support.db import card_id, grade_at, use_zone

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, m, d, hh, mm, tzinfo=BERLIN)


@pytest.fixture
def dst_history(service: StudyService, clock: FixedClock) -> StudyService:
    """Five graded answers in Berlin around the spring DST change, two of them at 03:30 local."""
    use_zone(service, "Europe/Berlin", rollover_hour=4)
    grade_at(service, clock, "alpha-001", 4, berlin(3, 27, 20))  # day 27
    grade_at(service, clock, "alpha-002", 5, berlin(3, 29, 3, 30), seconds=30)  # day 28, after the jump
    grade_at(service, clock, "alpha-003", 2, berlin(3, 29, 12))  # day 29, lapse + repeat pending
    grade_at(service, clock, "alpha-003", 5, berlin(3, 29, 12, 5))  # its same-day repeat
    grade_at(service, clock, "alpha-001", 4, berlin(3, 30, 3, 30))  # still day 29
    grade_at(service, clock, "beta-001", 3, berlin(3, 30, 20), seconds=20)  # day 30
    clock.set(berlin(3, 30, 22))
    return service


def test_streak_and_heatmap_across_dst_use_study_days(dst_history: StudyService, services: Services) -> None:
    report = StatsService(services.collection, dst_history).report()
    assert report.today.day == date(2026, 3, 30) and report.timezone == "Europe/Berlin"
    assert (report.streak.current, report.streak.longest, report.streak.studied_today) == (4, 4, True)
    per_day = {c.day: c.reviews for col in report.heatmap.columns for c in col if c is not None and c.reviews}
    assert per_day == {date(2026, 3, 27): 1, date(2026, 3, 28): 1, date(2026, 3, 29): 3, date(2026, 3, 30): 1}
    t = report.today
    assert (t.reviews, t.cards, t.new_learned, t.seconds, t.correct.share) == (1, 1, 1, 20.0, 1.0)


def test_just_after_midnight_is_still_the_previous_study_day(dst_history: StudyService, services: Services) -> None:
    assert isinstance(dst_history.clock, FixedClock)
    dst_history.clock.set(berlin(3, 31, 0, 30))
    report = StatsService(services.collection, dst_history).report()
    assert report.today.day == date(2026, 3, 30) and report.streak.studied_today and report.today.reviews == 1
    dst_history.clock.set(berlin(3, 31, 4, 30))
    later = StatsService(services.collection, dst_history).report()
    assert later.today.day == date(2026, 3, 31) and later.streak.current == 4 and not later.streak.studied_today


def test_report_states_forecast_and_retention(dst_history: StudyService, services: Services) -> None:
    report = StatsService(services.collection, dst_history).report()
    s = report.states
    assert (s.new, s.learning, s.young, s.mature, s.total) == (4, 3, 1, 0, 8)
    # alpha-002 was due on the 29th; alpha-003 (lapsed) today; beta-001 tomorrow
    assert (report.forecast.overdue, report.forecast.due[0], report.forecast.due[1]) == (1, 1, 1)
    assert report.retention.window(7).young.total == 1  # alpha-001's second review (interval 1)
    alpha = next(t for t in report.topics if t.topic == "alpha")
    assert (alpha.cards, alpha.seen, alpha.retention) == (5, 3, Ratio(1, 1))  # alpha-001's second review
    assert [t.topic for t in report.weakest_seen] == ["alpha", "beta"]  # alpha's recall is measured; beta's not yet


def test_parallel_and_serial_reads_give_the_same_report(synth_services: Services) -> None:
    collection, study = synth_services.collection, synth_services.study
    assert StatsService(collection, study, workers=1).report() == StatsService(collection, study, workers=4).report()


def test_card_info_reads_the_full_log(dst_history: StudyService, services: Services) -> None:
    info = StatsService(services.collection, dst_history).card_info(card_id(dst_history, "alpha-003"))
    assert [h.step.kind for h in info.history] == ["review", "repeat"]
    assert info.history[0].local_time == "2026-03-29 12:00"
    assert info.history[0].step.study_day == date(2026, 3, 29)
    assert "grade 2 < 3" in info.history[0].explanation
    assert info.status == "learning"
    with pytest.raises(NotFoundError):
        StatsService(services.collection, dst_history).card_info(999_999)
