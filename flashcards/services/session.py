"""One study session's state (scope, counts kept as it goes, what `u` can take back); no Textual, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from flashcards.core.models import FOUR_KEY_GRADES, Card, GradeMode, GradeResult, QueueItem, QueueReason
from flashcards.core.sm2 import Grade, ReviewKind
from flashcards.db.reads import Scope

# Answer times above this are a user who walked away, not thinking time (Anki caps at 60 s).
MAX_ANSWER_SECONDS = 300.0
# How many new cards past the daily limit one "learn more" request grants.
EXTRA_NEW = 10


@dataclass(frozen=True)
class QueueCounts:
    """What is left today in a scope after the daily limits: due reviews, new cards, repeats."""

    due: int
    new: int
    repeats: int

    @property
    def total(self) -> int:
        """All cards left."""
        return self.due + self.new + self.repeats

    def after(self, reason: QueueReason, result: GradeResult, today_repeat: bool) -> QueueCounts:
        """The counts once a card shown for `reason` was graded with `result` (`today_repeat`: it
        must come back today). Kept in the session so a grade needs no recount."""
        due = self.due - (reason == QueueReason.REVIEW)
        new = self.new - (reason == QueueReason.NEW)
        repeats = self.repeats - (reason == QueueReason.REPEAT) + today_repeat
        return QueueCounts(max(0, due), max(0, new), max(0, repeats))


@dataclass(frozen=True)
class Step:
    """What to show next: the card (None when the session is over), what is left, grade previews."""

    item: QueueItem | None
    counts: QueueCounts
    preview: dict[int, str] = field(default_factory=dict)


class ActionKind(StrEnum):
    """What `u` can take back."""

    GRADE = "grade"
    BURY = "bury"
    SUSPEND = "suspend"


@dataclass(frozen=True)
class Action:
    """A change this session made: a grade (with its review id, so undo never touches another
    writer's review), or a bury or suspend of a card."""

    kind: ActionKind
    card: Card
    review_id: int | None = None
    reason: QueueReason = QueueReason.REVIEW


@dataclass(frozen=True)
class Answered:
    """A committed grade and the step that follows it."""

    result: GradeResult
    step: Step


# A same-day repeat waits until this many other cards were shown, when that many are waiting.
REPEAT_GAP = 3


@dataclass
class StudySession:
    """A study session over one scope; `practice` sessions never write to the collection."""

    scope: Scope
    label: str
    started_utc: str
    practice: bool = False
    extra_new: int = 0
    done: int = 0
    correct: int = 0
    repeats: int = 0
    seconds: float = 0.0
    new_learned: set[int] = field(default_factory=set)
    history: list[Action] = field(default_factory=list)
    practice_queue: list[Card] = field(default_factory=list)
    counts: QueueCounts | None = None
    card_ids: tuple[int, ...] = ()  # practice exactly these cards (the browser's selection), not the scope

    def extra_left(self, grading: QueueItem | None = None) -> int:
        """How many extra new cards are still granted, counting `grading` if it is a new card."""
        learned = set(self.new_learned)
        if grading is not None and grading.reason == QueueReason.NEW:
            learned.add(grading.card.id)
        return max(0, self.extra_new - len(learned))

    def record(self, item: QueueItem, grade: int, seconds: float, kind: ReviewKind) -> None:
        """Count a grade given in this session."""
        self.done += 1
        self.correct += grade >= 3 and kind == ReviewKind.REVIEW
        self.repeats += kind == ReviewKind.REPEAT
        self.seconds += seconds
        if item.reason == QueueReason.NEW:
            self.new_learned.add(item.card.id)

    def recent(self, count: int = REPEAT_GAP) -> tuple[int, ...]:
        """The ids of the last `count` different cards graded in this session, the latest first."""
        ids: list[int] = []
        for action in reversed(self.history):
            if action.kind == ActionKind.GRADE and action.card.id not in ids:
                ids.append(action.card.id)
                if len(ids) == count:
                    break
        return tuple(ids)

    def forget(self, card: Card) -> None:
        """Take back the counts of an undone grade of `card` (now as it was before)."""
        self.done = max(0, self.done - 1)
        if card.state.is_new:
            self.new_learned.discard(card.id)


def grade_for_key(mode: GradeMode, key: int) -> Grade | None:
    """The SM-2 grade a digit key gives in grade mode `mode`, or None if the key is unbound there."""
    if mode == GradeMode.FOUR:
        grade = FOUR_KEY_GRADES.get(key)
        return Grade(grade) if grade is not None else None
    return Grade(key) if 0 <= key <= 5 else None


class CardTimer:
    """Seconds spent on the card on screen, from an injectable monotonic clock; can be paused."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._monotonic = monotonic
        self._started = monotonic()
        self._paused_at: float | None = None

    def restart(self) -> None:
        """Start timing a new card (paused if the timer was paused)."""
        now = self._monotonic()
        self._started = now
        if self._paused_at is not None:
            self._paused_at = now

    def pause(self) -> None:
        """Stop counting (help or card info is open); `resume` goes on from the same second."""
        if self._paused_at is None:
            self._paused_at = self._monotonic()

    def resume(self) -> None:
        """Count again, leaving out the time spent paused."""
        if self._paused_at is not None:
            self._started += self._monotonic() - self._paused_at
            self._paused_at = None

    def seconds(self) -> float:
        """Seconds the card has been on screen, not counting pauses, capped at MAX_ANSWER_SECONDS."""
        now = self._paused_at if self._paused_at is not None else self._monotonic()
        return min(MAX_ANSWER_SECONDS, max(0.0, now - self._started))


def practice_step(session: StudySession) -> Step:
    """The next practice card from the session's own queue (no database involved)."""
    queue = session.practice_queue
    item = QueueItem(queue[0], QueueReason.PRACTICE) if queue else None
    return Step(item, QueueCounts(due=0, new=len(queue), repeats=0))


def practice_grade(session: StudySession, item: QueueItem, grade: int, seconds: float) -> Step:
    """Count a practice grade; a card graded below 4 goes to the back of the queue again."""
    queue = session.practice_queue
    if queue and queue[0].id == item.card.id:
        queue.pop(0)
    if grade < 4:
        queue.append(item.card)
    session.record(item, grade, seconds, ReviewKind.REVIEW)
    return practice_step(session)
