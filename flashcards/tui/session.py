"""One study session's state and the service calls that move it on; no Textual here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flashcards.core.models import FOUR_KEY_GRADES, Card, QueueItem
from flashcards.services import QueueCounts, Scope, StudyService

# Answer times above this are a user who walked away, not thinking time (Anki caps at 60 s).
MAX_ANSWER_SECONDS = 300.0
# How many new cards past the daily limit one "learn more" request grants.
EXTRA_NEW = 10


@dataclass(frozen=True)
class Step:
    """What to show next: the card (None when the session is over), what is left, grade previews."""

    item: QueueItem | None
    counts: QueueCounts
    preview: dict[int, str] = field(default_factory=dict)


@dataclass
class Action:
    """A change the session made that `u` can take back: a grade, bury or suspend of a card."""

    kind: str
    card: Card


@dataclass
class Session:
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

    def extra_left(self, grading: QueueItem | None = None) -> int:
        """How many extra new cards are still granted, counting `grading` if it is a new card."""
        learned = set(self.new_learned)
        if grading is not None and grading.reason == "new":
            learned.add(grading.card.id)
        return max(0, self.extra_new - len(learned))

    def record(self, item: QueueItem, grade: int, seconds: float, kind: str) -> None:
        """Count a grade given in this session."""
        self.done += 1
        self.correct += grade >= 3 and kind == "review"
        self.repeats += kind == "repeat"
        self.seconds += seconds
        if item.reason == "new":
            self.new_learned.add(item.card.id)

    def forget(self, card: Card) -> None:
        """Take back the counts of an undone grade of `card` (now as it was before)."""
        self.done = max(0, self.done - 1)
        if card.state.is_new:
            self.new_learned.discard(card.id)


def grade_for_key(mode: str, key: int) -> int | None:
    """The SM-2 grade a digit key gives in grade mode `mode` ("six" or "four"), or None if unbound."""
    if mode == "four":
        return FOUR_KEY_GRADES.get(key)
    return key if 0 <= key <= 5 else None


class CardTimer:
    """Seconds spent on the card on screen, from an injectable monotonic clock."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._monotonic = monotonic
        self._started = monotonic()

    def restart(self) -> None:
        """Start timing a new card."""
        self._started = self._monotonic()

    def seconds(self) -> float:
        """Seconds since the card was shown, capped at MAX_ANSWER_SECONDS."""
        return min(MAX_ANSWER_SECONDS, max(0.0, self._monotonic() - self._started))


def next_step(service: StudyService, session: Session, exclude: tuple[int, ...] = (), extra: int | None = None) -> Step:
    """The next card of a scheduled session and the counts left (runs in a worker thread)."""
    extra_new = session.extra_left() if extra is None else extra
    item = service.next_card(session.scope, exclude=exclude, extra_new=extra_new)
    counts = service.queue_counts(session.scope, extra_new=extra_new)
    preview = service.preview(item.card) if item is not None else {}
    return Step(item, counts, preview)


def card_step(service: StudyService, session: Session, card: Card) -> Step:
    """A step that shows `card` again (after undo), with fresh counts and previews."""
    today = service.today()
    reason = "new" if card.state.is_new else "repeat" if card.state.repeat_pending(today) else "review"
    learned = session.new_learned - {card.id} if card.state.is_new else session.new_learned
    counts = service.queue_counts(session.scope, extra_new=max(0, session.extra_new - len(learned)))
    return Step(QueueItem(card, reason), counts, service.preview(card))


def practice_step(session: Session) -> Step:
    """The next practice card from the session's own queue (no database involved)."""
    queue = session.practice_queue
    item = QueueItem(queue[0], "practice") if queue else None
    return Step(item, QueueCounts(due=0, new=len(queue), repeats=0))


def practice_grade(session: Session, item: QueueItem, grade: int, seconds: float) -> Step:
    """Count a practice grade; a card graded below 4 goes to the back of the queue again."""
    queue = session.practice_queue
    if queue and queue[0].id == item.card.id:
        queue.pop(0)
    if grade < 4:
        queue.append(item.card)
    session.record(item, grade, seconds, "review")
    return practice_step(session)
