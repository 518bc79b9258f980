"""Read queries for interview plans in plain SQL over sqlite3: interviews, the cards of a scope, due loads."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flashcards.core.models import Card
from flashcards.core.plan import Interview, InterviewScope, PlanCard
from flashcards.core.sm2 import Sm2State
from flashcards.db import reads
from flashcards.db.codec import day, parse_day
from flashcards.db.reads import Scope

_ACTIVE = "s.active AND NOT s.suspended"


@dataclass(frozen=True)
class ScopeFilter:
    """A scope resolved to SQL on card_state (alias s): the decks covered whole and the topics covered."""

    deck_ids: tuple[int, ...]
    topic_ids: tuple[int, ...]
    everything: bool = False

    def where(self) -> str:
        """A condition on `s` (ids are integers from the database, inlined)."""
        if self.everything:
            return "1"
        parts = []
        if self.deck_ids:
            parts.append(f"s.deck_id IN ({','.join(str(int(i)) for i in self.deck_ids)})")
        if self.topic_ids:
            parts.append(f"s.topic_id IN ({','.join(str(int(i)) for i in self.topic_ids)})")
        return "(" + " OR ".join(parts) + ")" if parts else "0"


def interviews(conn: sqlite3.Connection) -> list[Interview]:
    """Every stored interview, soonest first."""
    rows = conn.execute("SELECT id, day, title, role, decks, topics FROM interview ORDER BY day, id").fetchall()
    return [
        Interview(
            id=r["id"], day=day(r["day"]), title=r["title"],
            scope=InterviewScope(r["role"], tuple(json.loads(r["decks"])), tuple(json.loads(r["topics"]))),
        )
        for r in rows
    ]  # fmt: skip


def decks(conn: sqlite3.Connection) -> list[tuple[int, str, str | None]]:
    """(id, name, role) of every deck."""
    return [(r["id"], r["name"], r["role"]) for r in conn.execute("SELECT id, name, role FROM deck ORDER BY name")]


def resolve(conn: sqlite3.Connection, scope: InterviewScope) -> ScopeFilter:
    """The decks and topics `scope` covers in this collection."""
    if scope.everything:
        return ScopeFilter((), (), everything=True)
    whole = [deck_id for deck_id, name, role in decks(conn) if scope.covers(name, role, None)]
    topics: list[int] = []
    if scope.topics:
        marks = ",".join("?" for _ in scope.topics)
        topics = [r[0] for r in conn.execute(f"SELECT id FROM topic WHERE slug IN ({marks})", scope.topics)]
    return ScopeFilter(tuple(whole), tuple(topics))


EVERYTHING = ScopeFilter((), (), everything=True)


def union(filters: Iterable[ScopeFilter]) -> ScopeFilter:
    """The cards of any of `filters`."""
    given = list(filters)
    if any(f.everything for f in given):
        return EVERYTHING
    return ScopeFilter(tuple(sorted({i for f in given for i in f.deck_ids})),
                       tuple(sorted({i for f in given for i in f.topic_ids})))


def scope_ids(conn: sqlite3.Connection, where: ScopeFilter) -> set[int]:
    """The ids of the active, unsuspended cards of a scope."""
    return {r[0] for r in conn.execute(f"SELECT s.card_id FROM card_state s WHERE {_ACTIVE} AND {where.where()}")}


def first_due(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...],
              where: ScopeFilter, decks_out: tuple[int, ...] = ()) -> Card | None:
    """reads.next_due narrowed to the cards of `where`, skipping the decks `decks_out` (at their own limit)."""
    cond = f"s.due <= :today AND {where.where()}" + reads._not_in_decks(decks_out)  # noqa: SLF001
    return reads._first(conn, scope, today, exclude, cond, "s.due, s.new_order, s.card_id")  # noqa: SLF001  (same package)


def first_new(conn: sqlite3.Connection, scope: Scope, today: date, exclude: tuple[int, ...],
              where: ScopeFilter, decks_out: tuple[int, ...] = ()) -> Card | None:
    """reads.next_new narrowed to the cards of `where` (in file order), skipping the decks `decks_out`."""
    cond = f"s.due IS NULL AND {where.where()}" + reads._not_in_decks(decks_out)  # noqa: SLF001
    return reads._first(conn, scope, today, exclude, cond, "s.new_order, s.card_id")  # noqa: SLF001


def topic_slugs(conn: sqlite3.Connection) -> set[str]:
    """Every topic slug of the collection."""
    return {r[0] for r in conn.execute("SELECT slug FROM topic")}


def plan_cards(conn: sqlite3.Connection, where: ScopeFilter) -> list[PlanCard]:
    """The active, unsuspended cards of a scope with their state and how many scheduled reviews each had."""
    rows = conn.execute(
        f"""SELECT s.card_id, s.repetitions, s.ef_x100, s.interval, s.due, s.repeat_day, s.lapses, s.new_order,
                   s.buried_until,
                   (SELECT count(*) FROM review r WHERE r.card_id = s.card_id AND r.kind = 'review') AS reviews,
                   (SELECT max(r.study_day) FROM review r WHERE r.card_id = s.card_id AND r.kind = 'review') AS last
            FROM card_state s WHERE {_ACTIVE} AND {where.where()}"""
    ).fetchall()
    return [
        PlanCard(
            id=r["card_id"],
            state=Sm2State(r["repetitions"], r["ef_x100"], r["interval"], parse_day(r["due"]), parse_day(r["repeat_day"]),
                           r["lapses"]),
            new_order=r["new_order"], reviews=r["reviews"], buried_until=parse_day(r["buried_until"]),
            forward=_brought_forward(r["due"], r["last"], r["interval"]),
        )
        for r in rows
    ]  # fmt: skip


def _brought_forward(due: str | None, last: str | None, interval: int) -> bool:
    """True when a card is due before its last review day + interval (a plan moved it)."""
    return bool(due and last) and day(due) < day(last) + timedelta(days=interval)  # type: ignore[arg-type]


def new_count(conn: sqlite3.Connection, where: ScopeFilter) -> int:
    """Active, unsuspended cards of a scope never graded (buried ones included)."""
    return int(conn.execute(f"SELECT count(*) FROM card_state s WHERE s.due IS NULL AND {_ACTIVE} AND {where.where()}")
               .fetchone()[0])


def introduced_on(conn: sqlite3.Connection, where: ScopeFilter, study_day: date) -> int:
    """Cards of a scope graded for the first time on `study_day`."""
    return int(conn.execute(
        f"""SELECT count(*) FROM review r JOIN card_state s ON s.card_id = r.card_id
            WHERE r.study_day = ? AND r.kind = 'review' AND r.due_before IS NULL AND {where.where()}""",
        (study_day.isoformat(),),
    ).fetchone()[0])


def due_loads(conn: sqlite3.Connection, days: Iterable[date]) -> dict[date, int]:
    """How many active, unsuspended cards are due on each of `days` (every card, not only a scope's)."""
    wanted = [d.isoformat() for d in days]
    if not wanted:
        return {}
    marks = ",".join("?" for _ in wanted)
    rows = conn.execute(
        f"SELECT due, count(*) FROM card_state s WHERE s.due IN ({marks}) AND {_ACTIVE} GROUP BY due", wanted
    )
    return {day(r[0]): int(r[1]) for r in rows}


def card_place(conn: sqlite3.Connection, card_id: int) -> tuple[str, str | None, str | None]:
    """(deck name, deck role, topic slug) of a card."""
    row = conn.execute(
        """SELECT d.name, d.role, t.slug FROM card c JOIN deck d ON d.id = c.deck_id
           LEFT JOIN topic t ON t.id = c.topic_id WHERE c.id = ?""",
        (card_id,),
    ).fetchone()
    return (row[0], row[1], row[2]) if row else ("", None, None)


def last_review_days(conn: sqlite3.Connection, where: ScopeFilter) -> dict[int, tuple[date, int, date | None]]:
    """card id -> (study day of its last scheduled review, interval, current due) for the reviewed cards of a scope."""
    rows = conn.execute(
        f"""SELECT s.card_id, s.interval, s.due,
                   (SELECT max(r.study_day) FROM review r WHERE r.card_id = s.card_id AND r.kind = 'review') AS last
            FROM card_state s WHERE s.due IS NOT NULL AND {_ACTIVE} AND {where.where()}"""
    ).fetchall()
    return {r["card_id"]: (day(r["last"]), r["interval"], parse_day(r["due"])) for r in rows if r["last"]}


def recall(conn: sqlite3.Connection, where: ScopeFilter, since: date, pass_grade: int) -> tuple[int, int]:
    """(passed, total) scheduled reviews of already-seen cards of a scope since `since`."""
    row = conn.execute(
        f"""SELECT coalesce(sum(r.grade >= ?), 0), count(*) FROM review r JOIN card_state s ON s.card_id = r.card_id
            WHERE r.study_day >= ? AND r.kind = 'review' AND r.due_before IS NOT NULL AND {where.where()}""",
        (pass_grade, since.isoformat()),
    ).fetchone()
    return int(row[0]), int(row[1])
