"""Per-deck study options (new cards a day, reviews a day, new-card order) and the daily room they leave.

The rule (README, "Per-deck options"), as in Anki's v3 scheduler with "All decks" as the parent:

- every deck has its own daily limits; a deck without options of its own uses the global
  settings' values, so the global "new cards per day" is the default for each deck;
- studying one deck (or one of its topics) applies that deck's limits only, counted against
  what was studied in that deck today: a deck imported after another deck used up the day's
  20 new cards still offers its own 20;
- studying "All decks" applies the global limits to the total and each deck's limits to its
  share, so a deck never gives more than its own limit there either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

MAX_NEW_PER_DAY = 9999
MAX_REVIEWS_PER_DAY = 99999


class NewOrder(StrEnum):
    """The order new cards of a deck are introduced in."""

    FILE = "file"  # as the deck file (or import) lists them
    RANDOM = "random"  # shuffled, the same order all day
    LEVEL = "level"  # basic, then mid, then senior (cards without a level last), file order within a level


NEW_ORDERS = tuple(o.value for o in NewOrder)
NEW_ORDER_LABELS = {NewOrder.FILE: "in file order", NewOrder.RANDOM: "random", NewOrder.LEVEL: "by level (basic first)"}


@dataclass(frozen=True)
class DeckOptions:
    """One deck's own options; None for a limit means the global setting's value."""

    new_per_day: int | None = None
    reviews_per_day: int | None = None
    new_order: NewOrder = NewOrder.FILE

    def __post_init__(self) -> None:
        if not isinstance(self.new_order, NewOrder):
            if self.new_order not in NEW_ORDERS:
                raise ValueError(f"new-card order must be one of {', '.join(NEW_ORDERS)}")
            object.__setattr__(self, "new_order", NewOrder(self.new_order))

    @property
    def is_default(self) -> bool:
        """True when the deck has nothing of its own (the globals apply, in file order)."""
        return self == DeckOptions()

    def validated(self) -> DeckOptions:
        """Return self if every value is in range, else raise ValueError naming the field."""
        if self.new_per_day is not None and not 0 <= self.new_per_day <= MAX_NEW_PER_DAY:
            raise ValueError(f"New cards per day must be 0-{MAX_NEW_PER_DAY}, or left to the global setting")
        if self.reviews_per_day is not None and not 0 <= self.reviews_per_day <= MAX_REVIEWS_PER_DAY:
            raise ValueError(f"Reviews per day must be 0-{MAX_REVIEWS_PER_DAY}, or left to the global setting")
        return self

    def limits(self, new_default: int, reviews_default: int) -> tuple[int, int]:
        """(new cards, reviews) a day for this deck, the global values filling what it does not set."""
        new = new_default if self.new_per_day is None else self.new_per_day
        reviews = reviews_default if self.reviews_per_day is None else self.reviews_per_day
        return new, reviews


@dataclass(frozen=True)
class Room:
    """What today's limits still allow in one place: reviews and new cards."""

    reviews: int
    new: int


@dataclass(frozen=True)
class DailyRoom:
    """What the limits leave for a study scope: its total room, and (over every deck) the room of each
    deck with options of its own, which caps that deck's share."""

    reviews: int
    new: int
    decks: Mapping[int, Room] = field(default_factory=dict)

    @property
    def full_for_reviews(self) -> tuple[int, ...]:
        """Decks whose own review limit is reached (their reviews are skipped)."""
        return tuple(d for d, room in self.decks.items() if room.reviews == 0)

    @property
    def full_for_new(self) -> tuple[int, ...]:
        """Decks whose own new-card limit is reached (their new cards are skipped)."""
        return tuple(d for d, room in self.decks.items() if room.new == 0)


def deck_room(options: DeckOptions, globals_: tuple[int, int], done: tuple[int, int]) -> Room:
    """A deck's room today: its limits (`globals_` = the global (new, reviews) limits as defaults) less
    `done` = (reviews, new cards) studied in that deck today."""
    new_limit, review_limit = options.limits(*globals_)
    reviews_done, new_done = done
    return Room(max(0, review_limit - reviews_done), max(0, new_limit - new_done))


def daily_room(
    deck_id: int | None,
    global_room: Room,
    globals_: tuple[int, int],
    options: Mapping[int, DeckOptions],
    done: Mapping[int, tuple[int, int]],
    extra_new: int = 0,
) -> DailyRoom:
    """The room for a session over deck `deck_id` (None: every deck), per the rule in this module's docstring.

    `global_room` is what the global limits leave today; `options` the decks' own options (a deck
    missing there uses the defaults); `done` the (reviews, new cards) studied per deck today;
    `extra_new` new cards granted past the limits (each deck's and the total).
    """
    if deck_id is not None:
        room = deck_room(options.get(deck_id, DeckOptions()), globals_, done.get(deck_id, (0, 0)))
        return DailyRoom(room.reviews, room.new + extra_new)
    # A deck without options of its own never binds here: its limits equal the global ones and its
    # count today is part of the global count, so only decks with options of their own are listed.
    decks = {}
    for deck, own in sorted(options.items()):
        room = deck_room(own, globals_, done.get(deck, (0, 0)))
        decks[deck] = Room(room.reviews, room.new + extra_new)
    return DailyRoom(global_room.reviews, global_room.new + extra_new, decks)


def capped_count(total_room: int, available: int, per_deck: Mapping[int, tuple[int, int]]) -> int:
    """How many cards a scope over every deck can serve: `available` in all, at most `total_room`, and at most
    each listed deck's room; `per_deck` maps a deck with options of its own to (its available cards, its room)."""
    over = sum(max(0, avail - room) for avail, room in per_deck.values())
    return max(0, min(total_room, available - over))
