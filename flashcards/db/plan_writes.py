"""Write transactions for interview plans: add an interview (bringing due days forward), remove one (putting them back)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from sqlalchemy import Table, bindparam, delete, insert, update
from sqlalchemy.engine import Engine

from flashcards.core.errors import NotFoundError
from flashcards.core.plan import InterviewScope
from flashcards.db.tables import CardStateRow, InterviewRow

INTERVIEW: Table = InterviewRow.__table__  # type: ignore[attr-defined]  # SQLModel sets __table__
STATE: Table = CardStateRow.__table__  # type: ignore[attr-defined]

# Only a card still on the due day it was read with is moved: another writer's grade meanwhile wins.
_MOVE = (
    update(STATE)
    .where(STATE.c.card_id == bindparam("card"), STATE.c.due == bindparam("was"))
    .values(due=bindparam("to"))
)


def _move(conn: object, moves: Mapping[int, tuple[date, date]]) -> int:
    if not moves:
        return 0
    params = [{"card": card, "was": was.isoformat(), "to": to.isoformat()} for card, (was, to) in moves.items()]
    return int(conn.execute(_MOVE, params).rowcount)  # type: ignore[attr-defined]


def add_interview(engine: Engine, day: date, scope: InterviewScope, title: str, now: str,
                  moves: Mapping[int, tuple[date, date]]) -> int:
    """Store an interview and move due days (card id -> (due read, new due)) in one transaction; returns its id."""
    with engine.begin() as conn:
        inserted = conn.execute(
            insert(INTERVIEW).values(day=day.isoformat(), title=title, role=scope.role, decks=json.dumps(list(scope.decks)),
                                     topics=json.dumps(list(scope.topics)), created_at=now)
        ).inserted_primary_key
        assert inserted is not None
        _move(conn, moves)
        return int(inserted[0])


def remove_interview(engine: Engine, interview_id: int, moves: Mapping[int, tuple[date, date]]) -> int:
    """Delete an interview and move due days back (card id -> (due read, SM-2 due)); returns the cards moved.

    Raises NotFoundError (nothing written) for an unknown id.
    """
    with engine.begin() as conn:
        if conn.execute(delete(INTERVIEW).where(INTERVIEW.c.id == interview_id)).rowcount != 1:
            raise NotFoundError(f"no interview with id {interview_id}")
        return _move(conn, moves)
