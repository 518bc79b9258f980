"""The plan arithmetic of core/plan.py, with worked examples: pacing, the final window, the daily limit,
a date in the past, an empty scope, and DST inside the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flashcards.core import plan
from flashcards.core.clock import DayRule
from flashcards.core.plan import Interview, InterviewScope, PlanCard, Today
from flashcards.core.sm2 import Sm2State

FRI_18_DEC = date(2026, 12, 18)
THU_3_DEC = date(2026, 12, 3)


def new_cards(n: int, start: int = 1) -> list[PlanCard]:
    return [PlanCard(i, Sm2State(), new_order=i) for i in range(start, start + n)]


def interview(day: date = FRI_18_DEC, scope: InterviewScope | None = None) -> Interview:
    return Interview(1, day, scope or InterviewScope())


# -- pacing ---------------------------------------------------------------------------------------


def test_third_review_comes_seven_days_after_the_introduction() -> None:
    # Grades of 4 keep EF at 2.50: the first grade gives I = 1, the second I = 6, so 0 + 1 + 6 = 7.
    assert plan.introduction_offset() == 7
    assert plan.introduction_offset(2) == 1
    assert plan.introduction_offset(4) == 7 + 15  # then I = ceil(6 x 2.5) = 15


def test_latest_introduction_leaves_three_reviews_before_the_interview_day() -> None:
    # Introduced Thu 10 Dec: reviews Thu 10, Fri 11 and Thu 17 Dec, the day before the interview.
    assert plan.latest_introduction(FRI_18_DEC) == date(2026, 12, 10)


def test_pace_spreads_the_new_cards_over_the_days_to_the_latest_introduction() -> None:
    # Thu 3 to Thu 10 Dec is 8 days: 190 cards need ceil(190 / 8) = 24 a day.
    assert plan.new_pace(190, THU_3_DEC, FRI_18_DEC) == 24
    assert plan.new_pace(192, THU_3_DEC, FRI_18_DEC) == 24
    assert plan.new_pace(193, THU_3_DEC, FRI_18_DEC) == 25
    assert plan.new_pace(0, THU_3_DEC, FRI_18_DEC) == 0


def test_too_late_for_three_reviews_spreads_over_the_days_left() -> None:
    # Tue 15 Dec is after the latest introduction day: 3 days are left (15, 16, 17 Dec).
    assert plan.new_pace(10, date(2026, 12, 15), FRI_18_DEC) == 4


def test_new_limit_is_the_settings_limit_raised_to_the_paces() -> None:
    assert plan.new_limit(20, [24]) == 24
    assert plan.new_limit(20, [5]) == 20
    assert plan.new_limit(20, [12, 10]) == 22
    assert plan.new_limit(20, []) == 20


def test_projection_introduces_at_the_pace_and_every_card_gets_three_reviews() -> None:
    p = plan.project(interview(), new_cards(48), THU_3_DEC, new_per_day=5, reviews_per_day=200)
    assert p.pace == 6  # ceil(48 / 8), above the limit of 5
    assert [len(d.new) for d in p.days[:8]] == [6] * 8
    assert sum(len(d.new) for d in p.days) == 48
    assert p.days[-1].day == date(2026, 12, 17) and len(p.days) == 15
    assert p.short == 0 and p.missed == 0 and p.on_track
    assert p.seen_three == 1.0
    assert p.pace_text() == "6 new a day (above your limit of 5)"
    assert "on track" in p.status_text()


def test_cards_introduced_today_count_toward_the_day_pace() -> None:
    # 40 cards left after 8 introduced today: the pace is still ceil(48 / 8) = 6, and 6 - 8 < 0 are left today.
    p = plan.project(interview(), new_cards(40), THU_3_DEC, new_per_day=5, reviews_per_day=200,
                     done=Today(new_done=8, scope_new_done=8))
    assert p.pace == 6
    assert len(p.days[0].new) == 0
    assert len(p.days[1].new) == 6  # Fri: ceil(40 / 7)


def test_a_late_plan_says_how_many_cards_get_fewer_than_three_reviews() -> None:
    p = plan.project(interview(), new_cards(12), date(2026, 12, 15), new_per_day=20, reviews_per_day=200)
    assert p.short == 12 and not p.on_track
    assert "12 cards get fewer than 3 reviews" in p.status_text()


# -- the final window -----------------------------------------------------------------------------


def test_final_window_is_the_three_days_before_the_interview() -> None:
    assert plan.final_window(date(2026, 12, 10), FRI_18_DEC) == (date(2026, 12, 15), date(2026, 12, 16),
                                                                 date(2026, 12, 17))
    assert plan.final_window(date(2026, 12, 15), FRI_18_DEC) == ()  # a review in the window is the final one
    assert plan.window_from(date(2026, 12, 16), FRI_18_DEC) == (date(2026, 12, 16), date(2026, 12, 17))


def test_a_due_day_after_the_interview_goes_to_the_latest_window_day_with_room() -> None:
    reviewed = date(2026, 12, 2)
    sm2_due = reviewed + timedelta(days=36)  # I = ceil(15 x 2.36) = 36: Thu 7 Jan
    move = plan.bring_forward(sm2_due, reviewed, FRI_18_DEC, {}, limit=10)
    assert move == plan.Move(date(2026, 12, 17), moved=True)
    full = {date(2026, 12, 17): 10}
    assert plan.bring_forward(sm2_due, reviewed, FRI_18_DEC, full, 10).due == date(2026, 12, 16)


def test_a_due_day_before_the_interview_is_left_alone() -> None:
    assert plan.bring_forward(date(2026, 12, 12), date(2026, 12, 6), FRI_18_DEC, {}, 10) == plan.Move(date(2026, 12, 12))
    # and so is every due day once the interview has passed
    assert plan.bring_forward(date(2027, 1, 9), date(2026, 12, 19), FRI_18_DEC, {}, 10) == plan.Move(date(2027, 1, 9))


def test_the_interview_day_itself_counts_as_after() -> None:
    assert plan.bring_forward(FRI_18_DEC, date(2026, 12, 12), FRI_18_DEC, {}, 10).due == date(2026, 12, 17)


def test_daily_limit_full_on_every_window_day_misses_the_window() -> None:
    full = {date(2026, 12, d): 5 for d in (15, 16, 17)}
    move = plan.bring_forward(date(2027, 1, 2), date(2026, 12, 1), FRI_18_DEC, full, limit=5)
    assert move == plan.Move(date(2027, 1, 2), missed=True)


def test_spread_fills_the_latest_days_first_and_reports_the_misses() -> None:
    dues = [(i, date(2027, 1, i)) for i in range(1, 8)]  # 7 cards, soonest SM-2 due first
    spread = plan.spread(dues, THU_3_DEC, FRI_18_DEC, {date(2026, 12, 15): 1}, limit=2)
    assert spread.moves == {1: date(2026, 12, 17), 2: date(2026, 12, 17), 3: date(2026, 12, 16),
                            4: date(2026, 12, 16), 5: date(2026, 12, 15)}
    assert spread.missed == (6, 7)
    window = plan.window_from(THU_3_DEC, FRI_18_DEC)
    # 7 cards and 1 already due over 3 days: 3 a day fit.
    assert plan.fitting_limit(7, window, {date(2026, 12, 15): 1}, 2) == 3


def test_projection_with_a_low_review_limit_reports_misses_and_a_limit_that_fits() -> None:
    # 30 cards reviewed long ago, all due after the interview: the window (3 days) holds 3 x 4 = 12.
    seen = [PlanCard(i, Sm2State(3, 250, 15, date(2027, 1, 1)), new_order=i, reviews=3) for i in range(1, 31)]
    p = plan.project(interview(), seen, THU_3_DEC, new_per_day=20, reviews_per_day=4)
    assert p.missed == 0  # nothing is reviewed before the window, so nothing is brought forward by a grade
    cards = [PlanCard(i, Sm2State(2, 250, 6, date(2026, 12, 4)), new_order=i, reviews=2) for i in range(1, 31)]
    p = plan.project(interview(), cards, THU_3_DEC, new_per_day=20, reviews_per_day=10)
    # Due Fri 4 Dec, 10 a day over 4, 5 and 6 Dec; each gets I = 15 (due after the interview) -> the window.
    assert sum(len(d.reviews) for d in p.days[:4]) == 30
    assert p.missed == 0
    p = plan.project(interview(), cards, THU_3_DEC, new_per_day=20, reviews_per_day=8)
    # 8 a day: 30 cards need 4 days (4-7 Dec); the window of 3 days holds 24 -> 6 miss.
    assert p.missed == 6 and p.fits == 10 and not p.on_track
    assert "6 miss the final window (10 reviews a day would fit)" in p.status_text()
    assert plan.project(interview(), cards, THU_3_DEC, 20, p.fits).missed == 0
    assert plan.project(interview(), cards, THU_3_DEC, 20, p.fits - 1).missed > 0


def test_reviews_brought_forward_are_counted_on_the_day_they_are_served() -> None:
    cards = [PlanCard(1, Sm2State(2, 250, 6, date(2026, 12, 4)), reviews=2)]
    p = plan.project(interview(), cards, THU_3_DEC, 20, 200)
    served = [(d.day, d.brought_forward) for d in p.days if d.reviews]
    assert served == [(date(2026, 12, 4), 0), (date(2026, 12, 17), 1)]  # 4 Dec + 15 = 19 Dec -> Thu 17 Dec


def test_projection_does_not_change_its_inputs() -> None:
    cards = tuple(new_cards(5))
    plan.project(interview(), cards, THU_3_DEC, 20, 200)
    assert all(c.state == Sm2State() and c.reviews == 0 for c in cards)


# -- edges ---------------------------------------------------------------------------------------------


def test_a_date_in_the_past_is_an_ended_plan() -> None:
    p = plan.project(interview(date(2026, 11, 30)), new_cards(10), THU_3_DEC, 20, 200)
    assert p.ended and p.days == () and p.pace == 0 and not p.on_track and p.days_left == 0
    assert "the plan has ended" in p.status_text()
    assert plan.new_pace(10, THU_3_DEC, THU_3_DEC) == 0  # the interview day itself: the plan is over


def test_an_empty_scope_is_on_track_with_nothing_to_do() -> None:
    p = plan.project(interview(), [], THU_3_DEC, 20, 200)
    assert p.cards == 0 and p.pace == 0 and p.missed == 0 and p.short == 0
    assert all(not d.new and not d.reviews for d in p.days)
    assert p.seen_three == 0.0 and p.pace_text() == "every card introduced"


def test_scope_covers_by_role_deck_or_topic() -> None:
    scope = InterviewScope(role="mle", decks=("Statistics",), topics=("ab-testing",))
    assert scope.covers("ML Systems", "mle", None)
    assert scope.covers("statistics", "ds", None)
    assert scope.covers("Experiments", "ds", "ab-testing")
    assert not scope.covers("Experiments", "ds", "metrics")
    assert InterviewScope().covers("anything", None, None)
    assert scope.label() == "role mle + deck Statistics + topic ab-testing"


def test_the_soonest_interview_covering_a_card_governs_it() -> None:
    early = Interview(1, date(2026, 12, 10), InterviewScope(role="ds"))
    late = Interview(2, FRI_18_DEC, InterviewScope(role="mle"))
    assert plan.governing([late, early], THU_3_DEC, "X", "mle", None) == late
    assert plan.governing([late, early], THU_3_DEC, "X", "ds", None) == early
    assert plan.governing([late, early], date(2026, 12, 10), "X", "ds", None) is None  # its day has come


def test_dst_inside_the_window_keeps_one_study_day_per_date() -> None:
    # Europe/Berlin moves its clocks forward on Sun 29 Mar 2026 at 02:00; the window of an interview on
    # Tue 31 Mar is Sat 28 - Mon 30 Mar. Each window day starts at its local rollover (04:00) and every
    # instant of it maps back onto that day, the short day included.
    rule = DayRule(zone=ZoneInfo("Europe/Berlin"), rollover_hour=4)
    day = date(2026, 3, 31)
    window = plan.final_window(date(2026, 3, 20), day)
    assert window == (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30))
    for d in window:
        start = rule.day_start(d)
        end = rule.day_start(d + timedelta(days=1))
        assert rule.study_day(start) == d and rule.study_day(end - timedelta(seconds=1)) == d
    # Study day Sat 28 Mar runs from 04:00 CET to 04:00 CEST: 23 hours.
    assert rule.day_start(date(2026, 3, 28)) == datetime(2026, 3, 28, 3, 0, tzinfo=UTC)
    assert rule.day_start(date(2026, 3, 29)) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    moved = plan.bring_forward(date(2026, 4, 4), date(2026, 3, 20), day, {}, 10)
    assert moved.due == date(2026, 3, 30)


def test_moved_note_names_the_interview_and_the_new_day() -> None:
    note = plan.moved_note(interview(), date(2026, 12, 16))
    assert note == "your interview on Fri 18 Dec brings it to Wed 16 Dec"
