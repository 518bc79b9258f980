"""The stats screen's reads walk their indexes (schema 7), and the 6 -> 7 migration keeps every answer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from flashcards.db import stats_queries as q
from flashcards.db.connect import SCHEMA_VERSION
from flashcards.db.engine import make_engine
from flashcards.db.synth import generate

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "c.sqlite3"
    generate(path, 300, 3000, seed=4, today=TODAY)
    return path


def _as_version_6(path: Path) -> None:
    """Turn a current collection back into schema 6: the narrow review-day index, no lapses index."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX ix_state_lapses")
        conn.execute("DROP INDEX ix_state_leech")
        conn.execute("DROP INDEX ix_review_day")
        conn.execute("CREATE INDEX ix_review_day ON review (study_day, kind, due_before)")
        conn.execute("PRAGMA user_version = 6")


def _answers(path: Path) -> tuple[object, ...]:
    with sqlite3.connect(path) as conn:
        return (
            q.recent_retention(conn, date(2026, 2, 1)),
            q.most_lapsed(conn),
            q.correct_on(conn, TODAY),
            q.key_point_tallies(conn),
            q.leech_count(conn),
        )


def _plan(conn: sqlite3.Connection, read: Callable[[sqlite3.Connection], object]) -> str:
    """The query plan of the statement `read` runs, as traced (parameters filled in)."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    read(conn)
    conn.set_trace_callback(None)
    (statement,) = statements
    return " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statement))


def _index_columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [row[2] for row in conn.execute(f"SELECT * FROM pragma_index_info('{name}')")]


def test_the_migration_from_6_adds_the_indexes_and_keeps_every_answer(collection: Path, tmp_path: Path) -> None:
    old = tmp_path / "v6.sqlite3"
    old.write_bytes(collection.read_bytes())
    _as_version_6(old)
    before = _answers(old)
    assert before[1], "the synthetic collection has forgotten cards to rank"
    make_engine(old).dispose()
    with sqlite3.connect(old) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert _index_columns(conn, "ix_review_day") == ["study_day", "kind", "due_before", "card_id", "grade"]
        assert _index_columns(conn, "ix_state_lapses") == ["lapses"]
        assert _index_columns(conn, "ix_state_leech") == ["active"]
    assert _answers(old) == before


def test_the_stats_reads_walk_their_indexes(collection: Path) -> None:
    with sqlite3.connect(collection) as conn:
        recent = _plan(conn, lambda c: q.recent_retention(c, date(2026, 2, 1)))
        assert "COVERING INDEX ix_review_day" in recent, recent  # no review row is read
        assert "ix_review_card" not in recent, recent  # the range, not every card's reviews
        lapsed = _plan(conn, q.most_lapsed)
        assert "ix_state_lapses" in lapsed, lapsed  # the top of the index, not every card
        leeches = _plan(conn, q.leech_count)
        assert "ix_state_leech" in leeches, leeches
        assert conn.execute("SELECT count(*) FROM review_key_point").fetchone() == (0,)
        points = _plan(conn, q.key_point_tallies)
        assert points.startswith("SCAN k"), points  # an empty checklist log costs nothing, whatever the cards


def test_recent_retention_counts_what_the_log_says(collection: Path) -> None:
    with sqlite3.connect(collection) as conn:
        conn.execute("UPDATE card_state SET active = 0 WHERE card_id % 13 = 0")  # left out
        conn.execute("UPDATE card_state SET topic_id = NULL WHERE card_id % 11 = 0")  # counted apart
        state = {c: (d, t, a) for c, d, t, a in conn.execute("SELECT card_id, deck_id, topic_id, active FROM card_state")}
        want: dict[tuple[int, int | None], list[int]] = {}
        for card, grade in conn.execute(
            "SELECT card_id, grade FROM review WHERE study_day >= '2026-02-01' AND kind = 'review'"
            " AND due_before IS NOT NULL"
        ):
            deck, topic, active = state[card]
            if active:
                tally = want.setdefault((deck, topic), [0, 0])
                tally[0] += grade >= 3
                tally[1] += 1
        got = q.recent_retention(conn, date(2026, 2, 1))
        conn.rollback()
    assert len(want) > 2 and {k: [r.passed, r.total] for k, r in got.items()} == want
