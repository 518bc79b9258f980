"""PlanService: interviews and their day-by-day plans; and the two hooks the study queue calls, the new-card
limit raised to the plans' pace and a review's due day brought into an interview's final window."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.core import plan as core
from flashcards.core import sm2
from flashcards.core.errors import FlashcardsError, NotFoundError
from flashcards.core.models import Card, GradeResult, Settings
from flashcards.core.plan import Interview, InterviewScope, Plan, Spread
from flashcards.core.sm2 import ReviewKind
from flashcards.db import plan_reads, reads
from flashcards.db.collection import Collection
from flashcards.db.reads import Scope
from flashcards.services.errors import storage_errors

if TYPE_CHECKING:
    from flashcards.core.readiness import ReadinessProjection

# The readiness and stats modules are imported by `readiness` only (deferred): the study queue imports this module.

RETENTION_DAYS = 30


# -- the hooks of the study queue -------------------------------------------------------------------


def new_limit_today(conn: sqlite3.Connection, today: date, settings: Settings) -> int:
    """Today's new-card limit: the Settings limit, raised to the upcoming interviews' paces added up.

    With no interview this is one query on the (empty) interview table. Overlapping scopes count
    their shared new cards once per interview (the limit errs on the high side).
    """
    upcoming = core.upcoming(plan_reads.interviews(conn), today)
    paces = []
    for interview in upcoming:
        where = plan_reads.resolve(conn, interview.scope)
        new = plan_reads.new_count(conn, where) + plan_reads.introduced_on(conn, where, today)
        paces.append(core.new_pace(new, today, interview.day))
    return core.new_limit(settings.new_per_day, paces)


def _preferred(conn: sqlite3.Connection, today: date) -> plan_reads.ScopeFilter | None:
    """The cards of the upcoming interviews (None without one): the queue serves them first."""
    upcoming = core.upcoming(plan_reads.interviews(conn), today)
    if not upcoming:
        return None
    return plan_reads.union(plan_reads.resolve(conn, i.scope) for i in upcoming)


def next_due(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...],
             decks_out: tuple[int, ...] = ()) -> Card | None:
    """reads.next_due, the upcoming interviews' cards first (their reviews come before the other decks');
    decks in `decks_out` (at their own review limit) are skipped either way."""
    prefer = _preferred(conn, today)
    first = None if prefer is None else plan_reads.first_due(conn, scope, today, exclude, prefer, decks_out)
    return first or reads.next_due(conn, scope, today, exclude, decks_out)


def next_new(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...],
             decks_out: tuple[int, ...] = (), order: str | None = None) -> Card | None:
    """reads.next_new, the upcoming interviews' new cards first (the pace is theirs, in file order); other
    cards in the deck's own `order`; decks in `decks_out` (at their own new-card limit) are skipped."""
    prefer = _preferred(conn, today)
    first = None if prefer is None else plan_reads.first_new(conn, scope, today, exclude, prefer, decks_out)
    return first or reads.next_new(conn, scope, today, exclude, decks_out, order)


def planned_due(conn: sqlite3.Connection, card: Card, grade: int, day: date,
                settings: Settings) -> tuple[date, Interview] | None:
    """Where a grade given on `day` puts `card`'s due day when an interview brings it forward (else None)."""
    interviews = core.upcoming(plan_reads.interviews(conn), day)
    if not interviews:
        return None
    outcome = sm2.review(card.state, grade, day)
    if outcome.kind != ReviewKind.REVIEW or outcome.state.due is None:
        return None
    deck, role, topic = plan_reads.card_place(conn, card.id)
    interview = core.governing(interviews, day, deck, role, topic)
    if interview is None:
        return None
    load = plan_reads.due_loads(conn, core.final_window(day, interview.day))
    move = core.bring_forward(outcome.state.due, day, interview.day, load, settings.reviews_per_day)
    return (move.due, interview) if move.moved else None


def noted(result: GradeResult, planned: tuple[date, Interview] | None) -> GradeResult:
    """`result` with its explanation saying which interview moved the due day, if one did."""
    if planned is None:
        return result
    return replace(result, explanation=f"{result.explanation}; {core.moved_note(planned[1], planned[0])}")


# -- the service ----------------------------------------------------------------------------------


class PlanService:
    """Interviews over one Collection: set, list and remove them, and project their plans."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    @property
    def db_path(self) -> Path:
        """The collection file (for storage_errors)."""
        return self.collection.path

    def interviews(self) -> list[Interview]:
        """Every interview, soonest first (past ones too)."""
        with self.collection.read() as conn:
            return plan_reads.interviews(conn)

    def get(self, interview_id: int) -> Interview:
        """One interview. Raises NotFoundError."""
        for interview in self.interviews():
            if interview.id == interview_id:
                return interview
        raise NotFoundError(f"no interview with id {interview_id}")

    def _check_scope(self, conn: sqlite3.Connection, scope: InterviewScope) -> InterviewScope:
        if scope.role is not None and scope.role not in core.ROLES:
            raise FlashcardsError(f"role must be one of {', '.join(core.ROLES)}, got {scope.role!r}")
        names = {name.casefold(): name for _, name, _ in plan_reads.decks(conn)}
        decks = []
        for deck in scope.decks:
            if deck.casefold() not in names:
                raise NotFoundError(f"no deck named {deck!r}")
            decks.append(names[deck.casefold()])
        slugs = plan_reads.topic_slugs(conn)
        for topic in scope.topics:
            if topic not in slugs:
                raise NotFoundError(f"no topic {topic!r} in any deck")
        return replace(scope, decks=tuple(decks))

    @storage_errors
    def add(self, day: date, scope: InterviewScope | None = None, title: str = "") -> tuple[Interview, Spread]:
        """Set an interview on `day` and bring the scope's cards due on or after it into its final window,
        in one transaction. Raises FlashcardsError for a day that is not after today, an unknown role,
        deck or topic (nothing is written then)."""
        from flashcards.db import plan_writes

        scope = scope or InterviewScope()
        settings = self.collection.settings()
        today = self.collection.day_rule(settings).study_day(self.collection.clock.now())
        if day <= today:
            raise FlashcardsError(f"interview date {day.isoformat()} must be after today ({today.isoformat()})")
        self.collection.engine  # noqa: B018  (the schema exists before it is read)
        with self.collection.read() as conn:
            scope = self._check_scope(conn, scope)
            where = plan_reads.resolve(conn, scope)
            later = [(c.id, c.state.due) for c in plan_reads.plan_cards(conn, where)
                     if c.state.due is not None and c.state.due >= day]
            load = plan_reads.due_loads(conn, core.window_from(today, day))
        spread = core.spread(later, today, day, load, settings.reviews_per_day)
        was = dict(later)
        moves = {card: (was[card], to) for card, to in spread.moves.items()}
        new_id = plan_writes.add_interview(self.collection.engine, day, scope, title.strip(), self.collection.now_text(),
                                           moves)
        return Interview(new_id, day, scope, title.strip()), spread

    @storage_errors
    def remove(self, interview_id: int) -> int:
        """Remove an interview; cards it brought forward (still on their window day) go back to their SM-2 due
        day. Returns how many cards went back. Raises NotFoundError."""
        from flashcards.db import plan_writes

        interview = self.get(interview_id)
        today = self.collection.today()
        window = set(core.window_from(min(today, interview.day), interview.day))
        with self.collection.read() as conn:
            where = plan_reads.resolve(conn, interview.scope)
            last = plan_reads.last_review_days(conn, where)
        moves = {}
        for card, (reviewed, interval, due) in last.items():
            natural = reviewed + timedelta(days=interval)
            if due in window and natural >= interview.day and due is not None:
                moves[card] = (due, natural)
        return plan_writes.remove_interview(self.collection.engine, interview_id, moves)

    def plan(self, interview: Interview) -> Plan:
        """The interview's plan from today (an ended plan on and after its day)."""
        settings = self.collection.settings()
        today = self.collection.day_rule(settings).study_day(self.collection.clock.now())
        with self.collection.read() as conn:
            where = plan_reads.resolve(conn, interview.scope)
            ids = plan_reads.scope_ids(conn, where)
            # Every card: the others share the daily limits and the due counts of the final window.
            cards = [replace(c, in_scope=c.id in ids) for c in plan_reads.plan_cards(conn, plan_reads.EVERYTHING)]
            reviews_done, new_done = reads.done_today(conn, today)
            done = core.Today(reviews_done, new_done, plan_reads.introduced_on(conn, where, today))
        return core.project(interview, cards, today, settings.new_per_day, settings.reviews_per_day, done)

    def plans(self) -> list[Plan]:
        """The plans of the upcoming interviews, soonest first."""
        today = self.collection.today()
        return [self.plan(i) for i in core.upcoming(self.interviews(), today)]

    def readiness(self, plan: Plan) -> ReadinessProjection:
        """The scope's readiness score now and projected to the interview day by `plan`."""
        from flashcards.core.readiness import project_readiness
        from flashcards.core.stats import PASS_GRADE, Ratio

        today = self.collection.today()
        with self.collection.read() as conn:
            where = plan_reads.resolve(conn, plan.interview.scope)
            passed, total = plan_reads.recall(conn, where, today - timedelta(days=RETENTION_DAYS), PASS_GRADE)
        return project_readiness(plan.interview.scope.label(), plan.cards, (plan.seen_now, plan.seen),
                                 (plan.mature_now, plan.mature), Ratio(passed, total))
