"""Card info: status, local times across DST, replayed SM-2 explanations and the 'why this interval' lines."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flashcards.core import sm2
from flashcards.core.card_info import (
    ReviewStep,
    card_info,
    card_status,
    explain_step,
    local_time,
    why_interval,
)
from flashcards.core.clock import DayRule
from flashcards.core.models import Card
from flashcards.core.stats import Ratio

D = date(2026, 3, 1)
BERLIN = DayRule(ZoneInfo("Europe/Berlin"), 4)


def replay(grades: list[tuple[int, int]]) -> tuple[sm2.Sm2State, list[ReviewStep]]:
    """Apply (day offset, grade) pairs from a new card; return the final state and the log."""
    state, steps = sm2.Sm2State(), []
    for i, (offset, grade) in enumerate(grades, 1):
        day = D + timedelta(days=offset)
        out = sm2.review(state, grade, day)
        steps.append(ReviewStep(i, f"{day.isoformat()}T10:00:00.000+00:00", day, grade, out.kind, 12.0, state, out.state))
        state = out.state
    return state, steps


def make_card(state: sm2.Sm2State, **extra: object) -> Card:
    return Card(1, "k-1", 1, "Deck", "What is x[i]?", "notes", state=state, **extra)  # type: ignore[arg-type]


def test_new_card_explains_the_first_intervals() -> None:
    lines = why_interval(sm2.Sm2State(), [], D)
    assert lines[0] == "New card: not scheduled yet."
    assert "1 day" in lines[1] and "6 days" in lines[1]


def test_why_replays_the_review_that_set_the_interval() -> None:
    state, steps = replay([(0, 5), (1, 5), (7, 5)])
    assert state.interval == 17 and state.due == D + timedelta(days=24)
    lines = why_interval(state, steps, D + timedelta(days=10))
    assert lines[0] == "Last review 2026-03-08, grade 5 (perfect response):"
    assert lines[1] == "  I = ceil(6 x 2.70) = 17 days; EF 2.70 -> 2.80"
    assert lines[2] == "Due 2026-03-25 (in 14 days)."
    assert lines[3].startswith("Next success (grade 3-5): I = ceil(17 x 2.80) = 48 days")
    assert lines[-1] == "Repetitions 3, lapses 0."


def test_why_after_a_lapse_and_a_pending_repeat() -> None:
    state, steps = replay([(0, 4), (1, 4), (7, 2)])
    today = D + timedelta(days=7)
    lines = why_interval(state, steps, today)
    assert "grade 2 < 3: repetitions reset, I = 1 day" in lines[1]
    assert lines[2] == "Due 2026-03-09 (tomorrow)."
    assert any("same-day repeat is pending" in line for line in lines)
    assert lines[-1] == "Repetitions 0, lapses 1."


def test_why_skips_same_day_repeats_and_handles_a_missing_log() -> None:
    state, steps = replay([(0, 3), (0, 5)])
    assert steps[-1].kind == "repeat"
    assert why_interval(state, steps, D)[1].startswith("  I(1) = 1 day")
    assert why_interval(state, [], D)[0].startswith("Interval 1 days, E-Factor 2.36")


def test_explain_step_matches_the_logged_outcome() -> None:
    _, steps = replay([(0, 4), (1, 3), (1, 4)])
    assert [explain_step(s) for s in steps] == [
        "I(1) = 1 day; EF 2.50 -> 2.50",
        "I(2) = 6 days; EF 2.50 -> 2.36; repeat today until graded 4 or 5",
        "same-day repeat graded 4: done for today; schedule unchanged (due 2026-03-08)",
    ]


def test_local_time_follows_the_zone_across_dst() -> None:
    assert local_time("2026-03-28T19:00:00.000+00:00", BERLIN) == "2026-03-28 20:00"
    assert local_time("2026-03-29T01:30:00.000+00:00", BERLIN) == "2026-03-29 03:30"


def test_card_status_notes_suspended_buried_and_repeats() -> None:
    state, _ = replay([(0, 2)])
    card = make_card(state, suspended=True, buried_until=D + timedelta(days=1))
    assert card_status(card, D) == "learning, suspended, buried until 2026-03-02, repeat due today"
    assert card_status(make_card(sm2.Sm2State()), D) == "new"


def test_card_info_collects_everything() -> None:
    state, steps = replay([(0, 4), (1, 2), (1, 4), (2, 5)])
    info = card_info(make_card(state), steps, D + timedelta(days=2), BERLIN)
    assert info.status == "learning"
    assert [h.local_time for h in info.history][0] == "2026-03-01 11:00"
    assert info.correct == Ratio(2, 3)  # first reviews of the day: 4, 2, 5
    assert info.seconds == 48.0
    assert info.preview[5] == "6d" and info.preview[0] == "1d"
    assert info.history[1].explanation.startswith("grade 2 < 3")
