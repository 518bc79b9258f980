"""`flashcards mock`, `mock show ID` and `export mocks` on a real collection file with two stored mocks."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from flashcards.core.mock import MockFormat, MockSetup
from flashcards.services import Services
from tests.support.cli import run


@pytest.fixture
def two_mocks(mock_services: Services) -> Path:
    """The collection file with a finished phone screen (score 1/3) and an onsite left after one answer."""
    mocks = mock_services.mocks
    first = mocks.start(MockSetup("mle", MockFormat.PHONE, questions=2), random.Random(1))
    mocks.answer(first, [True, False, False], seconds=65)
    mocks.answer(first, [True, False, False], seconds=70, timed_out=False)
    mocks.finish(first)
    second = mocks.start(MockSetup("mle", MockFormat.ONSITE, minutes=30), random.Random(2))
    mocks.answer(second, [True, True, True], seconds=100)
    path = mock_services.collection.path
    mock_services.close()
    return path


def test_mock_lists_past_mocks_with_their_scores(two_mocks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--db", str(two_mocks), "mock"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["id", "started", "format", "role", "length", "answered", "score"]
    assert lines[2].split() == ["1", "2026-01-05", "12:00", "Phone", "screen", "mle", "2", "questions", "2", "of", "2",
                                "33%"]
    assert lines[3].split()[-4:] == ["of", "6", "not", "finished"]  # 30 minutes of mid (3) and senior (5) cards
    assert "scores, oldest first: 33%" in out


def test_mock_json(two_mocks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--db", str(two_mocks), "mock", "--json"], capsys)
    data = json.loads(out)["mocks"]
    assert code == 0
    assert [(m["id"], m["format"], m["answered"], m["score"]) for m in data] == [(1, "phone", 2, 0.3333),
                                                                                 (2, "onsite", 1, None)]


def test_mock_show_prints_the_report(two_mocks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--db", str(two_mocks), "mock", "show", "1"], capsys)
    assert code == 0
    assert out.startswith("mock 1: Phone screen, mle, 2 questions, started 2026-01-05 12:00\n")
    assert "score 33% over 2 of 2 questions in 2:15" in out
    assert "1:05 of 3:00" in out and "    - second" in out and "trend: 33%, your first mock" in out
    code, out, _ = run(["--db", str(two_mocks), "mock", "show", "2", "--json"], capsys)
    report = json.loads(out)
    assert (report["score"], report["finished_at"], len(report["answers"])) == (1.0, None, 1)
    assert report["trend"]["previous"] == 0.3333  # the phone screen of the same role before it


def test_an_unknown_mock_is_one_line_and_exit_1(two_mocks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--db", str(two_mocks), "mock", "show", "7"], capsys)
    assert (code, out, err) == (1, "", "flashcards: no mock with id 7 (`flashcards mock` lists them)\n")


def test_export_mocks_to_stdout(two_mocks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--db", str(two_mocks), "export", "mocks", "-"], capsys)
    assert code == 0
    read = list(csv.DictReader(io.StringIO(out)))
    assert [(r["mock_id"], r["position"], r["points_said"]) for r in read] == [("1", "0", "1"), ("1", "1", "1"),
                                                                               ("2", "0", "3")]


def test_no_mocks_yet_says_how_to_take_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(["--db", str(tmp_path / "new.sqlite3"), "mock"], capsys)
    assert (code, out) == (0, "no mock interviews yet: press m on the app's home screen to take one\n")
