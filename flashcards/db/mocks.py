"""Storage of mock interviews: the cards a mock may ask, the mock and answer rows, and reads back for the report.

Reads take the collection's sqlite3 connection; writes take the SQLModel engine and are one
transaction each (a mock row when the mock starts, an answer row per question as it is answered,
the score when it finishes), so an answered question is on disk before the next one is shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace

from sqlalchemy import Table, delete, insert, update
from sqlalchemy.engine import Engine

from flashcards.core.mock import ALL_ROLES, MockAnswer, MockFormat, MockRecord
from flashcards.core.models import Card
from flashcards.db.reads import _CARD_FROM, _CARD_SELECT, row_to_card  # the one way a Card is read
from flashcards.db.tables import MockAnswerRow, MockRow

MOCK: Table = MockRow.__table__  # type: ignore[attr-defined]  # SQLModel sets __table__ on table models
ANSWER: Table = MockAnswerRow.__table__  # type: ignore[attr-defined]

# The columns of `flashcards export mocks`, one row per answered question.
EXPORT_COLUMNS = (
    "mock_id", "started_at", "finished_at", "role", "format", "minutes", "questions", "mock_score",
    "counts_as_review", "position", "card_id", "card_key", "deck", "topic", "level", "question", "time_limit",
    "seconds", "timed_out", "points_total", "points_said", "missed", "score", "review_id",
)  # fmt: skip


# -- reads ----------------------------------------------------------------------------------------


def roles(conn: sqlite3.Connection) -> list[str]:
    """The roles of the decks that have active cards, sorted (decks without a role are left out)."""
    rows = conn.execute(
        "SELECT DISTINCT d.role FROM deck d WHERE d.role IS NOT NULL AND d.role != ''"
        " AND EXISTS (SELECT 1 FROM card c WHERE c.deck_id = d.id AND c.active) ORDER BY d.role"
    )
    return [r[0] for r in rows]


def role_cards(conn: sqlite3.Connection, role: str) -> list[Card]:
    """Every active, unsuspended card of the decks of `role` (ALL_ROLES: of every deck), by id."""
    where, params = ("", {}) if role == ALL_ROLES else ("AND d.role = :role", {"role": role})
    rows = conn.execute(
        f"SELECT {_CARD_SELECT} {_CARD_FROM} WHERE c.active AND NOT s.suspended {where} ORDER BY c.id", params
    ).fetchall()
    return [row_to_card(r) for r in rows]


_MOCK_SELECT = """
SELECT m.id, m.started_at, m.finished_at, m.role, m.format, m.minutes, m.questions, m.score, m.counts_as_review,
       (SELECT count(*) FROM mock_answer a WHERE a.mock_id = m.id) AS answered
FROM mock m
"""


def _record(row: sqlite3.Row) -> MockRecord:
    fmt = row["format"]
    return MockRecord(
        id=row["id"], started_at=row["started_at"], finished_at=row["finished_at"], role=row["role"],
        format=MockFormat(fmt) if fmt in tuple(MockFormat) else MockFormat.ONSITE,
        minutes=row["minutes"], questions=row["questions"], score=row["score"],
        counts_as_review=bool(row["counts_as_review"]), answered=row["answered"],
    )  # fmt: skip


def mocks(conn: sqlite3.Connection) -> list[MockRecord]:
    """Every stored mock, oldest first, with how many questions were answered."""
    return [_record(r) for r in conn.execute(_MOCK_SELECT + " ORDER BY m.started_at, m.id")]


def mock(conn: sqlite3.Connection, mock_id: int) -> MockRecord | None:
    """Mock `mock_id` with its answers, or None."""
    row = conn.execute(_MOCK_SELECT + " WHERE m.id = ?", (mock_id,)).fetchone()
    if row is None:
        return None
    record = _record(row)
    return replace(record, answers=tuple(answers(conn, mock_id)))


def answers(conn: sqlite3.Connection, mock_id: int) -> list[MockAnswer]:
    """The answers of mock `mock_id` in question order, with the deck id and topic title where they still exist."""
    rows = conn.execute(
        """SELECT a.position, a.card_id, a.question, a.deck, a.topic, a.level, a.time_limit, a.seconds, a.timed_out,
                  a.points_total, a.points_said, a.missed, a.score, a.review_id, d.id AS deck_id, t.title
           FROM mock_answer a LEFT JOIN deck d ON d.name = a.deck
           LEFT JOIN topic t ON t.deck_id = d.id AND t.slug = a.topic
           WHERE a.mock_id = ? ORDER BY a.position""",
        (mock_id,),
    )
    return [
        MockAnswer(
            position=r["position"], card_id=r["card_id"], question=r["question"], deck=r["deck"], topic=r["topic"],
            level=r["level"], time_limit=r["time_limit"], seconds=r["seconds"], timed_out=bool(r["timed_out"]),
            points_total=r["points_total"], points_said=r["points_said"], missed=tuple(_points(r["missed"])),
            score=r["score"], review_id=r["review_id"], deck_id=r["deck_id"], topic_title=r["title"] or "",
        )  # fmt: skip
        for r in rows
    ]


def _points(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [str(p) for p in value] if isinstance(value, list) else []


def finished_scores_before(conn: sqlite3.Connection, mock_id: int) -> list[float]:
    """The scores of the finished mocks of the same role started before mock `mock_id`, oldest first (the trend)."""
    rows = conn.execute(
        """SELECT m.score FROM mock m, mock cur
           WHERE cur.id = ? AND m.id != cur.id AND m.role = cur.role AND m.finished_at IS NOT NULL
           AND m.score IS NOT NULL AND (m.started_at < cur.started_at OR (m.started_at = cur.started_at AND m.id < cur.id))
           ORDER BY m.started_at, m.id""",
        (mock_id,),
    )
    return [float(r[0]) for r in rows]


def export_rows(conn: sqlite3.Connection) -> Iterator[tuple[object, ...]]:
    """One row per answered question of every mock (mocks in start order), in the order of EXPORT_COLUMNS."""
    yield from conn.execute(
        """SELECT m.id, m.started_at, m.finished_at, m.role, m.format, m.minutes, m.questions, m.score,
                  m.counts_as_review, a.position, a.card_id, c.key, a.deck, a.topic, a.level, a.question, a.time_limit,
                  a.seconds, a.timed_out, a.points_total, a.points_said, a.missed, a.score, a.review_id
           FROM mock m JOIN mock_answer a ON a.mock_id = m.id LEFT JOIN card c ON c.id = a.card_id
           ORDER BY m.started_at, m.id, a.position"""
    )


# -- writes ---------------------------------------------------------------------------------------


def start_mock(
    engine: Engine, started_at: str, role: str, fmt: MockFormat, minutes: int | None, questions: int,
    counts_as_review: bool,
) -> int:  # fmt: skip
    """Insert a mock that has begun; returns its id."""
    with engine.begin() as conn:
        inserted = conn.execute(
            insert(MOCK).values(
                started_at=started_at, role=role, format=fmt.value, minutes=minutes, questions=questions,
                counts_as_review=counts_as_review,
            )  # fmt: skip
        ).inserted_primary_key
    assert inserted is not None  # an INSERT with an integer primary key always reports it
    return int(inserted[0])


def answer_values(mock_id: int, answer: MockAnswer) -> dict[str, object]:
    """The mock_answer row of `answer`."""
    return {
        "mock_id": mock_id, "position": answer.position, "card_id": answer.card_id, "question": answer.question,
        "deck": answer.deck, "topic": answer.topic, "level": answer.level, "time_limit": answer.time_limit,
        "seconds": round(max(0.0, answer.seconds), 3), "timed_out": answer.timed_out,
        "points_total": answer.points_total, "points_said": answer.points_said,
        "missed": json.dumps(list(answer.missed), ensure_ascii=False), "score": answer.score,
        "review_id": answer.review_id,
    }  # fmt: skip


def record_answer(engine: Engine, mock_id: int, answer: MockAnswer) -> None:
    """Store one answered question, committed before returning (a question answered twice raises IntegrityError)."""
    with engine.begin() as conn:
        conn.execute(insert(ANSWER).values(**answer_values(mock_id, answer)))


def finish_mock(engine: Engine, mock_id: int, finished_at: str, score: float) -> None:
    """Mark mock `mock_id` finished with its overall score."""
    with engine.begin() as conn:
        conn.execute(update(MOCK).where(MOCK.c.id == mock_id).values(finished_at=finished_at, score=score))


def delete_mocks(engine: Engine, mock_ids: Sequence[int]) -> None:
    """Remove mocks (their answers go with them)."""
    with engine.begin() as conn:
        conn.execute(delete(MOCK).where(MOCK.c.id.in_(list(mock_ids))))
