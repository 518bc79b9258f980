"""The entry point's fast path: only `flashcards [--db PATH]` skips the CLI library; the home prefetch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.launch import app_only_db
from flashcards.services import Services


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None,)),
        (["--db", "x.sqlite3"], ("x.sqlite3",)),
        (["--db=x.sqlite3"], ("x.sqlite3",)),
        (["decks"], None),
        (["--db", "x", "decks"], None),
        (["--help"], None),
        (["--version"], None),
    ],
)
def test_app_only_db(args: list[str], expected: tuple[str | None] | None) -> None:
    assert app_only_db(args) == expected


def test_prefetch_reads_the_home_snapshot(services: Services) -> None:
    snapshot = services.prefetch_home().result(timeout=10)
    assert snapshot is not None
    assert snapshot == services.study.home_snapshot()
    assert {d.name for d in snapshot.decks} == {"ML Engineer", "Data Scientist"}


def test_prefetch_is_none_when_setup_is_needed(tmp_path: Path) -> None:
    fresh = Services.open_path(tmp_path / "new.sqlite3", decks_dir=tmp_path)
    assert fresh.prefetch_home().result(timeout=10) is None
    assert not (tmp_path / "new.sqlite3").exists()  # a prefetch never creates the collection


def test_module_entry_point_runs_the_cli(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "flashcards", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "0.1.0" in proc.stdout
