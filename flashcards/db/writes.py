"""Write transactions through SQLModel's tables: grade, undo, bury, suspend, settings and the browser's card actions.

The grade is the hot path: one conditional UPDATE of the card's state and one INSERT into
the review log, SQLAlchemy Core statements over the SQLModel tables compiled once and run on
the collection's grader connection in one `BEGIN IMMEDIATE` transaction (`synchronous=FULL`),
committed before the function returns. Deck files are written by the
importer's plan-and-apply (db/import_writes.py), bundled decks included.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, insert, select, true, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.sql.expression import ClauseElement
from sqlmodel import Session

from flashcards.core import sm2
from flashcards.core.errors import FlashcardsError, NotFoundError, NothingToUndoError, StaleCardError
from flashcards.core.key_points import PointMark
from flashcards.core.leech import leech_point
from flashcards.core.models import GradeResult
from flashcards.core.sm2 import Sm2State
from flashcards.db.codec import day_text, parse_day
from flashcards.db.tables import (
    CardRow,
    CardStateRow,
    CardUpstreamRow,
    DeckRow,
    ReviewKeyPointRow,
    ReviewRow,
    SettingRow,
    TopicRow,
)

STATE: Table = CardStateRow.__table__  # type: ignore[attr-defined]  # SQLModel sets __table__ on table models
REVIEW: Table = ReviewRow.__table__  # type: ignore[attr-defined]  # (not visible to type checkers)
CARD: Table = CardRow.__table__  # type: ignore[attr-defined]
DECK: Table = DeckRow.__table__  # type: ignore[attr-defined]
TOPIC: Table = TopicRow.__table__  # type: ignore[attr-defined]
UPSTREAM: Table = CardUpstreamRow.__table__  # type: ignore[attr-defined]
KEY_POINT: Table = ReviewKeyPointRow.__table__  # type: ignore[attr-defined]
BUNDLED_SOURCE = "bundled"  # deck.source of the bundled decks (see import_writes.apply)


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


_LOG_FIELDS = (
    "card_id", "reviewed_at", "study_day", "grade", "kind", "seconds",
    "repetitions_before", "ef_before", "interval_before", "due_before", "repeat_day_before", "lapses_before",
    "repetitions_after", "ef_after", "interval_after", "due_after", "repeat_day_after", "lapses_after",
)  # fmt: skip
_KEY_POINT_FIELDS = ("review_id", "position", "card_id", "point", "said")

# The grade's statements, built once from the SQLModel tables with SQLAlchemy Core.
_GRADE_STATE = (
    update(STATE)
    .where(STATE.c.card_id == bindparam("card"), _matches("was"))
    .values({**{name: bindparam(f"new_{name}") for name in _STATE_FIELDS}, "last_review_at": bindparam("now")})
)
_GRADE_LOG = insert(REVIEW).values({name: bindparam(name) for name in _LOG_FIELDS})
_GRADE_POINTS = insert(KEY_POINT).values({name: bindparam(name) for name in _KEY_POINT_FIELDS})
_CARD_EXISTS = select(STATE.c.card_id).where(STATE.c.card_id == bindparam("card"))
_LEECH = update(STATE).where(STATE.c.card_id == bindparam("card")).values(leech=true())
_LEECH_SUSPEND = update(STATE).where(STATE.c.card_id == bindparam("card")).values(leech=true(), suspended=true())


@functools.cache
def _sql(statement: ClauseElement) -> str:
    """`statement` compiled once to SQLite text with named parameters (`:name`, which sqlite3 binds from a dict).

    The grade runs these on the driver connection: SQLAlchemy's per-call execution (cache key,
    parameter processing, result set-up) cost about 0.7 ms of a grade's 1 ms of CPU, for
    statements whose text never changes.
    """
    return str(statement.compile(dialect=_NAMED))


_NAMED = sqlite.dialect(paramstyle="named")


def grade_card(
    conn: sqlite3.Connection,
    card_id: int,
    expected: Sm2State,
    grade: int,
    day: date,
    now: str,
    seconds: float,
    leech_threshold: int = 0,
    leech_suspends: bool = True,
    *,
    points: Sequence[PointMark] = (),
    due: date | None = None,
) -> GradeResult:
    """Apply `grade` to a card shown in state `expected` and log it, committed before returning.

    `conn` is a connection of the collection's engine (its pragmas: WAL, `synchronous=FULL`, foreign
    keys), outside any transaction (Collection.grader). The UPDATE of the card's state and the INSERT
    into the review log are the Core statements above, in one `BEGIN IMMEDIATE` transaction, rolled
    back if anything fails.

    `points` (from the key-point checklist) are stored with the review, one `review_key_point`
    row each, in the same transaction; undo deletes them with the review (foreign-key cascade).

    `due`, when given, replaces the due day SM-2 computed (an interview plan bringing a review
    forward, services/plan.py); n, EF and I stay SM-2's.

    A lapse that reaches a leech point (core/leech.py, `leech_threshold` lapses; 0 = off)
    marks the card a leech, and with `leech_suspends` suspends it, in the same transaction.
    Raises StaleCardError if the stored state is no longer `expected` (graded elsewhere or
    twice), NotFoundError for an unknown card and ValueError for a grade outside 0-5.
    """
    sm2.validate_grade(grade)
    outcome = sm2.review(expected, grade, day)
    after = outcome.state if due is None else replace(outcome.state, due=due)
    was, new = _state_values(expected), _state_values(after)
    leech = leech_point(expected.lapses, after.lapses, leech_threshold)
    conn.execute("BEGIN IMMEDIATE")  # the write lock first: two writers queue on the busy timeout
    try:
        params = {"card": card_id, "now": now, **{f"was_{k}": v for k, v in was.items()},
                  **{f"new_{k}": v for k, v in new.items()}}  # fmt: skip
        if conn.execute(_sql(_GRADE_STATE), params).rowcount != 1:
            if conn.execute(_sql(_CARD_EXISTS), {"card": card_id}).fetchone() is None:
                raise NotFoundError(f"no card with id {card_id}")
            raise StaleCardError(f"card {card_id} changed since it was shown; grade not applied")
        review_id = conn.execute(
            _sql(_GRADE_LOG),
            {
                "card_id": card_id, "reviewed_at": now, "study_day": day.isoformat(), "grade": grade,
                "kind": outcome.kind.value, "seconds": round(max(0.0, seconds), 3),
                **{f"{k}_before": was[k] for k in ("repetitions", "interval", "due", "repeat_day", "lapses")},
                "ef_before": expected.ef_x100,
                **{f"{k}_after": new[k] for k in ("repetitions", "interval", "due", "repeat_day", "lapses")},
                "ef_after": after.ef_x100,
            },
        ).lastrowid  # fmt: skip
        assert review_id is not None  # an INSERT into a table with an integer primary key always sets it
        if points:
            conn.executemany(
                _sql(_GRADE_POINTS),
                [{"review_id": review_id, "position": m.position, "card_id": card_id, "point": m.point,
                  "said": m.said} for m in points],
            )  # fmt: skip
        if leech:
            conn.execute(_sql(_LEECH_SUSPEND if leech_suspends else _LEECH), {"card": card_id})
        conn.execute("COMMIT")  # synchronous=FULL: on disk when this returns
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return GradeResult(
        int(review_id), card_id, grade, outcome.kind, after, outcome.explanation, leech, leech and leech_suspends
    )


def undo_review(
    engine: Engine, review_id: int, day: date, leech_threshold: int = 0, leech_suspends: bool = True
) -> int:
    """Take back review `review_id` of study day `day`: restore the card's state from before it and delete the row.

    A grade that made the card a leech (see grade_card) takes the leech mark (and its
    suspension) back with it. Only that review is touched, never another writer's. Returns the card id. Raises
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
        conn.execute(delete(KEY_POINT).where(KEY_POINT.c.review_id == review_id))  # the cascade does this too
        conn.execute(delete(REVIEW).where(REVIEW.c.id == review_id))
        if leech_point(before.lapses, after.lapses, leech_threshold):
            marks = {"leech": False, **({"suspended": False} if leech_suspends else {})}
            conn.execute(update(STATE).where(STATE.c.card_id == card_id).values(**marks))
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


# -- the browser's card actions: each is one transaction over every card given, all or nothing --------------


def _check_ids(conn: Any, card_ids: list[int]) -> None:
    """Raise NotFoundError naming the first id in `card_ids` that is not a card (nothing is written then)."""
    found = {row[0] for row in conn.execute(select(STATE.c.card_id).where(STATE.c.card_id.in_(card_ids)))}
    missing = [i for i in card_ids if i not in found]
    if missing:
        raise NotFoundError(f"no card with id {missing[0]}")


def set_marks(engine: Engine, card_ids: list[int], **values: object) -> int:
    """Set card_state columns (`suspended`, `flagged`, `buried_until`...) on every card; returns how many.

    Raises NotFoundError (nothing written) if any id is unknown.
    """
    with engine.begin() as conn:
        _check_ids(conn, card_ids)
        return int(conn.execute(update(STATE).where(STATE.c.card_id.in_(card_ids)).values(**values)).rowcount)


def forget(engine: Engine, card_ids: list[int]) -> int:
    """Put cards back to new (the SM-2 state of a card never studied); their review history and lapses are kept."""
    values = {name: value for name, value in _state_values(Sm2State()).items() if name != "lapses"}
    return set_marks(engine, card_ids, **values)


def _bundled_cards(conn: Any, card_ids: list[int]) -> list[int]:
    rows = conn.execute(
        select(CARD.c.id).join(DECK, DECK.c.id == CARD.c.deck_id).where(
            CARD.c.id.in_(card_ids), DECK.c.source == BUNDLED_SOURCE
        )
    )
    return [row[0] for row in rows]


def delete_cards(engine: Engine, card_ids: list[int]) -> int:
    """Delete user cards with their state and review history (the search index follows by trigger).

    Raises NotFoundError for an unknown id and FlashcardsError for a card of a bundled deck
    (those are hidden from study by suspending, never deleted); nothing is deleted then.
    """
    with engine.begin() as conn:
        _check_ids(conn, card_ids)
        bundled = _bundled_cards(conn, card_ids)
        if bundled:
            raise FlashcardsError(f"card {bundled[0]} is in a bundled deck and cannot be deleted (suspend it instead)")
        return int(conn.execute(delete(CARD).where(CARD.c.id.in_(card_ids))).rowcount)


def user_deck(conn: Any, name: str) -> int:
    """The id of the user deck called `name` (case-insensitive). Raises NotFoundError, or FlashcardsError
    for a bundled deck."""
    for deck_id, deck_name, source in conn.execute(select(DECK.c.id, DECK.c.name, DECK.c.source)):
        if deck_name.casefold() == name.casefold():
            if source == BUNDLED_SOURCE:
                raise FlashcardsError(f"deck {deck_name!r} is a bundled deck; choose or create a deck of your own")
            return int(deck_id)
    raise NotFoundError(f"no deck named {name!r}")


def move_cards(engine: Engine, card_ids: list[int], deck_name: str, now: str) -> int:
    """Move user cards to the user deck `deck_name` (their topic is dropped: topics belong to a deck).

    Raises NotFoundError for an unknown card or deck, FlashcardsError for a bundled card or deck.
    """
    with engine.begin() as conn:
        _check_ids(conn, card_ids)
        deck_id = user_deck(conn, deck_name)
        bundled = _bundled_cards(conn, card_ids)
        if bundled:
            raise FlashcardsError(f"card {bundled[0]} belongs to a bundled deck; the deck sync would move it back")
        conn.execute(
            update(CARD).where(CARD.c.id.in_(card_ids)).values(deck_id=deck_id, topic_id=None, updated_at=now)
        )
        return int(
            conn.execute(update(STATE).where(STATE.c.card_id.in_(card_ids)).values(deck_id=deck_id, topic_id=None)).rowcount
        )


def create_deck(engine: Engine, name: str, now: str) -> int:
    """Create an empty user deck; returns its id. Raises FlashcardsError if the name is empty or taken."""
    with engine.begin() as conn:
        return insert_deck(conn, name, now)


def insert_deck(conn: Any, name: str, now: str) -> int:
    """Create a user deck inside the caller's transaction (see create_deck)."""
    name = name.strip()
    if not name:
        raise FlashcardsError("a deck needs a name")
    taken = [n for (n,) in conn.execute(select(DECK.c.name)) if n.casefold() == name.casefold()]
    if taken:
        raise FlashcardsError(f"a deck named {taken[0]!r} already exists")
    inserted = conn.execute(insert(DECK).values(name=name, source="user", created_at=now)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def rename_deck(engine: Engine, old: str, new: str) -> None:
    """Rename the user deck `old` to `new`. Raises NotFoundError, or FlashcardsError for a bundled deck or a taken name."""
    new = new.strip()
    if not new:
        raise FlashcardsError("a deck needs a name")
    with engine.begin() as conn:
        deck_id = user_deck(conn, old)
        clash = [
            n for d, n in conn.execute(select(DECK.c.id, DECK.c.name)) if n.casefold() == new.casefold() and d != deck_id
        ]
        if clash:
            raise FlashcardsError(f"a deck named {clash[0]!r} already exists")
        conn.execute(update(DECK).where(DECK.c.id == deck_id).values(name=new))
