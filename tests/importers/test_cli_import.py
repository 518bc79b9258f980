"""The import and export commands: preview output, dry run, errors as `file:line: message` with exit 1, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.data import FIXTURES
from tests.support.db import write


def test_dry_run_prints_the_preview_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "Front,Back\nQ1,A1\nQ1,A1\n,x\n")
    code, out, _ = run(["import", "--dry-run", str(path)], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"{path} (csv)",
        "  1 new, 0 updated, 0 unchanged, 2 skipped",
        "  decks: c",
        "  note: guessed separator: comma (the file has no #separator: header)",
        "  note: line 1: header row used as column names: Front, Back",
        "  skipped line 3: duplicate of line 2",
        "  skipped line 4: empty question",
        "total: 1 new, 0 updated, 0 unchanged, 2 skipped, 0 error(s)",
        "dry run: nothing written",
    ]
    code, out, _ = run(["import", str(path)], capsys)
    assert code == 0 and out.splitlines()[-1] == "imported: 1 new, 0 updated, 0 unchanged, 2 skipped, 0 error(s)"


def test_anki_import_with_history_and_deck(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(["import", "--with-history", "--deck", "From Anki", str(FIXTURES / "anki_legacy.apkg")], capsys)
    assert code == 0
    assert "  decks: From Anki" in out and "  review history: 10 review(s) to add" in out
    assert (
        out.splitlines()[-1]
        == "imported: 10 new, 0 updated, 0 unchanged, 0 skipped, 0 error(s), 10 review(s) of history"
    )
    code, out, _ = run(["decks"], capsys)
    assert "From Anki" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04truncated", "the zip archive is truncated or damaged"),
        (b"plain text", "not a zip archive"),
        (b"", "the file is empty"),
    ],
)
def test_bad_packages_fail_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    path = write(tmp_path / "x.apkg", content)
    code, out, err = run(["import", str(path)], capsys)
    assert code == 1
    assert err.startswith(f"flashcards: {path}: {message}") and "Traceback" not in err
    assert out == ""
    code, out, err = run(["import", "--dry-run", str(path)], capsys)
    assert code == 1 and out.splitlines()[-1] == "total: 0 new, 0 updated, 0 unchanged, 0 skipped, 1 error(s)"


def test_one_bad_file_stops_the_whole_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", "Q1,A1\n")
    bad = write(tmp_path / "bad.csv", b"Q,A\nQ2,\xff\n")
    code, _, err = run(["import", str(good), str(bad)], capsys)
    assert code == 1 and f"{bad}:2: not UTF-8 text" in err
    code, out, _ = run(["decks"], capsys)
    assert "good" not in out


def test_export_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(["import", "--with-history", str(FIXTURES / "anki_modern.apkg")], capsys)
    code, out, _ = run(["export", "deck", "Interview::Python", str(tmp_path / "py.md")], capsys)
    assert code == 0 and out.strip() == f"wrote 1 card(s) in 1 file(s) to {tmp_path / 'py.md'}"
    code, out, _ = run(["export", "reviews", "-"], capsys)
    assert code == 0 and out.startswith("review_id,card_id,card_key,deck,question,reviewed_at,study_day,grade,kind,")
    assert len(out.splitlines()) == 11
    code, out, _ = run(["export", "backup", str(tmp_path / "b.sqlite3")], capsys)
    assert code == 0 and (tmp_path / "b.sqlite3").exists()
    code, _, err = run(["export", "deck", "Nope", str(tmp_path / "n.md")], capsys)
    assert code == 1 and err.strip() == "flashcards: no deck named 'Nope'"
