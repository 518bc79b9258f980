"""The store through the service layer, on a real SQLite file: sync, grades, undo, bury, limits."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import DatabaseError, DeckFormatError, NothingToUndoError, StaleCardError
from flashcards.core.models import Settings
from flashcards.db.connect import SCHEMA_VERSION
from flashcards.db.engine import make_engine
from flashcards.db.reads import Scope
from flashcards.services import Services, StudyService
from tests.support.decks import card_text, deck_text

TODAY = date(2026, 3, 10)


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_first_open_loads_bundled_decks(service: StudyService, services: Services) -> None:
    decks = {d.name: d for d in service.deck_summaries()}
    assert (decks["ML Engineer"].total, decks["ML Engineer"].new, decks["ML Engineer"].due) == (5, 5, 0)
    assert decks["Data Scientist"].topics[0].slug == "beta"
    assert not services.bundled.needs_setup()
    assert services.bundled.open().added == 0  # nothing changed: no work


def test_editing_deck_keeps_progress_and_removed_cards_keep_history(
    service: StudyService, services: Services, decks_dir: Path
) -> None:
    item = service.next_card(Scope(deck_id=service.find_deck("ML Engineer").id))
    assert item is not None and item.card.key == "alpha-001"
    service.grade(item.card, 5)
    text = deck_text("ML Engineer", "alpha", 5)
    text = text.replace("Notes for alpha 1.", "Edited notes.")
    text = text.replace(card_text(5, "alpha"), "") + card_text(6, "alpha")
    (decks_dir / "mle-alpha.md").write_text(text)
    assert services.bundled.needs_setup()
    report = services.bundled.open()
    assert (report.added, report.updated, report.removed) == (1, 1, ("alpha-005",))
    card = service.get_card(item.card.id)
    assert card.notes == "Edited notes." and card.state.repetitions == 1
    assert len(service.card_history(card.id)) == 1
    with sqlite3.connect(service.db_path) as conn:
        assert conn.execute("SELECT active FROM card WHERE key='alpha-005'").fetchone() == (0,)
    assert service.find_deck("ML Engineer").total == 5


def test_bad_bundled_file_is_refused_and_database_unchanged(
    service: StudyService, services: Services, decks_dir: Path
) -> None:
    before = dump(service.db_path)
    (decks_dir / "mle-alpha.md").write_text(deck_text("ML Engineer", "alpha", 2).replace("level: basic", "level: guru", 1))
    with pytest.raises(DeckFormatError) as err:
        services.bundled.open()
    assert str(err.value).startswith("mle-alpha.md:10: level 'guru'")  # the level's own line
    assert dump(service.db_path) == before


def test_import_of_bad_file_writes_nothing(service: StudyService, services: Services, tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(deck_text("Mine", "mine", 2))
    bad = tmp_path / "bad.md"
    bad.write_text("---\ndeck: Mine\n---\n## Q\nid: x\n")
    before = dump(service.db_path)
    importer = services.imports
    with pytest.raises(DeckFormatError, match=r"bad.md:4: card 'Q' has no '### Notes' text"):
        importer.import_paths([good, bad])
    assert dump(service.db_path) == before
    assert importer.import_paths([good]).total("new") == 2
    assert importer.import_paths([good]).total("new") == 0  # re-import changes nothing


def test_grade_is_committed_and_logged(service: StudyService, clock: FixedClock) -> None:
    card = service.next_card().card
    result = service.grade(card, 4, seconds=7.25)
    assert result.kind == "review" and result.state.interval == 1 and result.state.due == TODAY + timedelta(days=1)
    with sqlite3.connect(service.db_path) as conn:  # another connection sees it at once
        row = conn.execute(
            "SELECT grade, kind, study_day, seconds, interval_before, interval_after, due_after FROM review"
        ).fetchone()
    assert row == (4, "review", "2026-03-10", 7.25, 0, 1, "2026-03-11")
    with pytest.raises(StaleCardError):
        service.grade(card, 4)  # the same card as shown cannot be graded twice
    assert len(service.card_history(card.id)) == 1


def test_step7_repeat_comes_back_same_day_and_changes_nothing(service: StudyService) -> None:
    scope = Scope(deck_id=service.find_deck("Data Scientist").id)
    first = service.next_card(scope).card
    graded = service.grade(first, 3)
    assert "repeat today" in graded.explanation
    seen = [first.id]
    while (item := service.next_card(scope, exclude=(first.id,))) and item.reason == "new":
        service.grade(item.card, 5)
        seen.append(item.card.id)
    item = service.next_card(scope)
    assert item is not None and item.reason == "repeat" and item.card.id == first.id
    again = service.grade(item.card, 4)
    assert again.kind == "repeat" and again.state.interval == graded.state.interval
    assert service.next_card(scope) is None
    assert service.queue_counts(scope).total == 0


def test_undo_restores_state_and_removes_review(service: StudyService) -> None:
    card = service.next_card().card
    graded = service.grade(card, 1)
    restored = service.undo(graded.review_id)
    assert restored.id == card.id and restored.state == card.state
    assert service.card_history(card.id) == []
    with pytest.raises(NothingToUndoError):
        service.undo(graded.review_id)


def test_undo_only_reaches_today(service: StudyService, clock: FixedClock) -> None:
    graded = service.grade(service.next_card().card, 5)
    clock.advance(days=1)
    with pytest.raises(NothingToUndoError):
        service.undo(graded.review_id)


def test_bury_until_tomorrow_and_suspend(service: StudyService, clock: FixedClock) -> None:
    scope = Scope(deck_id=service.find_deck("ML Engineer").id)
    first = service.next_card(scope).card
    service.bury(first.id)
    assert service.next_card(scope).card.id != first.id
    assert service.find_deck("ML Engineer").new == 4
    clock.advance(days=1)
    assert service.next_card(scope).card.id == first.id
    service.suspend(first.id)
    assert service.find_deck("ML Engineer").suspended == 1
    assert service.next_card(scope).card.id != first.id
    service.suspend(first.id, False)
    assert service.next_card(scope).card.id == first.id


def test_daily_new_limit_and_extra_new(service: StudyService) -> None:
    service.save_settings(Settings(new_per_day=2))
    for _ in range(2):
        service.grade(service.next_card().card, 5)
    assert service.next_card() is None
    assert service.queue_counts().new == 0
    assert service.next_card(extra_new=1) is not None
    assert service.progress().new_learned == 2


def test_due_reviews_come_first_and_counts_follow_days(service: StudyService, clock: FixedClock) -> None:
    card = service.next_card().card
    service.grade(card, 5)
    clock.advance(days=1)
    item = service.next_card()
    assert item.reason == "review" and item.card.id == card.id
    assert service.find_deck(card.deck).due == 1
    clock.advance(days=3)
    assert service.find_deck(card.deck).overdue == 1
    assert service.progress().next_due is None or service.progress().next_due > service.today()


def test_streak_and_session_summary(service: StudyService, clock: FixedClock) -> None:
    from flashcards.core.clock import to_utc_text

    start = to_utc_text(clock.now())
    for _ in range(3):
        service.grade(service.next_card().card, 4)
        clock.advance(days=1)
    assert service.streak() == 3
    summary = service.session_summary(start)
    assert summary.reviewed >= 3 and summary.correct == summary.reviewed
    clock.advance(days=2)
    assert service.streak() == 0


def test_settings_persist(service: StudyService, tmp_path: Path, decks_dir: Path, clock: FixedClock) -> None:
    service.save_settings(Settings(new_per_day=7, rollover_hour=5, grade_mode="four", timezone="Europe/Berlin"))
    other = Services.open_path(service.db_path, clock=clock, decks_dir=decks_dir).study
    assert other.settings() == Settings(new_per_day=7, rollover_hour=5, grade_mode="four", timezone="Europe/Berlin")
    with pytest.raises(ValueError, match="grade mode"):
        other.save_settings(Settings(grade_mode="three"))
    with pytest.raises(ValueError, match="time zone"):
        other.save_settings(Settings(timezone="Mars/Base"))


def test_not_a_database_gets_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="is not a flashcards collection"):
        Services.open_path(bad).bundled.open()


V1_SCHEMA = """
CREATE TABLE deck (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role VARCHAR, description VARCHAR,
  source VARCHAR NOT NULL, created_at VARCHAR NOT NULL);
CREATE TABLE topic (id INTEGER PRIMARY KEY, deck_id INTEGER NOT NULL REFERENCES deck(id) ON DELETE CASCADE,
  slug VARCHAR NOT NULL, title VARCHAR NOT NULL, UNIQUE (deck_id, slug));
CREATE TABLE card (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, deck_id INTEGER NOT NULL REFERENCES deck(id)
  ON DELETE CASCADE, topic_id INTEGER REFERENCES topic(id) ON DELETE SET NULL, question VARCHAR NOT NULL,
  notes VARCHAR NOT NULL, key_points VARCHAR NOT NULL, level VARCHAR, tags VARCHAR NOT NULL, sources VARCHAR NOT NULL,
  source_file VARCHAR, position INTEGER NOT NULL, active BOOLEAN NOT NULL, created_at VARCHAR NOT NULL,
  updated_at VARCHAR NOT NULL);
CREATE TABLE card_state (card_id INTEGER PRIMARY KEY REFERENCES card(id) ON DELETE CASCADE,
  deck_id INTEGER NOT NULL REFERENCES deck(id) ON DELETE CASCADE, repetitions INTEGER NOT NULL,
  ef_x100 INTEGER NOT NULL, interval INTEGER NOT NULL, due VARCHAR, repeat_day VARCHAR, suspended BOOLEAN NOT NULL,
  buried_until VARCHAR, last_review_at VARCHAR);
CREATE TABLE review (id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,
  reviewed_at VARCHAR NOT NULL, study_day VARCHAR NOT NULL, grade INTEGER NOT NULL, kind VARCHAR NOT NULL,
  repetitions_before INTEGER NOT NULL, ef_before INTEGER NOT NULL, interval_before INTEGER NOT NULL,
  due_before VARCHAR, repeat_day_before VARCHAR, repetitions_after INTEGER NOT NULL, ef_after INTEGER NOT NULL,
  interval_after INTEGER NOT NULL, due_after VARCHAR, repeat_day_after VARCHAR);
CREATE TABLE setting (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO deck VALUES (1, 'Old deck', NULL, NULL, 'import', '2025-01-01T00:00:00+00:00');
INSERT INTO card VALUES (1, 'old-1', 1, NULL, 'Old question?', 'Old notes.', '[]', NULL, '[]', '', NULL, 0, 1,
  '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00');
INSERT INTO card_state VALUES (1, 1, 2, 236, 6, '2026-03-12', NULL, 0, NULL, '2026-03-06T09:00:00+00:00');
INSERT INTO review VALUES (1, 1, '2026-03-06T09:00:00+00:00', '2026-03-06', 3, 'review', 1, 250, 1,
  '2026-03-06', NULL, 2, 236, 6, '2026-03-12', '2026-03-06');
INSERT INTO setting VALUES ('new_per_day', '9');
PRAGMA user_version = 1;
"""


def v1_collection(tmp_path: Path) -> Path:
    """A collection file written by schema 1, with one reviewed card and a setting."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.close()
    return path


def _schema_objects(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {(t, n) for t, n in conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')")}


def test_schema_1_database_migrates_with_all_its_data(tmp_path: Path, clock: FixedClock, decks_dir: Path) -> None:
    path = v1_collection(tmp_path)
    services = Services.open_path(path, clock=clock, decks_dir=decks_dir)
    services.bundled.open()
    service = services.study
    old = service.find_deck("Old deck")
    assert old.total == 1
    card = service.get_card(1)
    assert (card.question, card.state.ef_x100, card.state.interval, card.state.lapses) == ("Old question?", 236, 6, 0)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT active, new_order FROM card_state WHERE card_id = 1").fetchone() == (1, 0)
    assert [r.grade for r in service.card_history(1)] == [3]
    assert service.settings().new_per_day == 9
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # the migration to 3 filled the search index from the cards already there
        assert conn.execute("SELECT rowid FROM card_fts WHERE card_fts MATCH 'old'").fetchall() == [(1,)]
        migrated = _schema_objects(conn)
    fresh = tmp_path / "fresh.sqlite3"
    make_engine(fresh).dispose()
    with sqlite3.connect(fresh) as conn:
        assert migrated == _schema_objects(conn)  # every index and trigger a new collection has
    clock.advance(days=2)
    assert service.grade(service.get_card(1), 5).state.interval == 15  # ceil(6 x 2.36)


def test_wal_and_foreign_keys(services: Services) -> None:
    with services.collection.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_locked_collection_is_a_clear_error_not_a_traceback(
    tmp_path: Path, decks_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashcards.db import engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 50)
    services = Services.open_path(tmp_path / "c.sqlite3", clock=clock, decks_dir=decks_dir)
    services.bundled.open()
    service = services.study
    card = service.next_card().card
    blocker = sqlite3.connect(service.db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="locked"):
            service.grade(card, 4)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert service.grade(card, 4).state.interval == 1  # nothing was half-written


def test_broken_schema_read_is_a_clear_error(service: StudyService) -> None:
    with sqlite3.connect(service.db_path) as conn:
        conn.execute("DROP TABLE review_day")
    with pytest.raises(DatabaseError, match="no such table: review_day"):
        service.progress()
