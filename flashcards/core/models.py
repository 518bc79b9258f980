"""Frozen dataclasses that cross layers: cards, deck summaries, grades, settings, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flashcards.core.sm2 import Sm2State

GRADE_MODES = ("six", "four")
# Four-key mode maps Again/Hard/Good/Easy onto SM-2 grades.
FOUR_KEY_GRADES = {1: 1, 2: 3, 3: 4, 4: 5}
FOUR_KEY_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class Settings:
    """User preferences that shape the queue and the UI."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4
    grade_mode: str = "six"
    theme: str = "textual-dark"
    timezone: str = ""
    backup_days: int = 7

    def validated(self) -> Settings:
        """Return self if every value is in range, else raise ValueError naming the field."""
        if not 0 <= self.new_per_day <= 9999:
            raise ValueError("new cards per day must be 0-9999")
        if not 0 <= self.reviews_per_day <= 99999:
            raise ValueError("reviews per day must be 0-99999")
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError("rollover hour must be 0-23")
        if not 1 <= self.backup_days <= 3650:
            raise ValueError("backup days must be 1-3650")
        if self.grade_mode not in GRADE_MODES:
            raise ValueError(f"grade mode must be one of {', '.join(GRADE_MODES)}")
        return self


@dataclass(frozen=True)
class Card:
    """A card with its content and current scheduling state."""

    id: int
    key: str
    deck_id: int
    deck: str
    question: str
    notes: str
    key_points: tuple[str, ...] = ()
    topic: str | None = None
    topic_title: str | None = None
    level: str | None = None
    tags: tuple[str, ...] = ()
    sources: str = ""
    state: Sm2State = field(default_factory=Sm2State)
    suspended: bool = False
    buried_until: date | None = None


@dataclass(frozen=True)
class QueueItem:
    """A card in today's queue and why it is there: `new`, `review` or `repeat`."""

    card: Card
    reason: str


@dataclass(frozen=True)
class TopicSummary:
    """Counts for one topic of a deck."""

    slug: str
    title: str
    total: int
    new: int
    due: int


@dataclass(frozen=True)
class DeckSummary:
    """Counts for one deck as of a study day."""

    id: int
    name: str
    role: str | None
    total: int
    new: int
    due: int
    overdue: int
    repeats: int
    suspended: int
    topics: tuple[TopicSummary, ...] = ()


@dataclass(frozen=True)
class GradeResult:
    """What a grade did, returned after it is committed."""

    review_id: int
    card_id: int
    grade: int
    kind: str
    state: Sm2State
    explanation: str


@dataclass(frozen=True)
class ReviewRecord:
    """One row of the review log."""

    id: int
    card_id: int
    reviewed_at: str
    study_day: date
    grade: int
    kind: str
    seconds: float
    interval_before: int
    interval_after: int
    ef_before_x100: int
    ef_after_x100: int


@dataclass(frozen=True)
class TodayProgress:
    """Today's work so far and what is left, for the home screen."""

    day: date
    reviewed: int
    new_learned: int
    due_left: int
    new_left: int
    repeats_left: int
    streak: int
    next_due: date | None


@dataclass(frozen=True)
class SyncReport:
    """The result of loading deck files: what was added, changed, kept and orphaned."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: tuple[str, ...] = ()
    files: int = 0
    skipped_files: int = 0

    def summary(self) -> str:
        """One line for the CLI or a notification."""
        text = f"{self.added} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.removed:
            text += f", {len(self.removed)} no longer in their files (history kept)"
        return text


@dataclass(frozen=True)
class SessionSummary:
    """What a study session did, for the summary screen."""

    reviewed: int
    correct: int
    repeats: int
    seconds: float
    due_tomorrow: int
    due_next_7_days: int

    @property
    def share_correct(self) -> float:
        """Share of graded cards answered with grade 3 or more (0 when nothing was graded)."""
        return self.correct / self.reviewed if self.reviewed else 0.0
