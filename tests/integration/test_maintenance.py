"""Backups, pruning, restore, and the integrity and consistency checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flashcards.cli import main
from flashcards.core.clock import FixedClock
from flashcards.core.errors import DatabaseError
from flashcards.db import maintenance
from flashcards.services import Services
from tests.support.decks import deck_text


def test_daily_backup_once_a_day_and_pruned(services: Services, clock: FixedClock) -> None:
    first = services.maintenance.daily_backup()
    assert first is not None and first.exists()
    assert services.maintenance.daily_backup() is None  # same day: nothing
    for _ in range(9):
        clock.advance(days=1)
        services.maintenance.daily_backup()
    daily = [b for b in services.maintenance.backups() if b.reason == "daily"]
    assert len(daily) == services.study.settings().backup_days == 7
    assert maintenance.integrity(daily[0].path) == "ok"


def test_import_takes_a_backup_first(services: Services, tmp_path: Path) -> None:
    deck = tmp_path / "mine.md"
    deck.write_text(deck_text("Mine", "mine", 2))
    services.imports.import_paths([deck])
    (backup,) = [b for b in services.maintenance.backups() if b.reason == "pre-import"]
    with sqlite3.connect(backup.path) as conn:
        assert conn.execute("SELECT count(*) FROM deck WHERE name = 'Mine'").fetchone() == (0,)


def test_check_reports_and_repairs(services: Services) -> None:
    assert services.maintenance.check().ok and not services.maintenance.check().problems
    conn = sqlite3.connect(services.study.db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM card_state WHERE card_id = 1")
    conn.execute(
        "INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before, ef_before,"
        " interval_before, lapses_before, repetitions_after, ef_after, interval_after, lapses_after)"
        " VALUES (999, '2026-03-10T10:00:00+00:00', '2026-03-10', 4, 'review', 1, 0, 250, 0, 0, 1, 250, 1, 0)"
    )
    conn.commit()
    conn.close()
    report = services.maintenance.check()
    assert set(report.problems) == {"1 cards without a scheduling state", "1 reviews of cards that do not exist"}
    assert not report.ok
    fixed = services.maintenance.check(repair=True)
    assert len(fixed.repaired) == 2
    assert services.maintenance.check().problems == ()
    assert services.study.get_card(1).state.is_new


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(services: Services, clock: FixedClock) -> None:
    backup = services.maintenance.backup()
    clock.advance(seconds=5)
    services.study.grade(services.study.next_card().card, 5)
    safety = services.maintenance.restore(backup)
    assert safety is not None and safety.exists()
    with sqlite3.connect(services.study.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM review").fetchone() == (0,)
    with sqlite3.connect(safety) as conn:
        assert conn.execute("SELECT count(*) FROM review").fetchone() == (1,)


def test_restore_refuses_a_damaged_backup(services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\0" * 4096)
    with pytest.raises(DatabaseError):
        services.maintenance.restore(bad)


def test_damaged_collection_message_names_backups(
    services: Services, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = services.maintenance.backup()
    services.close()
    services.study.db_path.write_bytes(b"garbage" * 2000)
    for suffix in ("-wal", "-shm"):
        Path(str(services.study.db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(SystemExit) as done:
        main(["--db", str(services.study.db_path), "decks"])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert "is not a flashcards collection" in err and str(backup) in err and "Traceback" not in err
    main(["--db", str(services.study.db_path), "restore", str(backup)])
    assert "restored" in capsys.readouterr().out
    collection = services.collection
    reopened = Services.open_path(collection.path, clock=collection.clock, decks_dir=services.bundled.decks_dir)
    assert reopened.maintenance.check().ok


def test_migration_takes_a_backup(tmp_path: Path, clock: FixedClock, decks_dir: Path) -> None:
    from .test_store import v1_collection

    path = v1_collection(tmp_path)
    services = Services.open_path(path, clock=clock, decks_dir=decks_dir)
    services.bundled.open()
    (backup,) = [b for b in services.maintenance.backups() if b.reason == "pre-migration"]
    with sqlite3.connect(backup.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)


def test_review_day_totals_follow_grades_and_undo_and_are_repaired(services: Services, clock: FixedClock) -> None:
    for grade in (5, 2, 4):
        graded = services.study.grade(services.study.next_card().card, grade)
    services.study.undo(graded.review_id)
    clock.advance(days=1)
    services.study.grade(services.study.next_card().card, 3)
    with sqlite3.connect(services.study.db_path) as conn:
        rows = conn.execute(
            "SELECT study_day, answers, first_reviews, new_cards FROM review_day WHERE answers > 0 ORDER BY 1"
        ).fetchall()
    assert rows == [("2026-03-10", 2, 2, 2), ("2026-03-11", 1, 1, 0)]  # day 2 reviews a card seen on day 1
    assert services.maintenance.check().problems == ()
    with sqlite3.connect(services.study.db_path) as conn:
        conn.execute("UPDATE review_day SET answers = 99")
    assert services.maintenance.check().problems == ("2 study days whose totals differ from the review log",)
    services.maintenance.check(repair=True)
    assert services.maintenance.check().problems == ()


def _fake_backup(db: Path, name: str, *, tables: bool) -> Path:
    """A file where a backup would be: an empty database with a hot journal (what an interrupted copy left
    before backups were renamed into place), or a collection copy with the app's tables."""
    path = maintenance.backup_dir(db) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if tables:
        with sqlite3.connect(db) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
    else:
        sqlite3.connect(path).close()
        Path(str(path) + "-journal").write_bytes(b"\0" * 512)
    return path


def test_interrupted_or_short_backups_are_never_offered_or_restored(services: Services, clock: FixedClock) -> None:
    good = services.maintenance.backup("manual")
    db = services.collection.path
    with sqlite3.connect(db) as conn:
        (cards,) = conn.execute("SELECT count(*) FROM card").fetchone()
    assert cards > 0 and good.name.endswith(f"-manual.{cards}cards.sqlite3")
    empty = _fake_backup(db, f"{db.stem}-20991231-235959-daily.sqlite3", tables=False)
    short = _fake_backup(db, f"{db.stem}-20991231-235958-daily.999999cards.sqlite3", tables=True)
    listed = {b.path: services.maintenance.backup_problem(b) for b in services.maintenance.backups()}
    assert listed[good] is None
    assert "not a complete flashcards backup" in (listed[empty] or "")
    assert "was taken with 999999" in (listed[short] or "")
    assert str(good) in services.maintenance.backups_hint()
    before = db.read_bytes()
    for bad in (empty, short):
        with pytest.raises(DatabaseError, match="not restored"):
            services.maintenance.restore(bad)
        assert db.read_bytes() == before


def test_restore_lists_unusable_backups_as_such(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    services.maintenance.backup("manual")
    db = services.collection.path
    _fake_backup(db, f"{db.stem}-20991231-235959-daily.sqlite3", tables=False)
    services.close()
    main(["--db", str(db), "restore"])
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert any("manual" in line and "cards" in line and "(unusable:" not in line for line in lines), captured
    assert any("daily" in line and "(unusable: is not a complete" in line for line in lines)


def test_backups_of_each_safety_kind_are_pruned_to_the_newest_five(services: Services, clock: FixedClock) -> None:
    for _ in range(8):
        services.maintenance.backup("pre-import")
        services.maintenance.backup("manual")
        clock.advance(seconds=1)
    services.maintenance.daily_backup()
    kinds = [b.reason for b in services.maintenance.backups()]
    assert kinds.count("pre-import") == 5 and kinds.count("manual") == 8 and kinds.count("daily") == 1
