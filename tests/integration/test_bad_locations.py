"""Where the collection cannot live, or stops existing, or is busy: one clear line, exit 1, nothing lost or
silently recreated (issue 16 items 5 and 7)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import DatabaseError
from flashcards.db import connect
from flashcards.db.collection import local_zone
from flashcards.services import Services
from tests.support.cli import run

ROOT = Path(__file__).resolve().parents[2]


def _flashcards(home: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLASHCARDS_HOME": home}
    return subprocess.run(
        [sys.executable, "-m", "flashcards", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("kind", ["dev-null", "regular-file"])
@pytest.mark.parametrize("args", [("decks",), ()], ids=["cli", "tui"])
def test_a_home_that_is_not_a_folder_is_one_line_and_exit_1(tmp_path: Path, kind: str, args: tuple[str, ...]) -> None:
    home = "/dev/null" if kind == "dev-null" else str(tmp_path / "file")
    if kind == "regular-file":
        Path(home).write_text("x")
    done = _flashcards(home, *args)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("flashcards: ") and "is a file, not a folder" in lines[0]


def test_a_collection_deleted_while_running_is_not_recreated(services: Services, clock: FixedClock) -> None:
    study = services.study
    study.grade(study.next_card().card, 4)
    path = services.collection.path
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseError, match="deleted or replaced while flashcards was running"):
        study.grade(study.next_card().card, 4)
    assert not path.exists()


def test_a_collection_replaced_while_running_is_not_written(services: Services, clock: FixedClock, tmp_path: Path) -> None:
    study = services.study
    study.grade(study.next_card().card, 4)
    path = services.collection.path
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as src, sqlite3.connect(other) as dst:
        src.backup(dst)
    os.replace(other, path)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="deleted or replaced"):
        study.grade(study.next_card().card, 4)
    assert path.read_bytes() == before


def test_locked_by_an_import_says_so(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    locked = sqlite3.OperationalError("database is locked")
    with connect.import_running(path):
        message = str(connect.storage_error(path, locked))
        assert "an import is running in another flashcards (pid" in message
    assert not connect.import_marker(path).exists()
    assert "an import is running" not in str(connect.storage_error(path, locked))
    connect.import_marker(path).write_text("999999999 2026-01-01 00:00:00 UTC")  # a killed import's marker
    assert "an import is running" not in str(connect.storage_error(path, locked))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder_is_named_as_such(services: Services, tmp_path: Path) -> None:
    path = services.collection.path
    services.close()
    path.parent.chmod(0o555)
    try:
        with pytest.raises(DatabaseError, match="read-only"):
            Services.open_path(path).collection.check_location()
    finally:
        path.parent.chmod(0o755)


def test_a_failed_daily_backup_warns_and_never_blocks(
    services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flashcards.db import maintenance

    path = services.collection.path
    services.close()

    def full_disk(*_: object) -> Path:
        raise DatabaseError(f"{path}: backup failed: database or disk is full")

    monkeypatch.setattr(maintenance, "make_backup", full_disk)
    code, out, err = run(["--db", str(path), "decks"], capsys)
    assert code == 0 and "deck" in out
    assert "warning: the daily backup failed" in err and "disk is full" in err


@pytest.mark.parametrize(
    ("tz", "zone", "noted"),
    [("JST-9", "Etc/GMT-9", False), ("EST5EDT", "EST5EDT", False), ("<-03>3", "Etc/GMT+3", False),
     ("CET-1CEST,M3.5.0,M10.5.0/3", None, True), ("Nowhere/Special", None, True)],
)
def test_posix_and_unknown_tz_values_are_honoured_or_named(
    monkeypatch: pytest.MonkeyPatch, tz: str, zone: str | None, noted: bool
) -> None:
    import tzlocal.unix

    monkeypatch.setenv("TZ", tz)
    for cached in ("_cache_tz", "_cache_tz_name"):  # tzlocal caches its answer; keep it out of other tests
        monkeypatch.setattr(tzlocal.unix, cached, None)
    name, note = local_zone()
    if zone:
        assert name == zone
    assert (note is not None) == noted
    if note:
        assert tz in note and name in note
