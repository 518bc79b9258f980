"""What the card browser lists: one row per card, the sort orders, and a page of search results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flashcards.core.card_query import CardStatus
from flashcards.core.stats import MATURE_DAYS


class SortKey(StrEnum):
    """The browser's sortable columns."""

    DECK = "deck"
    QUESTION = "question"
    STATE = "state"
    DUE = "due"
    INTERVAL = "interval"
    EF = "ef"
    LAPSES = "lapses"
    REVIEWS = "reviews"


def stage(due: date | None, repetitions: int, interval: int) -> CardStatus:
    """A card's SM-2 stage as the stats count it: new, learning (fewer than 2 passes in a row), young, mature."""
    if due is None:
        return CardStatus.NEW
    if repetitions < 2:
        return CardStatus.LEARNING
    return CardStatus.YOUNG if interval < MATURE_DAYS else CardStatus.MATURE


@dataclass(frozen=True)
class CardListing:
    """One card as the browser lists it."""

    id: int
    key: str
    deck_id: int
    deck: str
    topic: str | None
    topic_title: str | None
    question: str
    stage: CardStatus
    due: date | None
    interval: int
    ef_x100: int
    lapses: int
    reviews: int
    suspended: bool = False
    buried: bool = False
    flagged: bool = False
    leech: bool = False
    edited: bool = False
    user_card: bool = True

    @property
    def place(self) -> str:
        """`deck › topic title` (or the deck alone)."""
        return f"{self.deck} › {self.topic_title or self.topic}" if self.topic else self.deck

    @property
    def state_label(self) -> str:
        """The stage and the marks the card carries, e.g. `young, suspended, leech`."""
        marks = [
            name
            for name, on in (("suspended", self.suspended), ("buried", self.buried), ("leech", self.leech))
            if on
        ]
        return ", ".join([self.stage.value, *marks])


@dataclass(frozen=True)
class SearchPage:
    """The first `limit` cards matching a query in the asked order, and how many match in all
    (None: a full page, not counted yet)."""

    query: str
    rows: tuple[CardListing, ...]
    total: int | None
    sort: SortKey = SortKey.DECK
    descending: bool = False

    @property
    def truncated(self) -> bool:
        """True when more cards may match than are listed."""
        return self.total is None or self.total > len(self.rows)
