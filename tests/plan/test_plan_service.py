"""PlanService and the study queue on a real collection file: setting, listing and removing interviews, the
due days brought forward, the grade explanation, and the day-by-day plan served as planned with a faked clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import FlashcardsError, NotFoundError
from flashcards.core.models import QueueReason, Settings
from flashcards.core.plan import InterviewScope, Plan
from flashcards.core.sm2 import Grade
from flashcards.services import Scope, Services, StudySession
from tests.support.db import assert_consistent, card_id
from tests.support.decks import deck_text

# Tue 17 Mar 2026, noon in Berlin; the interview two weeks on is Tue 31 Mar, and Europe/Berlin moves its
# clocks on Sun 29 Mar, inside the final window (28-30 Mar).
START = datetime(2026, 3, 17, 11, 0, tzinfo=UTC)
INTERVIEW = date(2026, 3, 31)
BERLIN = Settings(timezone="Europe/Berlin", rollover_hour=4, new_per_day=3, reviews_per_day=12)


@pytest.fixture
def plan_services(tmp_path: Path) -> Iterator[tuple[Services, FixedClock]]:
    """Two ML decks (14 + 10 cards) and a DS deck (6 cards) on a fresh collection, clock at START."""
    folder = tmp_path / "plan-decks"
    folder.mkdir()
    (folder / "mle-a.md").write_text(deck_text("ML Alpha", "alpha", 14))
    (folder / "mle-b.md").write_text(deck_text("ML Beta", "beta", 10))
    (folder / "ds-c.md").write_text(deck_text("DS Gamma", "gamma", 6, role="ds"))
    clock = FixedClock(START)
    made = Services.open_path(tmp_path / "c.sqlite3", clock=clock, decks_dir=folder)
    made.bundled.open()
    made.study.save_settings(BERLIN)
    yield made, clock
    made.close()


def serve_day(services: Services, scope: Scope) -> tuple[list[int], list[int], tuple[int, int]]:
    """Study a whole day as the review screen does (start, then answer 4 to each card); return the ids
    served as new and as reviews, and the counts shown at the start."""
    session = StudySession(scope=scope, label="all", started_utc="2026-01-01T00:00:00.000+00:00")
    step = services.study.start(session)
    counts = (step.counts.due, step.counts.new)
    new, reviews = [], []
    while step.item is not None:
        (new if step.item.reason == QueueReason.NEW else reviews).append(step.item.card.id)
        assert step.item.reason != QueueReason.REPEAT  # a grade of 4 leaves no same-day repeat
        step = services.study.answer(session, step.item, Grade.CORRECT_HESITANT, 5.0).step
    return new, reviews, counts


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


def mle_ids(services: Services) -> set[int]:
    conn = sqlite3.connect(services.collection.path)
    try:
        return {r[0] for r in conn.execute("SELECT c.id FROM card c JOIN deck d ON d.id = c.deck_id WHERE d.role = 'mle'")}
    finally:
        conn.close()


@pytest.mark.parametrize("reviews_per_day", [12, 7])
def test_the_app_serves_each_day_what_the_plan_scheduled(plan_services: tuple[Services, FixedClock],
                                                         reviews_per_day: int) -> None:
    """The done-when check: a two-week plan for role mle, then the clock moved day by day (across DST)
    and the queue studied in full; every day's new cards and reviews are exactly the plan's. At 7
    reviews a day the limit binds: reviews wait for the next day and some miss the final window."""
    services, clock = plan_services
    services.study.save_settings(replace(BERLIN, reviews_per_day=reviews_per_day))
    interview, _ = services.plan.add(INTERVIEW, InterviewScope(role="mle"))
    plan = services.plan.plan(interview)
    assert plan.cards == 24 and plan.pace == 4  # 24 new cards by Mon 23 Mar: ceil(24 / 7), above the limit of 3
    assert {c for d in plan.days for c in d.new} == mle_ids(services)
    mle = mle_ids(services)
    served_days = []
    for day in plan.days:
        clock.set(noon(day.day))
        new, reviews, counts = serve_day(services, Scope())  # "All decks": the DS deck shares the limits
        scoped_new = [c for c in new if c in mle]
        assert scoped_new == list(day.new), day.day
        assert new[: len(scoped_new)] == scoped_new  # the interview's new cards come first
        assert sorted(c for c in reviews if c in mle) == sorted(day.reviews), day.day
        assert sorted(c for c in new + reviews if c not in mle) == sorted(day.others), day.day
        assert counts == (len(reviews), len(new)), day.day
        assert len(reviews) <= reviews_per_day
        served_days.append(len(new) + len(reviews))
    assert sum(served_days) == sum(len(d.new) + len(d.reviews) + len(d.others) for d in plan.days) > 24 * 3
    assert any(d.others for d in plan.days)  # the DS cards were served too, after the plan's
    assert any(d.brought_forward for d in plan.days)
    if reviews_per_day == 12:
        assert plan.missed == 0 and plan.on_track and plan.seen_three == 1.0
    else:
        assert plan.missed > 0 and plan.fits is not None and plan.fits > 7 and not plan.on_track
    assert assert_consistent(services.collection.path) == sum(served_days)
    # On the interview day the plan has ended: the limit is the Settings one again and nothing is moved.
    clock.set(noon(INTERVIEW))
    assert services.study.queue_counts().new == 0  # every card introduced
    ended = services.plan.plan(interview)
    assert ended.ended and ended.days == () and services.plan.plans() == []


def test_a_grade_brings_the_due_day_into_the_window_and_says_so(plan_services: tuple[Services, FixedClock]) -> None:
    services, clock = plan_services
    study = services.study
    interview, _ = services.plan.add(INTERVIEW, InterviewScope(decks=("ml alpha",)))
    assert interview.scope.decks == ("ML Alpha",)  # the deck's own spelling
    key = card_id(study, "alpha-001")
    study.grade(study.get_card(key), Grade.CORRECT_HESITANT)  # Tue 17: I = 1
    clock.set(noon(date(2026, 3, 18)))
    result = study.grade(study.get_card(key), Grade.CORRECT_HESITANT)  # Wed 18: I = 6, due Tue 24 (before)
    assert result.state.due == date(2026, 3, 24) and "interview" not in result.explanation
    clock.set(noon(date(2026, 3, 24)))
    result = study.grade(study.get_card(key), Grade.CORRECT_HESITANT)  # Tue 24: I = 15, due 8 Apr -> Mon 30 Mar
    assert (result.state.repetitions, result.state.interval, result.state.ef_x100) == (3, 15, 250)
    assert result.state.due == date(2026, 3, 30)
    assert result.explanation == (
        "I = ceil(6 x 2.50) = 15 days; EF 2.50 -> 2.50; your interview on Tue 31 Mar brings it to Mon 30 Mar"
    )
    info = services.stats.card_info(key)
    assert any("your interview on Tue 31 Mar brings it to Mon 30 Mar" in line for line in info.why)
    # Undo puts the card back as it was shown, due day included.
    study.undo(result.review_id)
    assert study.get_card(key).state.due == date(2026, 3, 24)
    # A card of another deck is not in scope: its due day stays SM-2's.
    other = card_id(study, "beta-001")
    for day in (date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 24)):
        clock.set(noon(day))
        result = study.grade(study.get_card(other), Grade.CORRECT_HESITANT)
    assert result.state.due == date(2026, 4, 8) and "interview" not in result.explanation


def test_setting_an_interview_brings_cards_due_after_it_forward(plan_services: tuple[Services, FixedClock]) -> None:
    services, clock = plan_services
    conn = sqlite3.connect(services.collection.path)
    with conn:  # eight cards of ML Alpha reviewed on Mon 16 Mar with I = 36, due Tue 21 Apr
        conn.execute("UPDATE card_state SET repetitions = 4, ef_x100 = 236, interval = 36, due = '2026-04-21'"
                     " WHERE card_id IN (SELECT id FROM card WHERE key IN"
                     " ('alpha-001','alpha-002','alpha-003','alpha-004','alpha-005','alpha-006','alpha-007','alpha-008'))")
    conn.close()
    services.study.save_settings(Settings(**{**BERLIN.__dict__, "reviews_per_day": 3}))
    interview, spread = services.plan.add(INTERVIEW, InterviewScope(role="mle"))
    assert len(spread.moves) == 8 and spread.missed == ()  # 3 + 3 + 2 over Sat 28 - Mon 30 Mar
    assert sorted(spread.moves.values()).count(date(2026, 3, 30)) == 3
    listed = services.plan.interviews()
    assert [i.id for i in listed] == [interview.id]
    # Removing the interview puts them back... only for cards with a review log; these have none, so they stay.
    assert services.plan.remove(interview.id) == 0
    with pytest.raises(NotFoundError):
        services.plan.remove(interview.id)


def test_removing_an_interview_puts_moved_cards_back(plan_services: tuple[Services, FixedClock]) -> None:
    services, clock = plan_services
    study = services.study
    interview, _ = services.plan.add(INTERVIEW, InterviewScope(role="mle"))
    key = card_id(study, "alpha-001")
    for day in (date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 24)):
        clock.set(noon(day))
        study.grade(study.get_card(key), Grade.CORRECT_HESITANT)
    assert study.get_card(key).state.due == date(2026, 3, 30)
    assert services.plan.remove(interview.id) == 1
    assert study.get_card(key).state.due == date(2026, 4, 8)  # Tue 24 Mar + 15


def test_bad_interviews_are_refused_and_nothing_is_written(plan_services: tuple[Services, FixedClock]) -> None:
    services, _ = plan_services
    with pytest.raises(FlashcardsError, match="must be after today"):
        services.plan.add(date(2026, 3, 17))
    with pytest.raises(FlashcardsError, match="must be after today"):
        services.plan.add(date(2025, 1, 1))
    with pytest.raises(FlashcardsError, match="role must be one of mle, ds"):
        services.plan.add(INTERVIEW, InterviewScope(role="pm"))
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        services.plan.add(INTERVIEW, InterviewScope(decks=("Nope",)))
    with pytest.raises(NotFoundError, match="no topic 'zzz'"):
        services.plan.add(INTERVIEW, InterviewScope(topics=("zzz",)))
    assert services.plan.interviews() == []


def test_an_empty_scope_plans_nothing(plan_services: tuple[Services, FixedClock]) -> None:
    services, _ = plan_services
    for n in range(1, 7):
        services.cards.suspend([card_id(services.study, f"gamma-{n:03d}")])
    interview, _ = services.plan.add(INTERVIEW, InterviewScope(role="ds"))
    plan: Plan = services.plan.plan(interview)
    assert plan.cards == 0 and plan.pace == 0 and plan.on_track
    assert services.study.queue_counts().new == BERLIN.new_per_day  # the limit is not raised
    ready = services.plan.readiness(plan)
    assert ready.now == ready.then == 0.0


def test_two_interviews_add_their_paces_to_the_new_limit(plan_services: tuple[Services, FixedClock]) -> None:
    services, _ = plan_services
    services.plan.add(INTERVIEW, InterviewScope(role="mle"))  # 24 cards: 4 a day
    services.plan.add(INTERVIEW + timedelta(days=7), InterviewScope(role="ds"))  # 6 cards by Mon 30 Mar: 1 a day
    assert services.study.queue_counts().new == 5
