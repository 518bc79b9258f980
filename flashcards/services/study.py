"""StudyService: decks and today's counts, the queue, and the review loop (grade -> next step in one call).

Reads use the Collection's long-lived sqlite3 connection; writes go through the db layer's
SQLModel engine, imported on first write so the home screen never waits for SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.core import sm2
from flashcards.core.clock import Clock, DayRule
from flashcards.core.deck_options import DailyRoom, DeckOptions, Room, capped_count, daily_room, deck_room
from flashcards.core.errors import NotFoundError, NothingToUndoError
from flashcards.core.models import (
    Card,
    DeckSummary,
    GradeResult,
    HomeSnapshot,
    LeechAction,
    QueueItem,
    QueueReason,
    ReviewRecord,
    SessionSummary,
    Settings,
    SyncReport,
    TodayProgress,
)
from flashcards.core.sm2 import Grade
from flashcards.core.streak import streak
from flashcards.db import deck_options, reads
from flashcards.db.collection import Collection
from flashcards.db.reads import Scope
from flashcards.services.errors import storage_errors
from flashcards.services.prefetch import HomePrefetch
from flashcards.services.session import Action, ActionKind, Answered, QueueCounts, Step, StudySession

if TYPE_CHECKING:
    import sqlite3

    from flashcards.core.key_points import PointMark


class StudyService:
    """The daily work on one Collection; every write is one short transaction, committed before it returns."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    # Conveniences over the collection, for callers that hold only this service.
    @property
    def db_path(self) -> Path:
        """The collection file."""
        return self.collection.path

    @property
    def clock(self) -> Clock:
        """The collection's clock."""
        return self.collection.clock

    def settings(self) -> Settings:
        """The collection's settings."""
        return self.collection.settings()

    def day_rule(self, settings: Settings | None = None) -> DayRule:
        """The collection's study-day rule."""
        return self.collection.day_rule(settings)

    def today(self) -> date:
        """The current study day."""
        return self.collection.today()

    @storage_errors
    def save_settings(self, new: Settings) -> Settings:
        """Validate and store settings. Raises ValueError naming a bad field."""
        return self.collection.save_settings(new)

    # -- decks -------------------------------------------------------------------------------

    def deck_summaries(self) -> list[DeckSummary]:
        """Every deck with its counts for today."""
        today = self.today()
        with self.collection.read() as conn:
            return reads.deck_summaries(conn, today)

    def find_deck(self, name: str) -> DeckSummary:
        """The deck called `name` (case-insensitive). Raises NotFoundError."""
        for deck in self.deck_summaries():
            if deck.name.casefold() == name.casefold():
                return deck
        raise NotFoundError(f"no deck named {name!r}")

    # -- the daily queue ---------------------------------------------------------------------

    def _limits_left(self, conn: sqlite3.Connection, today: date, settings: Settings) -> tuple[int, int]:
        reviews_done, new_done = reads.done_today(conn, today)
        new_per_day = settings.new_per_day
        if reads.has_interviews(conn):  # an interview plan may raise it
            # Deferred: the plan modules load only for a collection with an interview (or once a card is shown).
            from flashcards.services import plan as plan_hooks

            new_per_day = plan_hooks.new_limit_today(conn, today, settings)
        return max(0, settings.reviews_per_day - reviews_done), max(0, new_per_day - new_done)

    def queue_counts(self, scope: Scope = Scope(), extra_new: int = 0) -> QueueCounts:
        """Cards left today in `scope` after the daily limits (plus `extra_new` past the new limit)."""
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        with self.collection.read() as conn:
            return self._counts(conn, scope, today, settings, extra_new)

    def _room(
        self, conn: sqlite3.Connection, scope: Scope, today: date, settings: Settings, extra_new: int
    ) -> tuple[DailyRoom, str | None]:
        """Today's room in `scope` after the limits, and the ORDER BY of its new cards (None: file order).

        The one place the daily limits are worked out: the global ones (`_limits_left`) and each
        deck's own options, by the rule of core/deck_options.py (a deck studied alone has its own
        limits; "All decks" has the global ones and each deck's as a cap on its share).
        """
        reviews_left, new_left = self._limits_left(conn, today, settings)
        if scope.deck_id is None and not deck_options.has_options(conn):
            return DailyRoom(reviews_left, new_left + extra_new), None  # every deck follows the global settings
        options = deck_options.all_options(conn)
        room = daily_room(
            scope.deck_id, Room(reviews_left, new_left), (settings.new_per_day, settings.reviews_per_day),
            options, deck_options.done_by_deck(conn, today), extra_new,
        )  # fmt: skip
        return room, deck_options.new_order_sql(options, scope.deck_id)

    def _counts(
        self, conn: sqlite3.Connection, scope: Scope, today: date, settings: Settings, extra_new: int
    ) -> QueueCounts:
        due, new, repeats = reads.count_available(conn, scope, today)
        room, _ = self._room(conn, scope, today, settings, extra_new)
        if not room.decks:
            return QueueCounts(min(due, room.reviews), min(new, room.new), repeats)
        per_due: dict[int, tuple[int, int]] = {}
        per_new: dict[int, tuple[int, int]] = {}
        for deck_id, deck in room.decks.items():  # decks with options of their own: their share is capped
            deck_due, deck_new, _ = reads.count_available(conn, replace(scope, deck_id=deck_id), today)
            per_due[deck_id], per_new[deck_id] = (deck_due, deck.reviews), (deck_new, deck.new)
        return QueueCounts(capped_count(room.reviews, due, per_due), capped_count(room.new, new, per_new), repeats)

    def next_card(self, scope: Scope = Scope(), exclude: tuple[int, ...] = (), extra_new: int = 0) -> QueueItem | None:
        """The next card to study: due reviews, then new cards within the limit, then same-day repeats.

        `exclude` skips cards the session has put aside (e.g. the card just shown, so a
        repeat does not come straight back while others wait).
        """
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        with self.collection.read() as conn:
            return self._next(conn, scope, today, settings, exclude, extra_new)

    def _next(
        self,
        conn: sqlite3.Connection,
        scope: Scope,
        today: date,
        settings: Settings,
        exclude: tuple[int, ...],
        extra_new: int,
    ) -> QueueItem | None:
        room, order = self._room(conn, scope, today, settings, extra_new)
        return self._pick(conn, scope, today, room.reviews > 0, room.new > 0, exclude, room, order)

    def _pick(
        self,
        conn: sqlite3.Connection,
        scope: Scope,
        today: date,
        due: bool,
        new: bool,
        exclude: tuple[int, ...],
        room: DailyRoom | None = None,
        new_order: str | None = None,
    ) -> QueueItem | None:
        """Due reviews (if `due` ones are left), then new cards (if `new`), then same-day repeats; the decks
        `room` lists as full are skipped, new cards come in `new_order` (see `_room`)."""
        from flashcards.services import plan as plan_hooks  # deferred (see _limits_left)

        if due:
            card = plan_hooks.next_due(conn, scope, today, exclude, room.full_for_reviews if room else ())
            if card is not None:  # an interview's cards first
                return QueueItem(card, QueueReason.REVIEW)
        if new:
            card = plan_hooks.next_new(conn, scope, today, exclude, room.full_for_new if room else (), new_order)
            if card is not None:
                return QueueItem(card, QueueReason.NEW)
        # `exclude` lists the cards shown last, the latest first: a repeat skips as many of them as it
        # can, so it comes back after a few others when others wait, and straight away only when alone.
        for kept in range(len(exclude), -1, -1):
            card = reads.next_repeat(conn, scope, today, exclude[:kept])
            if card is not None:
                return QueueItem(card, QueueReason.REPEAT)
        return None

    def practice_cards(self, scope: Scope, limit: int = 50) -> list[Card]:
        """Cards of a scope for practice outside the schedule (grades there are not recorded)."""
        today = self.today()
        with self.collection.read() as conn:
            return reads.scope_cards(conn, scope, today, limit)

    def get_card(self, card_id: int) -> Card:
        """One card by id. Raises NotFoundError."""
        with self.collection.read() as conn:
            card = reads.get_card(conn, card_id)
        if card is None:
            raise NotFoundError(f"no card with id {card_id}")
        return card

    def preview(self, card: Card) -> dict[int, str]:
        """What each grade would do to `card` today, e.g. {4: '6d'}."""
        return sm2.preview(card.state, self.today())

    # -- the review loop: one call per user action, returning the next step ------------------

    def start(self, session: StudySession) -> Step:
        """The first step of a scheduled session; counts are read once here and then kept by the session."""
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        extra = session.extra_left()
        with self.collection.read() as conn:
            session.counts = self._counts(conn, session.scope, today, settings, extra)
            item = self._next(conn, session.scope, today, settings, (), extra)
        return self._step(session, item, today)

    def answer(
        self, session: StudySession, item: QueueItem, grade: Grade, seconds: float, *, points: Sequence[PointMark] = ()
    ) -> Answered:
        """Grade the card shown, committed before returning, and read the next step in the same call.

        `points` are the key points as the checklist showed them (said or missed), stored with the grade.
        Raises StaleCardError if the card was graded since it was read (no double grades),
        ValueError for a grade outside 0-5.
        """
        result = self.grade(item.card, grade, seconds, points=points)
        session.record(item, result.grade, seconds, result.kind)
        session.history.append(Action(ActionKind.GRADE, item.card, result.review_id, item.reason))
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        counts = session.counts or self.queue_counts(session.scope, session.extra_left())
        comes_back = result.state.repeat_day == today and not result.suspended  # a leech may just have been suspended
        counts = session.counts = counts.after(item.reason, result, comes_back)
        # The session's counts already hold the daily limits, so the next card is one query, not a recount
        # (plus, when decks have options of their own, which of them are full and their new-card order).
        with self.collection.read() as conn:
            room, order = (None, None)
            if deck_options.has_options(conn):
                room, order = self._room(conn, session.scope, today, settings, session.extra_left())
            following = self._pick(
                conn, session.scope, today, counts.due > 0, counts.new > 0, session.recent(), room, order
            )
        return Answered(result, self._step(session, following, today))

    def put_aside(self, session: StudySession, kind: ActionKind, item: QueueItem) -> Step:
        """Bury or suspend the card shown (undoable with `take_back`), then the next step."""
        if kind == ActionKind.BURY:
            self.bury(item.card.id)
        else:
            self.suspend(item.card.id)
        session.history.append(Action(kind, item.card, reason=item.reason))
        return self._recount_and_next(session, (item.card.id,))

    def take_back(self, session: StudySession) -> tuple[ActionKind, Step]:
        """Undo this session's newest action (never another writer's) and show that card again.

        Raises NothingToUndoError when the session has nothing left to take back; the action
        stays in the history if undoing it failed.
        """
        if not session.history:
            raise NothingToUndoError("nothing to undo in this session")
        action = session.history[-1]
        if action.kind == ActionKind.GRADE:
            assert action.review_id is not None
            card = self.undo(action.review_id)
            session.forget(card)
        elif action.kind == ActionKind.BURY:
            self.unbury(action.card.id)
            card = self.get_card(action.card.id)
        else:
            self.suspend(action.card.id, False)
            card = self.get_card(action.card.id)
        session.history.pop()
        today = self.today()
        session.counts = self.queue_counts(session.scope, session.extra_left())
        reason = (
            QueueReason.NEW
            if card.state.is_new
            else QueueReason.REPEAT
            if card.state.repeat_pending(today)
            else QueueReason.REVIEW
        )
        return action.kind, self._step(session, QueueItem(card, reason), today)

    def reload(self, session: StudySession) -> Step:
        """Read the counts and the next card again (after a failed write, or when other writers may have acted)."""
        return self._recount_and_next(session, ())

    def _recount_and_next(self, session: StudySession, exclude: tuple[int, ...]) -> Step:
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        extra = session.extra_left()
        with self.collection.read() as conn:
            session.counts = self._counts(conn, session.scope, today, settings, extra)
            item = self._next(conn, session.scope, today, settings, exclude, extra)
        return self._step(session, item, today)

    def _step(self, session: StudySession, item: QueueItem | None, today: date) -> Step:
        counts = session.counts or QueueCounts(0, 0, 0)
        return Step(item, counts, sm2.preview(item.card.state, today) if item is not None else {})

    # -- single writes -----------------------------------------------------------------------

    @storage_errors
    def grade(self, card: Card, grade: Grade, seconds: float = 0.0, *, points: Sequence[PointMark] = ()) -> GradeResult:
        """Grade a card as shown, with the key points ticked or missed (`points`, may be empty); committed before returning.

        Raises StaleCardError if it was already graded since `card` was read (no double
        grades), ValueError for a grade outside 0-5 or a point that is not one of `card`'s key points.
        """
        from flashcards.core.key_points import check_marks  # deferred: opening the app grades nothing

        check_marks(card.key_points, points)
        # Deferred (here and below): the write path imports SQLAlchemy, which the home screen never needs.
        from flashcards.db import writes
        from flashcards.services import plan as plan_hooks  # deferred (see _limits_left)

        settings = self.settings()
        day = self.day_rule(settings).study_day(self.clock.now())
        with self.collection.read() as conn:
            planned = plan_hooks.planned_due(conn, card, grade, day, settings)  # an interview's final window
        with self.collection.grader() as conn:
            return plan_hooks.noted(writes.grade_card(
                conn, card.id, card.state, grade, day, self.collection.now_text(), seconds,
                leech_threshold=settings.leech_threshold, leech_suspends=settings.leech_action == LeechAction.SUSPEND,
                points=points,
                due=planned[0] if planned else None,
            ), planned)  # fmt: skip

    @storage_errors
    def undo(self, review_id: int) -> Card:
        """Take back the review `review_id`; returns the card as it is again.

        Raises NothingToUndoError if that review is gone, is not from today, or the card has moved on since.
        """
        from flashcards.db import writes

        settings = self.settings()
        card_id = writes.undo_review(
            self.collection.engine, review_id, self.today(), settings.leech_threshold,
            settings.leech_action == LeechAction.SUSPEND,
        )  # fmt: skip
        return self.get_card(card_id)

    @storage_errors
    def bury(self, card_id: int) -> None:
        """Hide a card until tomorrow's study day."""
        from flashcards.db import writes

        writes.bury(self.collection.engine, card_id, self.today())

    @storage_errors
    def unbury(self, card_id: int) -> None:
        """Make a buried card available again today (the review screen's undo of `bury`)."""
        from flashcards.db import writes

        # A card buried until today is available today (see reads._AVAILABLE).
        writes.bury(self.collection.engine, card_id, self.today() - timedelta(days=1))

    @storage_errors
    def suspend(self, card_id: int, suspended: bool = True) -> None:
        """Suspend a card, or unsuspend it with `suspended=False`."""
        from flashcards.db import writes

        writes.set_suspended(self.collection.engine, card_id, suspended)

    # -- progress ----------------------------------------------------------------------------

    def streak(self) -> int:
        """Consecutive study days with reviews, ending today (or yesterday if today has none yet)."""
        today = self.today()
        with self.collection.read() as conn:
            days = reads.review_days(conn)
        return _current_streak(days, today)

    def progress(self, scope: Scope = Scope()) -> TodayProgress:
        """Today's numbers for the home screen."""
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        with self.collection.read() as conn:
            counts = self._counts(conn, scope, today, settings, 0)
            reviews_done, new_done = reads.done_today(conn, today)
            next_day = reads.next_due_day(conn, today)
            days = reads.review_days(conn)
        return TodayProgress(
            day=today,
            reviewed=reviews_done + new_done,
            new_learned=new_done,
            due_left=counts.due,
            new_left=counts.new,
            repeats_left=counts.repeats,
            streak=_current_streak(days, today),
            next_due=next_day,
        )

    def home_snapshot(self, report: SyncReport | None = None) -> HomeSnapshot:
        """Today, the decks with their counts, today's progress and the settings, for the home screen."""
        settings = self.settings()
        return HomeSnapshot(
            today=self.today(),
            decks=self.deck_summaries(),
            progress=self.progress(),
            settings=settings,
            report=report,
            deck_rooms=self.deck_rooms(),
        )

    # -- per-deck options --------------------------------------------------------------------

    def deck_rooms(self) -> dict[int, Room]:
        """What each deck's own limits leave today when it is studied alone (core/deck_options.py), by deck id."""
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        with self.collection.read() as conn:
            options = deck_options.all_options(conn)
            done = deck_options.done_by_deck(conn, today)
            decks = deck_options.deck_ids(conn)
        globals_ = (settings.new_per_day, settings.reviews_per_day)
        return {d: deck_room(options.get(d, DeckOptions()), globals_, done.get(d, (0, 0))) for d in decks}

    def deck_options(self, name: str) -> tuple[int, str, DeckOptions]:
        """(id, exact name, own options) of the deck called `name` (case-insensitive). Raises NotFoundError."""
        with self.collection.read() as conn:
            found = deck_options.deck_named(conn, name)
            if found is None:
                raise NotFoundError(f"no deck named {name!r}")
            return found[0], found[1], deck_options.all_options(conn).get(found[0], DeckOptions())

    @storage_errors
    def save_deck_options(self, deck_id: int, options: DeckOptions) -> DeckOptions:
        """Validate and store a deck's own options (the defaults clear them). Raises ValueError, NotFoundError."""
        deck_options.save_options(self.collection.engine, deck_id, options.validated())
        return options

    def prefetch_home(self, ready: Callable[[], bool]) -> HomePrefetch:
        """Start reading the home snapshot in a thread (SQLite releases the GIL while it works), so it
        is ready by the time the UI toolkit has been imported; `ready` says whether the collection
        can be read as it is (no setup needed)."""
        return HomePrefetch(lambda: self.home_snapshot() if ready() else None)

    def session_summary(self, since_utc: str) -> SessionSummary:
        """Totals of the reviews logged since `since_utc`, and what falls due soon."""
        today = self.today()
        with self.collection.read() as conn:
            reviewed, correct, repeats, seconds = reads.session_totals(conn, since_utc)
            tomorrow = reads.due_between(conn, today + timedelta(days=1), today + timedelta(days=1))
            week = reads.due_between(conn, today + timedelta(days=1), today + timedelta(days=7))
        return SessionSummary(reviewed, correct, repeats, seconds, tomorrow, week)

    def card_history(self, card_id: int) -> list[ReviewRecord]:
        """A card's reviews, oldest first."""
        with self.collection.read() as conn:
            return reads.reviews_of_card(conn, card_id)


def _current_streak(days: list[date], today: date) -> int:
    """The current run of study days."""
    return streak(days, today).current

