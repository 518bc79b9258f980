"""A card's full review history, current state and the SM-2 reasoning behind its interval."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flashcards.core import sm2
from flashcards.core.clock import DayRule, from_utc_text
from flashcards.core.key_points import MissedPoint, missed_most
from flashcards.core.models import Card
from flashcards.core.plan import Interview, interview_for_move, moved_note
from flashcards.core.readiness import state_of
from flashcards.core.stats import PASS_GRADE, Ratio


@dataclass(frozen=True)
class ReviewStep:
    """One row of a card's review log with the full state before and after."""

    id: int
    reviewed_at: str
    study_day: date
    grade: int
    kind: str
    seconds: float
    before: sm2.Sm2State
    after: sm2.Sm2State


@dataclass(frozen=True)
class HistoryLine:
    """A review log row as shown: local time and what SM-2 did."""

    step: ReviewStep
    local_time: str
    explanation: str


@dataclass(frozen=True)
class CardInfo:
    """A card's state, full history and the reasoning behind its current interval."""

    card: Card
    today: date
    status: str
    history: tuple[HistoryLine, ...]
    why: tuple[str, ...]
    preview: Mapping[int, str]
    points: tuple[MissedPoint, ...] = ()  # each key point as the checklist reviews saw it, in card order

    @property
    def missed(self) -> tuple[MissedPoint, ...]:
        """The card's key points missed at least once on a checklist, most misses first."""
        return missed_most(self.points)

    @property
    def correct(self) -> Ratio:
        """First reviews of the day graded 3 or more, out of all of them."""
        firsts = [h.step for h in self.history if h.step.kind == "review"]
        return Ratio(sum(1 for s in firsts if s.grade >= PASS_GRADE), len(firsts))

    @property
    def seconds(self) -> float:
        """Time spent on the card over all its answers."""
        return round(sum(h.step.seconds for h in self.history), 1)


def local_time(reviewed_at: str, rule: DayRule) -> str:
    """A stored UTC instant as `YYYY-MM-DD HH:MM` in the rule's time zone."""
    return from_utc_text(reviewed_at).astimezone(rule.zone).strftime("%Y-%m-%d %H:%M")


def explain_step(step: ReviewStep, interviews: Sequence[Interview] = ()) -> str:
    """What SM-2 did at this step, replayed from the state logged before it, and the interview (of
    `interviews`) that brought its due day forward, if one did."""
    how = sm2.review(step.before, step.grade, step.study_day).explanation
    due = step.after.due
    if step.kind == "review" and due is not None and due < step.study_day + timedelta(days=step.after.interval):
        how += "; " + moved_note(interview_for_move(interviews, due), due)
    return how


def card_status(card: Card, today: date) -> str:
    """`mature`, `young`, `learning` or `new`, with `suspended` / `buried` / `repeat due today` noted."""
    parts = [state_of(card.state)]
    if card.suspended:
        parts.append("suspended")
    if card.buried_until is not None and card.buried_until > today:
        parts.append(f"buried until {card.buried_until.isoformat()}")
    if card.state.repeat_pending(today):
        parts.append("repeat due today")
    return ", ".join(parts)


def why_interval(state: sm2.Sm2State, steps: Sequence[ReviewStep], today: date,
                 interviews: Sequence[Interview] = ()) -> tuple[str, ...]:
    """Lines explaining the card's current interval and what the next success would give (and which
    of `interviews` moved its due day, if one did)."""
    if state.is_new:
        return ("New card: not scheduled yet.",
                "A first grade of 3 or more gives 1 day, the second 6 days, then interval x E-Factor.")
    last = next((s for s in reversed(steps) if s.kind == "review"), None)
    lines = []
    if last is None:
        lines.append(f"Interval {state.interval} days, E-Factor {sm2.format_ef(state.ef_x100)} (no review log kept).")
    else:
        meaning = sm2.GRADE_MEANINGS[last.grade]
        lines.append(f"Last review {last.study_day.isoformat()}, grade {last.grade} ({meaning}):")
        lines.append(f"  {explain_step(last, interviews)}")
    if state.due is not None:
        lines.append(f"Due {state.due.isoformat()} ({_relative(state.due, today)}).")
        if last is not None and last.after.due is not None and state.due < last.after.due:
            lines.append(f"  Set after that review: {moved_note(interview_for_move(interviews, state.due), state.due)}.")
    if state.repeat_pending(today):
        lines.append("A same-day repeat is pending: grade it 4 or 5 (Good or Easy with four keys) to finish for today.")
    interval, how = sm2.next_interval(state)
    lines.append(f"Next success (grade 3-5): {how}; a grade below 3 resets to 1 day.")
    lines.append(f"Repetitions {state.repetitions}, lapses {state.lapses}.")
    return tuple(lines)


def _relative(day: date, today: date) -> str:
    gap = (day - today).days
    if gap in (0, 1):
        return ("today", "tomorrow")[gap]
    if gap == -1:
        return "1 day overdue"
    return f"in {gap} days" if gap > 0 else f"{-gap} days overdue"


def card_info(
    card: Card,
    steps: Sequence[ReviewStep],
    today: date,
    rule: DayRule,
    points: Sequence[MissedPoint] = (),
    interviews: Sequence[Interview] = (),
) -> CardInfo:
    """Everything the card info screen shows about `card`, given its log, its checklist `points`, the study day
    and the interviews (which may have moved a due day)."""
    history = tuple(HistoryLine(s, local_time(s.reviewed_at, rule), explain_step(s, interviews)) for s in steps)
    return CardInfo(card, today, card_status(card, today), history, why_interval(card.state, steps, today, interviews),
                    sm2.preview(card.state, today), tuple(points))
