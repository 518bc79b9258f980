"""Key points graded by the checklist on a real collection file: stored with the grade, taken back by undo,
counted per card and per topic by the stats (screen data, text and JSON)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import StaleCardError
from flashcards.core.key_points import PointMark, marks
from flashcards.core.sm2 import Grade
from flashcards.core.stats_format import report_json, report_text
from flashcards.db.reads import Scope
from flashcards.services import Services, StudyService
from flashcards.services.session import StudySession
from tests.support.db import assert_consistent, card_id

POINTS = ("one", "two", "three")  # every card of the test decks (tests/support/decks.py)


def rows(service: StudyService) -> list[tuple]:
    """(review_id, position, card_id, point, said) of every stored key point."""
    with sqlite3.connect(service.db_path) as conn:
        return conn.execute("SELECT review_id, position, card_id, point, said FROM review_key_point ORDER BY 1, 2").fetchall()


def grade_points(service: StudyService, key: str, grade: int, said: set[int]) -> int:
    """Grade card `key` with the points at `said` ticked; returns the review id."""
    card = service.get_card(card_id(service, key))
    return service.grade(card, Grade(grade), 5.0, points=marks(card.key_points, said)).review_id


def test_points_are_stored_with_the_grade_and_undo_takes_them_back(service: StudyService) -> None:
    session = StudySession(Scope(), "All decks", "2026-03-10T12:00:00.000+00:00")
    step = service.start(session)
    assert step.item is not None
    card = step.item.card
    assert card.key_points == POINTS
    answered = service.answer(session, step.item, Grade(2), 8.0, points=marks(card.key_points, {1}))
    review_id = answered.result.review_id
    assert rows(service) == [(review_id, 0, card.id, "one", 0), (review_id, 1, card.id, "two", 1),
                             (review_id, 2, card.id, "three", 0)]  # fmt: skip
    kind, _ = service.take_back(session)
    assert kind.value == "grade"
    assert rows(service) == []
    with sqlite3.connect(service.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM review").fetchone() == (0,)
    assert_consistent(service.db_path)


def test_plain_grade_stores_no_points(service: StudyService) -> None:
    service.grade(service.get_card(card_id(service, "alpha-001")), Grade(4))
    assert rows(service) == []


def test_a_refused_grade_stores_no_points(service: StudyService) -> None:
    card = service.get_card(card_id(service, "alpha-001"))
    service.grade(card, Grade(4), points=marks(POINTS, {0, 1, 2}))
    with pytest.raises(StaleCardError):
        service.grade(card, Grade(1), points=marks(POINTS, set()))  # the same card as shown before: stale
    assert [said for *_, said in rows(service)] == [1, 1, 1]


def test_the_write_path_enforces_foreign_keys_so_a_deleted_review_takes_its_points(services: Services) -> None:
    study = services.study
    review_id = grade_points(study, "alpha-001", 4, {0, 1, 2})
    from sqlalchemy import text

    with services.collection.engine.begin() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        conn.execute(text("DELETE FROM review WHERE id = :id"), {"id": review_id})
    assert rows(study) == []


def test_a_point_that_is_not_the_card_s_is_refused_before_anything_is_written(service: StudyService) -> None:
    card = service.get_card(card_id(service, "alpha-001"))
    with pytest.raises(ValueError, match="given twice"):
        service.grade(card, Grade(4), points=(PointMark(0, "one", True), PointMark(0, "one", False)))
    with pytest.raises(ValueError, match="not a point"):
        service.grade(card, Grade(4), points=(PointMark(3, "four", True),))
    with pytest.raises(ValueError, match="does not match"):
        service.grade(card, Grade(4), points=(PointMark(1, "one", True),))
    assert rows(service) == []
    with sqlite3.connect(service.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM review").fetchone() == (0,)  # the grade rolled back with them


@pytest.fixture
def checklist_history(services: Services, clock: FixedClock) -> Services:
    """Checklist grades over three days: alpha-001 misses `two` twice and `three` once; alpha-002 misses `one`
    once; beta-001 (another deck and topic) misses `three` once; alpha-003 is graded without the checklist."""
    study = services.study
    clock.set(datetime(2026, 3, 10, 12, tzinfo=UTC))
    grade_points(study, "alpha-001", 2, {0})  # misses two, three
    grade_points(study, "alpha-002", 3, {1, 2})  # misses one
    grade_points(study, "beta-001", 3, {0, 1})  # misses three
    study.grade(study.get_card(card_id(study, "alpha-003")), Grade(5))
    clock.set(datetime(2026, 3, 11, 12, tzinfo=UTC))
    grade_points(study, "alpha-001", 3, {0, 2})  # misses two
    clock.set(datetime(2026, 3, 12, 12, tzinfo=UTC))
    grade_points(study, "alpha-001", 4, {0, 1, 2})  # misses none
    return services


def test_stats_count_missed_points_per_topic(checklist_history: Services) -> None:
    report = checklist_history.stats.report()
    topics = report.missed_points
    assert [(t.label, t.missed, t.shown) for t in topics] == [
        ("ML Engineer › Alpha", 4, 12),  # alpha-001: 3 reviews x 3 points, 3 missed; alpha-002: 3 shown, 1 missed
        ("Data Scientist › Beta", 1, 3),
    ]
    alpha = topics[0]
    assert [(p.point, p.missed, p.shown, p.card_id) for p in alpha.points] == [
        ("two", 2, 3, card_id(checklist_history.study, "alpha-001")),
        ("one", 1, 1, card_id(checklist_history.study, "alpha-002")),  # 1 of 1 outranks 1 of 3
        ("three", 1, 3, card_id(checklist_history.study, "alpha-001")),
    ]
    assert alpha.points[0].question == "Question alpha 1?"


def test_stats_json_and_text_include_the_missed_points(checklist_history: Services) -> None:
    report = checklist_history.stats.report()
    data = json.loads(json.dumps(report_json(report)))
    alpha = data["key_points"]["topics"][0]
    assert (alpha["label"], alpha["deck"], alpha["topic"], alpha["missed"], alpha["shown"], alpha["share"]) == (
        "ML Engineer › Alpha", "ML Engineer", "alpha", 4, 12, 0.3333,
    )
    assert alpha["points"][0] == {
        "card_id": card_id(checklist_history.study, "alpha-001"), "question": "Question alpha 1?", "point": "two",
        "missed": 2, "shown": 3, "share": 0.6667,
    }
    text = report_text(report)
    assert "key points missed most (checklist reviews):" in text
    assert "ML Engineer › Alpha  missed 4 of 12" in text
    assert "  2 of 3   two  (Question alpha 1?)" in text


def test_card_info_lists_the_card_points_missed_most(checklist_history: Services) -> None:
    study = checklist_history.study
    info = checklist_history.stats.card_info(card_id(study, "alpha-001"))
    assert [(p.point, p.missed, p.shown) for p in info.points] == [("one", 0, 3), ("two", 2, 3), ("three", 1, 3)]
    assert [p.point for p in info.missed] == ["two", "three"]
    plain = checklist_history.stats.card_info(card_id(study, "alpha-003"))
    assert plain.points == () and plain.missed == ()


def test_no_checklist_reviews_means_no_missed_points(services: Services) -> None:
    services.study.grade(services.study.get_card(card_id(services.study, "alpha-001")), Grade(4))
    report = services.stats.report()
    assert report.missed_points == ()
    assert report_json(report)["key_points"] == {"topics": []}
    assert "key points missed" not in report_text(report)
