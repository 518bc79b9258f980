"""Write transactions through SQLModel's tables: grade, undo, bury, suspend and settings.

The grade is the hot path: one conditional UPDATE of the card's state and one INSERT into
the review log, as SQLAlchemy Core statements in one `BEGIN IMMEDIATE` transaction
(`synchronous=FULL`), committed before the function returns. Deck files are written by the
importer's plan-and-apply (db/import_writes.py), bundled decks included.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from flashcards.core import sm2
from flashcards.core.errors import NotFoundError, NothingToUndoError, StaleCardError
from flashcards.core.models import GradeResult
from flashcards.core.sm2 import Sm2State
from flashcards.db.codec import day_text, parse_day
from flashcards.db.tables import CardStateRow, ReviewRow, SettingRow

STATE: Table = CardStateRow.__table__  # type: ignore[attr-defined]  # SQLModel sets __table__ on table models
REVIEW: Table = ReviewRow.__table__  # type: ignore[attr-defined]  # (not visible to type checkers)


def _state_values(state: Sm2State) -> dict[str, Any]:
    """The card_state columns that hold an Sm2State."""
    return {
        "repetitions": state.repetitions,
        "ef_x100": state.ef_x100,
        "interval": state.interval,
        "due": day_text(state.due),
        "repeat_day": day_text(state.repeat_day),
        "lapses": state.lapses,
    }


_STATE_FIELDS = ("repetitions", "ef_x100", "interval", "due", "repeat_day", "lapses")


def _matches(prefix: str, with_repeat: bool = True) -> Any:
    """A WHERE clause true only while the stored state equals the state bound as `<prefix>_<field>` (the
    stale-grade guard; `IS` so that NULL days compare equal). Undo leaves out the pending-repeat day,
    which lapses at rollover without a write."""
    return and_(
        *(
            STATE.c[name].is_not_distinct_from(bindparam(f"{prefix}_{name}"))
            for name in _STATE_FIELDS
            if with_repeat or name != "repeat_day"
        )
    )


def _bound(prefix: str, state: Sm2State) -> dict[str, Any]:
    return {f"{prefix}_{name}": value for name, value in _state_values(state).items()}


# Built once: the grade is the hot path, and a prebuilt statement skips SQLAlchemy's per-call construction.
_GRADE_STATE = (
    update(STATE)
    .where(STATE.c.card_id == bindparam("card"), _matches("was"))
    .values({**{name: bindparam(f"new_{name}") for name in _STATE_FIELDS}, "last_review_at": bindparam("now")})
)
_GRADE_LOG = insert(REVIEW)


def grade_card(
    engine: Engine, card_id: int, expected: Sm2State, grade: int, day: date, now: str, seconds: float
) -> GradeResult:
    """Apply `grade` to a card shown in state `expected` and log it, committed before returning.

    Raises StaleCardError if the stored state is no longer `expected` (graded elsewhere or
    twice), NotFoundError for an unknown card and ValueError for a grade outside 0-5.
    """
    sm2.validate_grade(grade)
    outcome = sm2.review(expected, grade, day)
    after = outcome.state
    with engine.begin() as conn:
        params = {"card": card_id, "now": now, **_bound("was", expected), **_bound("new", after)}
        if conn.execute(_GRADE_STATE, params).rowcount != 1:
            exists = conn.execute(select(STATE.c.card_id).where(STATE.c.card_id == card_id)).first()
            if exists is None:
                raise NotFoundError(f"no card with id {card_id}")
            raise StaleCardError(f"card {card_id} changed since it was shown; grade not applied")
        inserted = conn.execute(
            _GRADE_LOG,
            {
                "card_id": card_id,
                "reviewed_at": now,
                "study_day": day.isoformat(),
                "grade": grade,
                "kind": outcome.kind.value,
                "seconds": round(max(0.0, seconds), 3),
                "repetitions_before": expected.repetitions,
                "ef_before": expected.ef_x100,
                "interval_before": expected.interval,
                "due_before": day_text(expected.due),
                "repeat_day_before": day_text(expected.repeat_day),
                "lapses_before": expected.lapses,
                "repetitions_after": after.repetitions,
                "ef_after": after.ef_x100,
                "interval_after": after.interval,
                "due_after": day_text(after.due),
                "repeat_day_after": day_text(after.repeat_day),
                "lapses_after": after.lapses,
            },
        ).inserted_primary_key
        assert inserted is not None  # an INSERT with an integer primary key always reports it
    return GradeResult(int(inserted[0]), card_id, grade, outcome.kind, after, outcome.explanation)


def undo_review(engine: Engine, review_id: int, day: date) -> int:
    """Take back review `review_id` of study day `day`: restore the card's state from before it and delete the row.

    Only that review is touched, never another writer's. Returns the card id. Raises
    NothingToUndoError if the review is gone, is from another day, or the card has moved on
    since it (undoing it then would corrupt the card's state).
    """
    with engine.begin() as conn:
        review = conn.execute(select(REVIEW).where(REVIEW.c.id == review_id)).mappings().first()
        if review is None:
            raise NothingToUndoError("that grade is no longer in the review log; nothing was undone")
        if review["study_day"] != day.isoformat():
            raise NothingToUndoError("only today's grades can be undone")
        card_id = int(review["card_id"])
        after = Sm2State(
            repetitions=review["repetitions_after"],
            ef_x100=review["ef_after"],
            interval=review["interval_after"],
            due=parse_day(review["due_after"]),
            repeat_day=parse_day(review["repeat_day_after"]),
            lapses=review["lapses_after"],
        )
        before = Sm2State(
            repetitions=review["repetitions_before"],
            ef_x100=review["ef_before"],
            interval=review["interval_before"],
            due=parse_day(review["due_before"]),
            repeat_day=parse_day(review["repeat_day_before"]),
            lapses=review["lapses_before"],
        )
        previous = conn.execute(
            select(func.max(REVIEW.c.reviewed_at)).where(REVIEW.c.card_id == card_id, REVIEW.c.id != review_id)
        ).scalar()
        restored = conn.execute(
            update(STATE)
            .where(STATE.c.card_id == card_id, _matches("was", with_repeat=False))
            .values(**_state_values(before), last_review_at=previous),
            _bound("was", after),
        ).rowcount
        if restored != 1:
            raise NothingToUndoError("the card has changed since that grade; nothing was undone")
        conn.execute(delete(REVIEW).where(REVIEW.c.id == review_id))
    return card_id


def bury(engine: Engine, card_id: int, day: date) -> None:
    """Hide a card until the study day after `day`."""
    _update_state(engine, card_id, buried_until=(day + timedelta(days=1)).isoformat())


def set_suspended(engine: Engine, card_id: int, suspended: bool) -> None:
    """Suspend a card (out of every queue until unsuspended) or unsuspend it."""
    _update_state(engine, card_id, suspended=suspended)


def _update_state(engine: Engine, card_id: int, **values: object) -> None:
    with engine.begin() as conn:
        if conn.execute(update(STATE).where(STATE.c.card_id == card_id).values(**values)).rowcount != 1:
            raise NotFoundError(f"no card with id {card_id}")


def save_settings(engine: Engine, values: dict[str, str]) -> None:
    """Store settings (text values) in one transaction."""
    with Session(engine) as session:
        for key, value in values.items():
            session.merge(SettingRow(key=key, value=value))
        session.commit()
