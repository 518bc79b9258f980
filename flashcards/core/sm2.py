"""The SuperMemo-2 algorithm (Wozniak, 1990) as pure functions over frozen states.

Points the published text leaves open, pinned here:

- A new card has repetitions n = 0, E-Factor EF = 2.5 and interval I = 0.
- Grade q >= 3: I = 1 if n = 0, I = 6 if n = 1, else I = ceil(I_prev x EF), using the EF
  from *before* this review; then n += 1 and EF' = EF + (0.1 - (5-q)(0.08 + (5-q)0.02)),
  floored at 1.3 and not capped.
- Grade q < 3: n = 0 and I = 1; the E-Factor is left unchanged ("without changing the
  E-Factor", step 6 of the spec).
- The rounded integer interval is what is stored and multiplied next time.
- EF is kept in exact integer hundredths (every EF delta of the formula is a whole number
  of hundredths), so 5,5,5,4,4,4 ends at 378 days rather than float's 379.
- The next due day is the study day of the review plus I; lateness is ignored and there is
  no fuzz.
- Step 7: after a review graded below 4 the card is repeated in the same study day until
  it is graded 4 or 5. Those same-day repeats are logged but change neither n, EF nor I.
  A pending repeat lapses at the end of its study day.
- Intervals are capped at MAX_INTERVAL_DAYS (36,500, Anki's default maximum): the published
  formula grows without bound, and a date 100 years out is "never" for a study app, while an
  unbounded one overflows the calendar (an imported interval of 2,000,000 days would).
- Every result carries a one-line explanation of its arithmetic for the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import IntEnum, StrEnum

EF_INITIAL_X100 = 250
EF_MIN_X100 = 130
MAX_INTERVAL_DAYS = 36_500


class Grade(IntEnum):
    """The six SM-2 response grades with their published meanings."""

    BLACKOUT = 0
    WRONG_REMEMBERED = 1
    WRONG_EASY = 2
    CORRECT_HARD = 3
    CORRECT_HESITANT = 4
    PERFECT = 5


class ReviewKind(StrEnum):
    """A scheduled review (SM-2 steps 1-6) or a same-day repeat (step 7)."""

    REVIEW = "review"
    REPEAT = "repeat"


GRADE_MEANINGS: dict[int, str] = {
    5: "perfect response",
    4: "correct after a hesitation",
    3: "correct with serious difficulty",
    2: "incorrect; the correct one seemed easy to recall",
    1: "incorrect; remembered on seeing the answer",
    0: "complete blackout",
}


@dataclass(frozen=True)
class Sm2State:
    """A card's scheduling state; `ef_x100` is the E-Factor in integer hundredths."""

    repetitions: int = 0
    ef_x100: int = EF_INITIAL_X100
    interval: int = 0
    due: date | None = None
    repeat_day: date | None = None
    lapses: int = 0

    @property
    def ef(self) -> float:
        """The E-Factor as a float, for display only."""
        return self.ef_x100 / 100

    @property
    def is_new(self) -> bool:
        """True while the card has never been graded."""
        return self.due is None

    def repeat_pending(self, today: date) -> bool:
        """True if step 7 asks for another repeat of this card on study day `today`."""
        return self.repeat_day == today


@dataclass(frozen=True)
class ReviewOutcome:
    """What one grade did: the new state, whether it was a scheduled review or a repeat, and why."""

    state: Sm2State
    kind: ReviewKind
    explanation: str


def validate_grade(grade: int) -> int:
    """Return `grade` as an int if it is a whole number 0-5, else raise ValueError."""
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
        raise ValueError(f"grade must be an integer from 0 to 5, got {grade!r}")
    return int(grade)


def ef_delta_x100(grade: int) -> int:
    """The E-Factor change for `grade`, in hundredths: 0.1 - (5-q)(0.08 + (5-q)0.02)."""
    d = 5 - grade
    return 10 - d * (8 + d * 2)


def format_ef(ef_x100: int) -> str:
    """Render an E-Factor held in hundredths as `2.36`."""
    return f"{ef_x100 // 100}.{ef_x100 % 100:02d}"


def next_interval(state: Sm2State) -> tuple[int, str]:
    """The interval a successful review (q >= 3) gives from `state`, with its arithmetic."""
    if state.repetitions == 0:
        return 1, "I(1) = 1 day"
    if state.repetitions == 1:
        return 6, "I(2) = 6 days"
    interval = -(-state.interval * state.ef_x100 // 100)
    how = f"I = ceil({state.interval} x {format_ef(state.ef_x100)}) = {interval} days"
    if interval > MAX_INTERVAL_DAYS:
        return MAX_INTERVAL_DAYS, f"{how}, capped at {MAX_INTERVAL_DAYS}"
    return interval, how


def clamp_interval(days: int) -> int:
    """An interval from outside (an import, an old file) within 0..MAX_INTERVAL_DAYS."""
    return min(max(days, 0), MAX_INTERVAL_DAYS)


def review(state: Sm2State, grade: int, today: date) -> ReviewOutcome:
    """Apply one grade given on study day `today`; return the new state. `state` is not changed.

    Raises ValueError for a grade outside 0-5.
    """
    q = validate_grade(grade)
    if state.repeat_pending(today):
        return _same_day_repeat(state, q, today)
    if q >= 3:
        interval, how = next_interval(state)
        ef_new = max(EF_MIN_X100, state.ef_x100 + ef_delta_x100(q))
        how += f"; EF {format_ef(state.ef_x100)} -> {format_ef(ef_new)}"
        new = replace(
            state,
            repetitions=state.repetitions + 1,
            ef_x100=ef_new,
            interval=interval,
            due=today + timedelta(days=interval),
        )
    else:
        interval = 1
        how = f"grade {q} < 3: repetitions reset, I = 1 day; EF stays {format_ef(state.ef_x100)}"
        new = replace(
            state,
            repetitions=0,
            interval=interval,
            due=today + timedelta(days=interval),
            lapses=state.lapses + 1,
        )
    if q < 4:
        new = replace(new, repeat_day=today)
        how += "; repeat today until graded 4 or 5"
    else:
        new = replace(new, repeat_day=None)
    return ReviewOutcome(state=new, kind=ReviewKind.REVIEW, explanation=how)


def _same_day_repeat(state: Sm2State, q: int, today: date) -> ReviewOutcome:
    """Step 7: a repeat changes only whether another repeat is needed today."""
    due = state.due.isoformat() if state.due else "?"
    if q >= 4:
        new = replace(state, repeat_day=None)
        how = f"same-day repeat graded {q}: done for today; schedule unchanged (due {due})"
    else:
        new = state
        how = f"same-day repeat graded {q} < 4: again today; schedule unchanged (due {due})"
    return ReviewOutcome(state=new, kind=ReviewKind.REPEAT, explanation=how)


def preview(state: Sm2State, today: date) -> dict[int, str]:
    """For each grade 0-5, a short label of what it would do, e.g. `6d` or `today`."""
    # The labels `review` would give, without building six outcomes (this runs once per card shown):
    # a pending repeat is graded again (< 4) or done; otherwise a pass takes the next interval and a lapse 1 day.
    if state.repeat_pending(today):
        return {q: "again" if q < 4 else "done" for q in range(6)}
    passed = f"{next_interval(state)[0]}d"
    return {q: passed if q >= 3 else "1d" for q in range(6)}
