"""Backups, pruning, restore, and the integrity and consistency checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flashcards.cli import main
from flashcards.core.clock import FixedClock
from flashcards.core.errors import DatabaseError
from flashcards.db import maintenance
from flashcards.services import StudyService
from flashcards.services.imports import ImportService

from .conftest import deck_text


def test_daily_backup_once_a_day_and_pruned(service: StudyService, clock: FixedClock) -> None:
    first = service.daily_backup()
    assert first is not None and first.exists()
    assert service.daily_backup() is None  # same day: nothing
    for _ in range(9):
        clock.advance(days=1)
        service.daily_backup()
    daily = [b for b in service.backups() if b.reason == "daily"]
    assert len(daily) == service.settings().backup_days == 7
    assert maintenance.integrity(daily[0].path) == "ok"


def test_import_takes_a_backup_first(service: StudyService, tmp_path: Path) -> None:
    deck = tmp_path / "mine.md"
    deck.write_text(deck_text("Mine", "mine", 2))
    ImportService(service).import_paths([deck])
    (backup,) = [b for b in service.backups() if b.reason == "pre-import"]
    with sqlite3.connect(backup.path) as conn:
        assert conn.execute("SELECT count(*) FROM deck WHERE name = 'Mine'").fetchone() == (0,)


def test_check_reports_and_repairs(service: StudyService) -> None:
    assert service.check().ok and not service.check().problems
    conn = sqlite3.connect(service.db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM card_state WHERE card_id = 1")
    conn.execute(
        "INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before, ef_before,"
        " interval_before, lapses_before, repetitions_after, ef_after, interval_after, lapses_after)"
        " VALUES (999, '2026-03-10T10:00:00+00:00', '2026-03-10', 4, 'review', 1, 0, 250, 0, 0, 1, 250, 1, 0)"
    )
    conn.commit()
    conn.close()
    report = service.check()
    assert set(report.problems) == {"1 cards without a scheduling state", "1 reviews of cards that do not exist"}
    assert not report.ok
    fixed = service.check(repair=True)
    assert len(fixed.repaired) == 2
    assert service.check().problems == ()
    assert service.get_card(1).state.is_new


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(service: StudyService, clock: FixedClock) -> None:
    backup = service.backup()
    clock.advance(seconds=5)
    service.grade(service.next_card().card, 5)
    safety = service.restore(backup)
    assert safety is not None and safety.exists()
    with sqlite3.connect(service.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM review").fetchone() == (0,)
    with sqlite3.connect(safety) as conn:
        assert conn.execute("SELECT count(*) FROM review").fetchone() == (1,)


def test_restore_refuses_a_damaged_backup(service: StudyService, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\0" * 4096)
    with pytest.raises(DatabaseError):
        service.restore(bad)


def test_damaged_collection_message_names_backups(
    service: StudyService, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = service.backup()
    service.close()
    service.db_path.write_bytes(b"garbage" * 2000)
    for suffix in ("-wal", "-shm"):
        Path(str(service.db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(SystemExit) as done:
        main(["--db", str(service.db_path), "decks"])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert "is not a flashcards collection" in err and str(backup) in err and "Traceback" not in err
    main(["--db", str(service.db_path), "restore", str(backup)])
    assert "restored" in capsys.readouterr().out
    assert StudyService(service.db_path, clock=service.clock, decks_dir=service.decks_dir).check().ok


def test_migration_takes_a_backup(tmp_path: Path, clock: FixedClock, decks_dir: Path) -> None:
    from .test_store import v1_collection

    path = v1_collection(tmp_path)
    service = StudyService(path, clock=clock, decks_dir=decks_dir)
    service.open()
    (backup,) = [b for b in service.backups() if b.reason == "pre-migration"]
    with sqlite3.connect(backup.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)


def test_review_day_totals_follow_grades_and_undo_and_are_repaired(service: StudyService, clock: FixedClock) -> None:
    for grade in (5, 2, 4):
        service.grade(service.next_card().card, grade)
    service.undo()
    clock.advance(days=1)
    service.grade(service.next_card().card, 3)
    with sqlite3.connect(service.db_path) as conn:
        rows = conn.execute(
            "SELECT study_day, answers, first_reviews, new_cards FROM review_day WHERE answers > 0 ORDER BY 1"
        ).fetchall()
    assert rows == [("2026-03-10", 2, 2, 2), ("2026-03-11", 1, 1, 0)]  # day 2 reviews a card seen on day 1
    assert service.check().problems == ()
    with sqlite3.connect(service.db_path) as conn:
        conn.execute("UPDATE review_day SET answers = 99")
    assert service.check().problems == ("2 study days whose totals differ from the review log",)
    service.check(repair=True)
    assert service.check().problems == ()
