"""MockService on a real collection file: each answer stored as given, the schedule left alone, finish, trend,
export, and a mock surviving backup and restore."""

from __future__ import annotations

import csv
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import NotFoundError
from flashcards.core.mock import MockFormat, MockSetup
from flashcards.core.models import MockReviews
from flashcards.services import Scope, Services

PHONE5 = MockSetup("mle", MockFormat.PHONE, questions=5)


def rows(services: Services, sql: str) -> list[tuple]:
    with sqlite3.connect(services.collection.path) as conn:
        return conn.execute(sql).fetchall()


def schedule(services: Services) -> list[tuple]:
    return rows(services, "SELECT * FROM card_state ORDER BY card_id") + rows(services, "SELECT * FROM review")


def test_roles_are_the_decks_roles_then_all(mock_services: Services) -> None:
    assert mock_services.mocks.roles() == ["ds", "mle", "all"]


def test_a_phone_screen_asks_basic_and_mid_cards_of_the_role_only(mock_services: Services) -> None:
    drawn = mock_services.mocks.draw(MockSetup("mle", MockFormat.PHONE, questions=50), random.Random(3))
    assert len(drawn) == 6  # serving 1,2,4,5 and design 1,2
    assert {q.card.deck for q in drawn} == {"ML Engineer"}
    assert {q.card.level for q in drawn} == {"basic", "mid"}


def test_a_design_round_asks_the_design_topic(mock_services: Services) -> None:
    drawn = mock_services.mocks.draw(MockSetup("mle", MockFormat.DESIGN, questions=10), random.Random(3))
    assert {q.card.topic for q in drawn} == {"ml-system-design"}
    assert sorted(q.time_limit for q in drawn) == [180, 180, 300]


def test_nothing_to_ask_is_a_clear_error_and_writes_nothing(mock_services: Services) -> None:
    with pytest.raises(NotFoundError, match="no cards with key points fit a design round for role 'ds'"):
        mock_services.mocks.start(MockSetup("ds", MockFormat.DESIGN, questions=5))
    assert rows(mock_services, "SELECT count(*) FROM mock") == [(0,)]


def test_each_answer_is_stored_as_it_is_given_and_survives_a_quit(mock_services: Services, tmp_path: Path,
                                                                   mock_decks: Path, mock_clock: FixedClock) -> None:
    before = schedule(mock_services)
    run = mock_services.mocks.start(PHONE5, random.Random(1))
    assert len(run.questions) == 5 and len({q.card.id for q in run.questions}) == 5
    first = run.current
    assert first is not None
    stored = mock_services.mocks.answer(run, [True, False, True], seconds=42.5)
    assert (stored.position, stored.points_said, stored.missed, stored.score) == (0, 2, ("second",), 0.6667)
    mock_services.mocks.answer(run, [False, False, False], seconds=999, timed_out=True)
    mock_services.close()  # the app quits here, mid-mock

    again = Services.open_path(tmp_path / "m.sqlite3", clock=mock_clock, decks_dir=mock_decks)
    try:
        [record] = again.mocks.history()
        assert (record.answered, record.questions, record.finished, record.score) == (2, 5, False, None)
        report = again.mocks.report(record.id)
        assert [a.question for a in report.answers][0] == first.card.question
        assert report.answers[1].timed_out and report.answers[1].seconds == 180  # a timed-out answer took the limit
        assert report.answers[1].missed == ("first", "second", "third")
    finally:
        again.close()
    assert schedule(mock_services) == before  # by default a mock leaves the SM-2 schedule alone


def test_finish_stores_the_score_and_the_trend_compares_with_earlier_mocks(
    mock_services: Services, mock_clock: FixedClock
) -> None:
    mocks = mock_services.mocks
    first = mocks.start(PHONE5, random.Random(1))
    for _ in range(5):
        mocks.answer(first, [True, False, False], seconds=30)
    report = mocks.finish(first)
    assert report is not None and report.score == pytest.approx(0.3333) and report.trend.earlier == ()
    mock_clock.advance(days=1)
    second = mocks.start(PHONE5, random.Random(2))
    for _ in range(4):
        mocks.answer(second, [True, True, False], seconds=60)
    report = mocks.finish(second)  # ended after four of five
    assert report is not None
    assert report.score == pytest.approx(0.6667)
    assert report.trend.earlier == (pytest.approx(0.3333),)
    assert report.trend.change == pytest.approx(0.3334)
    assert len(report.answers) == 4 and report.seconds == 240
    assert {t.deck_id for t in report.topics} == {report.answers[0].deck_id}
    history = mocks.history()
    assert [(m.answered, m.questions, m.finished) for m in history] == [(5, 5, True), (4, 5, True)]


def test_a_mock_ended_before_any_answer_is_not_kept(mock_services: Services) -> None:
    run = mock_services.mocks.start(PHONE5, random.Random(1))
    assert mock_services.mocks.finish(run) is None
    assert mock_services.mocks.history() == []


def test_ticks_that_do_not_match_the_points_are_refused_and_nothing_is_stored(mock_services: Services) -> None:
    run = mock_services.mocks.start(PHONE5, random.Random(1))
    with pytest.raises(ValueError, match="2 ticks for 3 key points"):
        mock_services.mocks.answer(run, [True, True], seconds=10)
    assert rows(mock_services, "SELECT count(*) FROM mock_answer") == [(0,)] and run.position == 0


def test_export_writes_one_row_per_answer(mock_services: Services, tmp_path: Path) -> None:
    run = mock_services.mocks.start(PHONE5, random.Random(1))
    mock_services.mocks.answer(run, [True, True, True], seconds=12)
    mock_services.mocks.answer(run, [False, True, False], seconds=20)
    target = tmp_path / "mocks.csv"
    assert mock_services.mocks.export_csv(target) == 2
    with target.open(newline="", encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert [(r["position"], r["points_said"], r["missed"], r["format"]) for r in read] == [
        ("0", "3", "[]", "phone"), ("1", "1", '["first", "third"]', "phone"),
    ]
    assert read[0]["card_key"] == run.questions[0].card.key and read[0]["finished_at"] == ""


def test_a_mock_survives_backup_and_restore(mock_services: Services) -> None:
    mocks = mock_services.mocks
    run = mocks.start(PHONE5, random.Random(1))
    mocks.answer(run, [True, False, True], seconds=50)
    mocks.finish(run)
    backup = mock_services.maintenance.backup()
    later = mocks.start(PHONE5, random.Random(2))
    mocks.answer(later, [True, True, True], seconds=50)
    mock_services.maintenance.restore(backup)
    [kept] = mock_services.mocks.history()
    assert (kept.id, kept.answered, kept.finished) == (run.mock_id, 1, True)
    assert mock_services.mocks.report(kept.id).missed == ((run.questions[0].card.question, "second"),)


def test_an_unknown_mock_is_a_clear_error(mock_services: Services) -> None:
    with pytest.raises(NotFoundError, match="no mock with id 9"):
        mock_services.mocks.report(9)


def test_weak_topics_come_from_readiness(mock_services: Services) -> None:
    study = mock_services.study
    serving = Scope(deck_id=study.find_deck("ML Engineer").id, topic="serving")
    for _ in range(3):  # learn and pass serving cards: serving becomes readier than the untouched design topic
        item = study.next_card(serving)
        assert item is not None
        study.grade(item.card, 5)
    scores = mock_services.mocks.readiness_by_topic()
    names = {topic: score for (_deck, topic), score in scores.items()}
    assert names["serving"] > names["ml-system-design"] == 0.0


def test_with_the_setting_an_answer_to_a_due_card_counts_as_a_review(
    mock_services: Services, mock_clock: FixedClock
) -> None:
    study = mock_services.study
    study.save_settings(replace(study.settings(), mock_reviews=MockReviews.DUE))
    deck = study.find_deck("ML Engineer").id
    learned = []
    for _ in range(2):  # learn two serving cards today; tomorrow they are due
        item = study.next_card(Scope(deck_id=deck, topic="serving"))
        assert item is not None
        learned.append(study.grade(item.card, 4).card_id)
    mock_clock.advance(days=1)
    run = mock_services.mocks.start(MockSetup("mle", MockFormat.PHONE, questions=50), random.Random(4))
    assert run.counts_as_review
    reviews_before = rows(mock_services, "SELECT count(*) FROM review")[0][0]
    for _question in run.questions:
        mock_services.mocks.answer(run, [True, True, False], seconds=40)  # 2 of 3: two thirds, grade 3
    graded = {a.card_id: a.review_id for a in run.answers if a.review_id is not None}
    assert set(graded) == {i for i in learned if i in {q.card.id for q in run.questions}} != set()
    logged = rows(mock_services, f"SELECT id, card_id, grade FROM review WHERE id > {reviews_before} ORDER BY id")
    assert {(card, grade) for _id, card, grade in logged} == {(card, 3) for card in graded}
    assert {review for review, _card, _grade in logged} == set(graded.values())
    stored = rows(mock_services, "SELECT card_id, review_id FROM mock_answer WHERE review_id IS NOT NULL")
    assert dict(stored) == graded
    points = rows(mock_services, f"SELECT review_id, position, said FROM review_key_point WHERE review_id > {reviews_before}")
    assert sorted(points) == sorted((r, pos, int(pos < 2)) for r in graded.values() for pos in range(3))
    new_cards = [q.card.id for q in run.questions if q.card.id not in learned]
    assert all(study.get_card(i).state.is_new for i in new_cards)  # a new card is not due: not introduced by a mock
