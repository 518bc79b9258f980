"""The stats SQL on a real SQLite file: exact per-day counters, states, forecast, topic retention, card logs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from flashcards.core.stats import Ratio
from flashcards.db import stats_queries as q
from flashcards.services import StudyService
from tests.support.db import card_id

D = date(2026, 3, 10)
INSERT = """INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before, ef_before,
    interval_before, due_before, repeat_day_before, lapses_before, repetitions_after, ef_after, interval_after,
    due_after, repeat_day_after, lapses_after) VALUES (?,?,?,?,?,?,0,250,?,?,NULL,0,1,250,1,NULL,NULL,0)"""


@pytest.fixture
def conn(service: StudyService) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(service.db_path, isolation_level=None)
    yield c
    c.close()


def review_row(card: int, day: date, grade: int, kind: str = "review", interval: int = 0, seconds: float = 10.0) -> tuple:
    due_before = None if interval == 0 else (day - timedelta(days=1)).isoformat()
    return (card, f"{day.isoformat()}T12:00:00.000+00:00", day.isoformat(), grade, kind, seconds, interval, due_before)


def test_day_activity_counts_every_kind_of_answer(conn: sqlite3.Connection) -> None:
    rows = [
        review_row(1, D, 4),  # new card learned
        review_row(2, D, 3, interval=6),  # young, passed
        review_row(3, D, 2, interval=6),  # young, failed
        review_row(3, D, 4, kind="repeat", interval=1),  # same-day repeat: an answer, not a first review
        review_row(4, D, 5, interval=30),  # mature, passed
        review_row(5, D, 1, interval=21),  # mature (21 days is mature), failed
        review_row(1, D - timedelta(days=1), 5, seconds=2.5),
        review_row(1, D - timedelta(days=40), 5),
    ]
    conn.executemany(INSERT, rows)
    got = {a.day: a for a in q.day_activity(conn, D - timedelta(days=7))}
    assert set(got) == {D, D - timedelta(days=1)}
    today = got[D]
    assert (today.reviews, today.cards, today.new_learned, today.seconds) == (6, 5, 1, 60.0)
    assert today.young == Ratio(1, 2) and today.mature == Ratio(1, 2)
    assert got[D - timedelta(days=1)].seconds == 2.5
    assert [a.day for a in q.day_activity(conn, D - timedelta(days=7), before=D)] == [D - timedelta(days=1)]
    assert q.days_before(conn, D - timedelta(days=7)) == [D - timedelta(days=40)]
    assert q.correct_on(conn, D) == Ratio(3, 5)


def test_day_activity_packed_counters_do_not_bleed_at_volume(conn: sqlite3.Connection) -> None:
    """Thousands of answers in one day: each packed counter keeps its own value."""
    rows = [review_row(1, D, 4)] * 1500
    rows += [review_row(2, D, 3, interval=5)] * 3000 + [review_row(2, D, 0, interval=5)] * 1200
    rows += [review_row(3, D, 5, interval=40)] * 2200 + [review_row(3, D, 2, interval=40)] * 900
    rows += [review_row(4, D, 5, kind="repeat", interval=1)] * 700
    conn.execute("BEGIN")
    conn.executemany(INSERT, rows)
    conn.execute("COMMIT")
    (day,) = q.day_activity(conn, D)
    assert (day.reviews, day.cards, day.new_learned) == (9500, 8800, 1500)
    assert day.young == Ratio(3000, 4200) and day.mature == Ratio(2200, 3100)


def test_due_counts_skip_suspended_and_inactive_cards(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE card_state SET due = ? WHERE card_id IN (1, 2)", ((D - timedelta(days=3)).isoformat(),))
    conn.execute("UPDATE card_state SET due = ? WHERE card_id IN (3, 4, 5)", (D.isoformat(),))
    conn.execute("UPDATE card_state SET due = ?, suspended = 1 WHERE card_id = 6", (D.isoformat(),))
    conn.execute("UPDATE card_state SET due = ?, active = 0 WHERE card_id = 7", (D.isoformat(),))
    conn.execute("UPDATE card_state SET due = ? WHERE card_id = 8", ((D + timedelta(days=60)).isoformat(),))
    assert q.due_counts(conn, D + timedelta(days=29)) == {D - timedelta(days=3): 2, D: 3}


def test_state_groups_and_topic_names(service: StudyService, conn: sqlite3.Connection) -> None:
    alpha = [card_id(service, f"alpha-{n:03d}") for n in range(1, 6)]
    conn.execute("UPDATE card_state SET due = ?, repetitions = 1, interval = 1 WHERE card_id = ?", (D.isoformat(), alpha[0]))
    conn.execute("UPDATE card_state SET due = ?, repetitions = 2, interval = 6 WHERE card_id = ?", (D.isoformat(), alpha[1]))
    conn.execute("UPDATE card_state SET due = ?, repetitions = 4, interval = 30, buried_until = ? WHERE card_id = ?",
                 (D.isoformat(), (D + timedelta(days=1)).isoformat(), alpha[2]))
    conn.execute("UPDATE card_state SET buried_until = ? WHERE card_id = ?", (D.isoformat(), alpha[3]))  # expired
    conn.execute("UPDATE card_state SET suspended = 1 WHERE card_id = ?", (alpha[4],))
    groups = {(g.state, g.buried, g.suspended): g.count for g in q.state_groups(conn, D)
              if g.deck_id == _deck(conn, "ML Engineer")}
    assert groups == {("learning", False, False): 1, ("young", False, False): 1, ("mature", True, False): 1,
                      ("new", False, False): 1, ("new", False, True): 1}
    names = q.topic_names(conn)
    alpha_info = next(n for n in names if n.topic == "alpha")
    assert (alpha_info.deck, alpha_info.role, alpha_info.title) == ("ML Engineer", "mle", "Alpha")
    assert {n.title for n in names if n.topic_id is None} == {"(no topic)"}


def _deck(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute("SELECT id FROM deck WHERE name = ?", (name,)).fetchone()[0]


def test_recent_retention_by_topic_counts_first_reviews_of_seen_cards(service: StudyService, conn: sqlite3.Connection) -> None:
    a1, a2 = card_id(service, "alpha-001"), card_id(service, "alpha-002")
    b1 = card_id(service, "beta-001")
    conn.executemany(INSERT, [
        review_row(a1, D, 4, interval=6), review_row(a2, D, 1, interval=6), review_row(a2, D, 4, "repeat", 1),
        review_row(a1, D, 5),  # a first-ever review: learning, not retention
        review_row(b1, D - timedelta(days=1), 3, interval=30),
        review_row(b1, D - timedelta(days=45), 0, interval=30),  # too old
    ])
    got = q.recent_retention(conn, D - timedelta(days=29))
    alpha = next(k for k in got if k[0] == _deck(conn, "ML Engineer"))
    beta = next(k for k in got if k[0] == _deck(conn, "Data Scientist"))
    assert got[alpha] == Ratio(1, 2) and got[beta] == Ratio(1, 1)


def test_interval_and_ease_cover_seen_unsuspended_cards(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE card_state SET due = ?, interval = 6, ef_x100 = 236 WHERE card_id IN (1, 2)", (D.isoformat(),))
    conn.execute("UPDATE card_state SET due = ?, interval = 30, ef_x100 = 250 WHERE card_id = 3", (D.isoformat(),))
    conn.execute("UPDATE card_state SET due = ?, interval = 99, suspended = 1 WHERE card_id = 4", (D.isoformat(),))
    assert q.interval_and_ease(conn) == ({6: 2, 30: 1}, {236: 2, 250: 1})
