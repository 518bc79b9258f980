"""`flashcards stats` and `flashcards stats --json` on a real collection: output, schema and exit codes."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flashcards.core.clock import DayRule
from flashcards.db.synth import generate
from tests.support.cli import run


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A synthetic collection whose history ends on the real current study day."""
    today = DayRule(ZoneInfo("UTC"), 4).study_day(datetime.now(UTC))
    path = tmp_path / "c.sqlite3"
    generate(path, cards=80, reviews=600, seed=3, today=today)
    return path


def test_stats_json_matches_the_review_log(collection: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--db", str(collection), "stats", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == 1 and data["timezone"] == "UTC" and data["rollover_hour"] == 4
    conn = sqlite3.connect(collection)
    first = data["days"][0]["day"]
    logged = conn.execute("SELECT count(*) FROM review WHERE study_day >= ?", (first,)).fetchone()[0]
    today = conn.execute("SELECT count(*) FROM review WHERE study_day = ?", (data["study_day"],)).fetchone()[0]
    conn.close()
    assert data["heatmap"]["total"] == logged and data["today"]["reviews"] == today
    assert data["card_states"]["total"] >= 80  # the bundled decks are synced in too


def test_stats_text(collection: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--db", str(collection), "stats"], capsys)
    assert code == 0
    assert out.startswith("Study day ") and "Streak" in out and "Heatmap" in out and "weakest topics (by recall):" in out


def test_stats_on_a_new_collection_creates_it(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(["stats", "--json"], capsys)
    assert code == 0 and (home / "collection.sqlite3").exists()
    data = json.loads(out)
    assert data["streak"] == {"current": 0, "longest": 0, "studied_today": False}
    assert data["card_states"]["new"] == data["card_states"]["total"] > 0
    assert data["readiness"]["topics"] and all(t["score"] == 0 for t in data["readiness"]["topics"])


def test_stats_on_a_damaged_file_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database" * 100)
    code, _, err = run(["--db", str(bad), "stats"], capsys)
    assert code == 1 and "flashcards:" in err and "Traceback" not in err
