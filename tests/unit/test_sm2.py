"""SM-2 golden sequences worked by hand from the published algorithm, plus invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core import sm2
from flashcards.core.sm2 import Sm2State

DAY0 = date(2026, 1, 5)


def run(grades: list[int]) -> tuple[list[int], Sm2State]:
    """Grade a new card once per due date (no same-day repeats); return intervals and final state."""
    state, day, intervals = Sm2State(), DAY0, []
    for g in grades:
        state = sm2.review(state, g, day).state
        intervals.append(state.interval)
        day = state.due  # the next review happens on the due day
        state = replace(state, repeat_day=None)  # step-7 repeats are tested separately
    return intervals, state


@pytest.mark.parametrize(
    ("grades", "intervals", "ef_x100"),
    [
        ([5, 5, 5, 5, 5], [1, 6, 17, 48, 140], 300),
        ([4, 4, 4, 4, 4], [1, 6, 15, 38, 95], 250),
        ([4, 4, 4, 1, 4, 4, 4], [1, 6, 15, 1, 1, 6, 15], 250),
        # EF 2.6, 2.7, 2.8 then three 4s keep 2.8: 17 -> ceil(47.6)=48 -> ceil(134.4)=135 -> 378
        ([5, 5, 5, 4, 4, 4], [1, 6, 17, 48, 135, 378], 280),
        # q=3 lowers EF by 0.14 each time: 2.36, 2.22, 2.08 -> I = 1, 6, ceil(6*2.22)=14
        ([3, 3, 3], [1, 6, 14], 208),
        # failure keeps EF 2.50; then 5,5,5: 2.6, 2.7, 2.8 and I = 1, 6, ceil(6 x 2.7) = 17
        ([0, 5, 5, 5], [1, 1, 6, 17], 280),
    ],
)
def test_golden_sequences(grades: list[int], intervals: list[int], ef_x100: int) -> None:
    got, state = run(grades)
    assert got == intervals
    assert state.ef_x100 == ef_x100


def test_ef_floor_at_1_3() -> None:
    _, state = run([3] * 12)
    assert state.ef_x100 == 130
    # 2.50 -> 2.36 -> ... -> 1.38 -> 1.30 (floored, not 1.24)
    state = sm2.review(replace(state, repeat_day=None), 3, DAY0).state
    assert state.ef_x100 == 130


def test_ef_deltas_match_formula() -> None:
    expected = {5: 0.10, 4: 0.0, 3: -0.14, 2: -0.32, 1: -0.54, 0: -0.80}
    for q, delta in expected.items():
        assert sm2.ef_delta_x100(q) == round(delta * 100)


def test_failure_resets_repetitions_keeps_ef_and_counts_lapse() -> None:
    state = Sm2State(repetitions=4, ef_x100=236, interval=36, due=DAY0)
    out = sm2.review(state, 2, DAY0)
    assert (out.state.repetitions, out.state.interval, out.state.ef_x100) == (0, 1, 236)
    assert out.state.due == DAY0 + timedelta(days=1)
    assert out.state.lapses == 1
    assert "EF stays 2.36" in out.explanation


def test_explanation_shows_arithmetic() -> None:
    state = Sm2State(repetitions=2, ef_x100=250, interval=15, due=DAY0)
    out = sm2.review(state, 3, DAY0)
    assert out.explanation == "I = ceil(15 x 2.50) = 38 days; EF 2.50 -> 2.36; repeat today until graded 4 or 5"
    assert out.state.interval == 38


def test_step7_same_day_repeats_change_nothing_but_the_repeat_flag() -> None:
    first = sm2.review(Sm2State(repetitions=2, ef_x100=250, interval=6, due=DAY0), 3, DAY0)
    assert first.kind == "review" and first.state.repeat_pending(DAY0)
    again = sm2.review(first.state, 2, DAY0)
    assert again.kind == "repeat" and again.state == first.state
    done = sm2.review(again.state, 4, DAY0)
    assert done.kind == "repeat"
    assert not done.state.repeat_pending(DAY0)
    assert (done.state.repetitions, done.state.ef_x100, done.state.interval, done.state.due) == (
        first.state.repetitions,
        first.state.ef_x100,
        first.state.interval,
        first.state.due,
    )


def test_grade_4_or_5_needs_no_repeat_and_pending_repeat_lapses_next_day() -> None:
    assert not sm2.review(Sm2State(), 4, DAY0).state.repeat_pending(DAY0)
    pending = sm2.review(Sm2State(), 1, DAY0).state
    assert pending.repeat_pending(DAY0)
    assert not pending.repeat_pending(DAY0 + timedelta(days=1))
    nxt = sm2.review(pending, 5, DAY0 + timedelta(days=1))
    assert nxt.kind == "review" and nxt.state.interval == 1


def test_lateness_is_ignored() -> None:
    state = Sm2State(repetitions=2, ef_x100=250, interval=6, due=DAY0)
    late = sm2.review(state, 4, DAY0 + timedelta(days=30)).state
    assert late.interval == 15 and late.due == DAY0 + timedelta(days=45)


@pytest.mark.parametrize("bad", [-1, 6, 2.5, "4", None, True])
def test_grade_outside_0_5_raises(bad: object) -> None:
    with pytest.raises(ValueError):
        sm2.review(Sm2State(), bad, DAY0)  # type: ignore[arg-type]


def test_preview_labels() -> None:
    state = Sm2State(repetitions=1, ef_x100=250, interval=1, due=DAY0)
    assert sm2.preview(state, DAY0) == {0: "1d", 1: "1d", 2: "1d", 3: "6d", 4: "6d", 5: "6d"}
    pending = sm2.review(state, 3, DAY0).state
    assert sm2.preview(pending, DAY0) == {0: "again", 1: "again", 2: "again", 3: "again", 4: "done", 5: "done"}



@given(st.lists(st.integers(min_value=0, max_value=5), max_size=30), st.integers(0, 2))
def test_preview_says_what_each_grade_does(grades: list[int], gap: int) -> None:
    """The labels (worked out without running six reviews) are what `review` does for each grade, on any
    state a sequence of grades reaches: the new interval in days, or again/done for a pending repeat."""
    state, day = Sm2State(), DAY0
    for q in grades:
        state = sm2.review(state, q, day).state
        day += timedelta(days=gap)
    for q, label in sm2.preview(state, day).items():
        outcome = sm2.review(state, q, day)
        expected = ("again" if q < 4 else "done") if outcome.kind == "repeat" else f"{outcome.state.interval}d"
        assert label == expected

@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=40), st.integers(0, 3))
def test_invariants(grades: list[int], gap: int) -> None:
    state, day = Sm2State(), DAY0
    for g in grades:
        before = state
        out = sm2.review(state, g, day)
        assert before == state  # inputs are never mutated (frozen, and equal after the call)
        state = out.state
        assert state.ef_x100 >= 130
        assert state.interval >= 1
        assert state.due is not None and state.due > day
        if out.kind == "review" and g >= 3:
            assert state.repetitions == before.repetitions + 1
        day = day + timedelta(days=gap)
