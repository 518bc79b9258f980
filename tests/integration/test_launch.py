"""The entry point's fast path: only `flashcards [--db PATH]` skips the CLI library; the home prefetch."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.launch import app_only_db
from flashcards.services import Services
from tests.support.terminal import ROOT, Terminal, flashcards_argv


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


def test_quit_in_a_real_terminal_keeps_the_grade_and_restores_the_terminal(tmp_path: Path) -> None:
    """The entry point leaves with os._exit after the app closes (no interpreter teardown): a grade given
    just before ctrl+q is in the file, the exit code is 0 and the terminal left the alternate screen."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASHCARDS", "PYTEST"))}
    env = {**env, "FLASHCARDS_HOME": str(home), "TZ": "UTC", "PYTHONPATH": str(ROOT)}
    term = Terminal(flashcards_argv(), env)
    try:
        term.wait_for(lambda text: "Data Scientist" in text and "Left today" in text)
        term.send("a")  # study all decks
        term.wait_for(lambda text: "Show answer" in text)
        term.send(" ")
        term.wait_for(lambda text: "Show answer" not in text)
        term.send("4")
        term.wait_for(lambda text: "Graded 4" in text)
        term.send("\x11")  # ctrl+q
        assert term.wait_exit() == 0
    finally:
        term.kill()
    raw = term.output()
    assert raw.rfind(b"\x1b[?1049l") > raw.rfind(b"\x1b[?1049h") >= 0  # back on the normal screen
    with sqlite3.connect(home / "collection.sqlite3") as conn:
        assert conn.execute("SELECT count(*), min(grade) FROM review").fetchone() == (1, 4)


def test_the_home_read_loads_no_plan_stats_or_import_code(services: Services, decks_dir: Path) -> None:
    """What the launcher does before the first frame (the services, the app module, the home read of a
    collection without an interview) loads no plan, statistics, key-point, parser or import module."""
    code = (
        "import sys; from pathlib import Path; from flashcards.services import Services; import flashcards.tui.app; "
        f"s = Services.open_path(Path({str(services.collection.path)!r}), decks_dir=Path({str(decks_dir)!r})); "
        "assert s.prefetch_home().result(timeout=10) is not None; print(' '.join(sys.modules))"
    )
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    unwanted = {"flashcards.core.plan", "flashcards.services.plan", "flashcards.core.stats", "statistics",
                "flashcards.core.key_points", "flashcards.core.deck_format", "flashcards.core.import_models"}  # fmt: skip
    assert not unwanted & loaded
