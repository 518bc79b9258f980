"""The command line: decks table, import with errors on stderr, version, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.decks import deck_text


def test_decks_lists_bundled_decks_in_data_dir(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(["decks"], capsys)
    assert code == 0
    assert "ML Engineer" in out and "Data Scientist" in out
    assert (home / "collection.sqlite3").exists()


def test_db_option_overrides_home(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    target = tmp_path / "elsewhere.sqlite3"
    assert run(["--db", str(target), "decks"], capsys)[0] == 0
    assert target.exists() and not (home / "collection.sqlite3").exists()


def test_import_and_error_with_file_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deck = tmp_path / "mine.md"
    deck.write_text(deck_text("Mine", "mine", 3))
    code, out, _ = run(["import", str(deck)], capsys)
    assert code == 0 and "3 new" in out
    code, out, _ = run(["import", "--dry-run", str(deck)], capsys)
    assert code == 0 and "nothing written" in out
    bad = tmp_path / "bad.md"
    bad.write_text("---\ndeck: Mine\n---\n## Q\nlevel: expert\n### Notes\nx\n")
    code, out, err = run(["import", str(bad)], capsys)
    assert code == 1
    assert f"{bad}:5: level 'expert'" in err and "Traceback" not in err
    code, _, err = run(["import", str(tmp_path / "missing.md")], capsys)
    assert code == 1 and "no such file" in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and "0.1.0" in out
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "import" in out and "decks" in out


def test_not_a_database_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("hello" * 1000)
    proc = subprocess.run(
        [sys.executable, "-m", "flashcards", "--db", str(bad), "decks"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "is not a flashcards collection" in proc.stderr and "Traceback" not in proc.stderr
