"""Frozen dataclasses that cross layers: cards, deck summaries, grades, settings, reports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flashcards.core.deck_options import Room
from flashcards.core.sm2 import ReviewKind, Sm2State


class GradeMode(StrEnum):
    """Which keys grade: the six SM-2 grades 0-5, or Anki-style Again/Hard/Good/Easy on 1-4."""

    SIX = "six"
    FOUR = "four"


class QueueReason(StrEnum):
    """Why a card is shown: a due review, a new card, a same-day repeat, or practice (not recorded)."""

    REVIEW = "review"
    NEW = "new"
    REPEAT = "repeat"
    PRACTICE = "practice"


class LeechAction(StrEnum):
    """What happens to a card that becomes a leech: it is suspended and tagged, or only tagged."""

    SUSPEND = "suspend"
    TAG = "tag"


class MockReviews(StrEnum):
    """Whether a mock interview's answer counts as a review: never (the default), or for cards that are due."""

    OFF = "off"
    DUE = "due"


GRADE_MODES = tuple(mode.value for mode in GradeMode)
LEECH_ACTIONS = tuple(action.value for action in LeechAction)
MOCK_REVIEWS = tuple(choice.value for choice in MockReviews)
# Four-key mode maps Again/Hard/Good/Easy onto SM-2 grades.
FOUR_KEY_GRADES = {1: 1, 2: 3, 3: 4, 4: 5}
FOUR_KEY_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
# The four-key name of each SM-2 grade those keys give (0 and 2 have no key there).
FOUR_KEY_NAMES = {grade: FOUR_KEY_LABELS[key] for key, grade in FOUR_KEY_GRADES.items()}


def grade_name(grade: int, four_keys: bool) -> str:
    """How to name SM-2 grade `grade` to the user: `4` with six keys, `Good` with four."""
    return FOUR_KEY_NAMES.get(grade, str(grade)) if four_keys else str(grade)


def four_key_words(explanation: str) -> str:
    """An SM-2 explanation (`sm2.review(...).explanation`) said in the four-key mode's words.

    `...; repeat today until graded 4 or 5` becomes `...; again later today until Good or Easy`,
    and the grade numbers of a repeat or a reset become Again/Hard/Good/Easy; the interval and
    E-Factor arithmetic stay as they are.
    """
    text = explanation.replace("repeat today until graded 4 or 5", "again later today until Good or Easy")
    text = re.sub(r"same-day repeat graded (\d)(?: < 4)?", lambda m: f"same-day repeat, {grade_name(int(m[1]), True)}",
                  text)
    return re.sub(r"grade (\d) < 3", lambda m: grade_name(int(m[1]), True), text)


@dataclass(frozen=True)
class Settings:
    """User preferences that shape the queue and the UI."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4
    grade_mode: GradeMode = GradeMode.SIX
    theme: str = "textual-dark"
    timezone: str = ""
    backup_days: int = 7
    leech_threshold: int = 8
    leech_action: LeechAction = LeechAction.SUSPEND
    mock_reviews: MockReviews = MockReviews.OFF

    def __post_init__(self) -> None:
        # Stored and typed settings arrive as text; hold the mode as its enum (ValueError names the field).
        if not isinstance(self.grade_mode, GradeMode):
            if self.grade_mode not in GRADE_MODES:
                raise ValueError(f"grade mode must be one of {', '.join(GRADE_MODES)}")
            object.__setattr__(self, "grade_mode", GradeMode(self.grade_mode))
        if not isinstance(self.leech_action, LeechAction):
            if self.leech_action not in LEECH_ACTIONS:
                raise ValueError(f"leech action must be one of {', '.join(LEECH_ACTIONS)}")
            object.__setattr__(self, "leech_action", LeechAction(self.leech_action))
        if not isinstance(self.mock_reviews, MockReviews):
            if self.mock_reviews not in MOCK_REVIEWS:
                raise ValueError(f"mock reviews must be one of {', '.join(MOCK_REVIEWS)}")
            object.__setattr__(self, "mock_reviews", MockReviews(self.mock_reviews))

    def validated(self) -> Settings:
        """Return self if every value is in range, else raise ValueError naming the field."""
        if not 0 <= self.new_per_day <= 9999:
            raise ValueError("New cards per day must be 0-9999")  # the names the settings screen shows
        if not 0 <= self.reviews_per_day <= 99999:
            raise ValueError("Reviews per day must be 0-99999")
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError("New day starts at hour must be 0-23 (local time)")
        if not 1 <= self.backup_days <= 3650:
            raise ValueError("backup days must be 1-3650")
        if not 0 <= self.leech_threshold <= 999:
            raise ValueError("leech threshold must be 0-999 lapses (0 turns leeches off)")
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
    reason: QueueReason


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
    kind: ReviewKind
    state: Sm2State
    explanation: str
    leech: bool = False
    suspended: bool = False


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
    edits_behind: tuple[str, ...] = ()  # cards you edited whose deck file changed them since (yours kept)

    def summary(self) -> str:
        """One line for the CLI or a notification."""
        text = f"{self.added} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.removed:
            text += f", {len(self.removed)} no longer in their files (history kept)"
        if self.edits_behind:
            text += (
                f"; {len(self.edits_behind)} card(s) you edited changed in their files: your version is kept"
                " (find them with is:edited in the card browser to take the new one)"
            )
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


@dataclass(frozen=True)
class HomeSnapshot:
    """Everything the home screen shows, read together."""

    today: date
    decks: list[DeckSummary]
    progress: TodayProgress
    settings: Settings
    report: SyncReport | None = None
    deck_rooms: Mapping[int, Room] = field(default_factory=dict)  # each deck's own room today, by deck id

    def deck_caps(self, deck_id: int) -> tuple[int, int]:
        """(new cards, reviews) a session over deck `deck_id` (or one of its topics) may still serve today."""
        room = self.deck_rooms.get(deck_id)
        return (self.new_cap(), self.due_cap()) if room is None else (room.new, room.reviews)

    def new_cap(self) -> int:
        """How many new cards today's new-card limit still allows."""
        return max(0, self.settings.new_per_day - self.progress.new_learned)

    def due_cap(self) -> int:
        """How many reviews today's review limit still allows."""
        return max(0, self.settings.reviews_per_day - (self.progress.reviewed - self.progress.new_learned))
