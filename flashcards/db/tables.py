"""SQLModel table models: decks, topics, cards, card state, the review log and settings.

`card_state` repeats the card's deck, topic and active flag so that every count and queue
query reads one narrow table through one index, never the wide card text.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class DeckRow(SQLModel, table=True):
    """A deck: the bundled role decks or one the user imported."""

    __tablename__ = "deck"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    role: str | None = None
    description: str | None = None
    source: str = "import"
    created_at: str


class TopicRow(SQLModel, table=True):
    """A topic inside a deck, e.g. `model-serving`."""

    __tablename__ = "topic"
    __table_args__ = (UniqueConstraint("deck_id", "slug"),)
    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    slug: str
    title: str


class CardRow(SQLModel, table=True):
    """A card's content; `key` is its stable identity (the deck file id, a GUID or a question hash)."""

    __tablename__ = "card"
    __table_args__ = (Index("ix_card_deck_topic", "deck_id", "topic_id"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    topic_id: int | None = Field(default=None, foreign_key="topic.id", ondelete="SET NULL")
    question: str
    notes: str
    key_points: str = "[]"
    level: str | None = None
    tags: str = "[]"
    sources: str = ""
    source_file: str | None = None
    position: int = 0
    active: bool = True
    created_at: str
    updated_at: str


class CardStateRow(SQLModel, table=True):
    """A card's SM-2 state, with its deck, topic and active flag repeated from `card`."""

    __tablename__ = "card_state"
    __table_args__ = (
        Index("ix_state_totals", "deck_id", "topic_id", "active", "suspended"),
        Index(
            "ix_state_queue",
            "due",
            "new_order",
            "deck_id",
            "topic_id",
            "buried_until",
            sqlite_where=text("active AND NOT suspended"),
        ),
        Index("ix_state_repeat", "repeat_day", "deck_id", "topic_id", sqlite_where=text("repeat_day IS NOT NULL")),
        Index(
            "ix_state_buried_new",
            "buried_until",
            "deck_id",
            "topic_id",
            sqlite_where=text("buried_until IS NOT NULL AND due IS NULL AND active AND NOT suspended"),
        ),
        # The stats screen's most-forgotten cards: the top of this index, not a scan of every card.
        Index("ix_state_lapses", "lapses", sqlite_where=text("lapses > 0")),
        Index("ix_state_leech", "active", sqlite_where=text("leech")),  # and its leech count
    )
    card_id: int = Field(primary_key=True, foreign_key="card.id", ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    topic_id: int | None = Field(default=None, foreign_key="topic.id", ondelete="SET NULL")
    active: bool = True
    new_order: int = 0
    repetitions: int = 0
    ef_x100: int = 250
    interval: int = 0
    due: str | None = None
    repeat_day: str | None = None
    lapses: int = 0
    suspended: bool = False
    buried_until: str | None = None
    last_review_at: str | None = None
    flagged: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    leech: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    reviews: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})


class TopicCountRow(SQLModel, table=True):
    """Active cards, suspended cards and open new cards (not suspended, never graded) per deck and topic,
    kept by triggers on card_state (db/topic_counts.py); `topic_key` is the topic id, 0 for none."""

    __tablename__ = "topic_count"
    deck_id: int = Field(primary_key=True)
    topic_key: int = Field(primary_key=True)
    total: int = 0
    suspended: int = 0
    new_open: int = 0


class ReviewRow(SQLModel, table=True):
    """One graded answer; append-only except that undo removes the newest row."""

    __tablename__ = "review"
    # ix_review_day covers the stats screen's recent first reviews (card and grade by day), no row lookups.
    __table_args__ = (
        Index("ix_review_day", "study_day", "kind", "due_before", "card_id", "grade"),
        Index("ix_review_card", "card_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", ondelete="CASCADE")
    reviewed_at: str
    study_day: str
    grade: int
    kind: str
    seconds: float = 0.0
    repetitions_before: int
    ef_before: int
    interval_before: int
    due_before: str | None = None
    repeat_day_before: str | None = None
    lapses_before: int = 0
    repetitions_after: int
    ef_after: int
    interval_after: int
    due_after: str | None = None
    repeat_day_after: str | None = None
    lapses_after: int = 0


class ReviewDayRow(SQLModel, table=True):
    """Per study day totals of the review log, kept by triggers (see engine.REVIEW_DAY_TRIGGERS).

    The statistics read a year of activity from here instead of scanning a million reviews.
    """

    __tablename__ = "review_day"
    study_day: str = Field(primary_key=True)
    answers: int = 0
    seconds: float = 0.0
    first_reviews: int = 0
    new_cards: int = 0
    young_total: int = 0
    young_passed: int = 0
    mature_total: int = 0
    mature_passed: int = 0


class SettingRow(SQLModel, table=True):
    """One user setting as text."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class DeckFileRow(SQLModel, table=True):
    """The content hash of a synced deck file, so unchanged files are not parsed again."""

    __tablename__ = "deck_file"
    path: str = Field(primary_key=True)
    sha256: str
    synced_at: str


class CardUpstreamRow(SQLModel, table=True):
    """The deck file's version of a card the user edited: the sync updates this, never the user's text in `card`.

    `changed` is set when the file's version moved on since the user's edit, so the app can
    report it and the user can take the file's version or keep their own.
    """

    __tablename__ = "card_upstream"
    card_id: int = Field(primary_key=True, foreign_key="card.id", ondelete="CASCADE")
    question: str
    notes: str
    key_points: str = "[]"
    level: str | None = None
    tags: str = "[]"
    sources: str = ""
    changed: bool = False
    edited_at: str


class CardTagRow(SQLModel, table=True):
    """One tag of a card, case-folded, kept by triggers from `card.tags` (db/search_index.py), so a
    `tag:` filter reads a narrow index instead of every card's JSON."""

    __tablename__ = "card_tag"
    tag: str = Field(primary_key=True)
    card_id: int = Field(primary_key=True, foreign_key="card.id", ondelete="CASCADE")


class ReviewKeyPointRow(SQLModel, table=True):
    """One key point of a card as the user ticked it (said) or left it (missed) when grading by the checklist.

    Written in the grade's transaction, one row per key point shown; deleted with its review (undo).
    `point` keeps the text as it was shown, so an edit of the card later does not rewrite history.
    """

    __tablename__ = "review_key_point"
    __table_args__ = (Index("ix_review_key_point_card", "card_id", "position"),)
    review_id: int = Field(primary_key=True, foreign_key="review.id", ondelete="CASCADE")
    position: int = Field(primary_key=True)
    card_id: int = Field(foreign_key="card.id", ondelete="CASCADE")
    point: str
    said: bool


class InterviewRow(SQLModel, table=True):
    """An interview the user is preparing for: its day and its scope (a role, or decks and topics as JSON lists)."""

    __tablename__ = "interview"
    id: int | None = Field(default=None, primary_key=True)
    day: str
    title: str = ""
    role: str | None = None
    decks: str = "[]"
    topics: str = "[]"
    created_at: str


class MockRow(SQLModel, table=True):
    """One timed mock interview: what was asked for and, once finished, its overall score (0-1)."""

    __tablename__ = "mock"
    id: int | None = Field(default=None, primary_key=True)
    started_at: str
    finished_at: str | None = None
    role: str
    format: str
    minutes: int | None = None
    questions: int
    score: float | None = None
    counts_as_review: bool = False


class MockAnswerRow(SQLModel, table=True):
    """One question of a mock: the card asked (its text kept as shown), the time taken and the key points said."""

    __tablename__ = "mock_answer"
    mock_id: int = Field(primary_key=True, foreign_key="mock.id", ondelete="CASCADE")
    position: int = Field(primary_key=True)
    card_id: int | None = Field(default=None, foreign_key="card.id", ondelete="SET NULL")
    question: str
    deck: str
    topic: str
    level: str | None = None
    time_limit: float
    seconds: float = 0.0
    timed_out: bool = False
    points_total: int = 0
    points_said: int = 0
    missed: str = "[]"
    score: float = 0.0
    review_id: int | None = Field(default=None, foreign_key="review.id", ondelete="SET NULL")


class DeckOptionRow(SQLModel, table=True):
    """A deck's own study options (core/deck_options.py); a NULL limit means the global setting's value.

    A deck without a row uses the global limits in file order.
    """

    __tablename__ = "deck_option"
    deck_id: int = Field(primary_key=True, foreign_key="deck.id", ondelete="CASCADE")
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    new_order: str = "file"
