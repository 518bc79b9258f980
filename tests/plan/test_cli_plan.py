"""`flashcards plan` on a real collection (the bundled decks): set an interview two weeks ahead and print the
plan day by day, JSON for scripts, list and remove, and bad input as one line with exit 1 and nothing written."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.cli import run


def study_today() -> date:
    """The study day now (TZ=UTC in the tests, rollover at 04:00)."""
    return (datetime.now(UTC) - timedelta(hours=4)).date()


def test_plan_two_weeks_ahead_for_mle_prints_each_day(capsys: pytest.CaptureFixture[str]) -> None:
    day = study_today() + timedelta(days=14)
    code, out, err = run(["plan", "--date", day.isoformat(), "--role", "mle"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"interview 1 set: interview on {day:%a} {day.day} {day:%b} {day.year} (role mle)"
    assert "Pace: " in out and " new a day" in out and "On track." in out
    window = [day - timedelta(days=k) for k in (3, 1)]
    assert f"Final window: {window[0]:%a} {window[0].day} {window[0]:%b} - {window[1]:%a} {window[1].day} {window[1]:%b}" in out
    assert max(len(line) for line in lines) <= 80
    header = next(i for i, line in enumerate(lines) if line.startswith("day "))
    rows = lines[header + 1 : header + 15]
    assert len(rows) == 14 and lines[header + 15].startswith("Every answer assumed graded 4.")
    first = study_today()
    assert rows[0].startswith(f"{first:%a} {first.day} {first:%b}")
    code, out, _ = run(["plan", "--json"], capsys)
    data = json.loads(out)["plans"]
    assert len(data) == 1
    plan = data[0]
    assert plan["interview"]["role"] == "mle" and plan["on_track"] and len(plan["days"]) == 14
    assert sum(d["new"] for d in plan["days"]) == plan["cards"] == plan["new_left"]
    assert plan["days"][0]["new"] == plan["pace"] and plan["seen_three"] == 1.0
    assert plan["readiness"]["then"] > plan["readiness"]["now"] == 0.0
    assert plan["latest_introduction"] == (day - timedelta(days=8)).isoformat()
    code, out, _ = run(["plan", "--list", "--json"], capsys)
    assert [i["id"] for i in json.loads(out)["interviews"]] == [1]
    code, out, _ = run(["plan", "--remove", "1"], capsys)
    assert (code, out) == (0, "removed interview 1; 0 card(s) back on their SM-2 due days\n")
    code, out, err = run(["plan"], capsys)
    assert (code, out) == (0, "") and "no upcoming interview" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2020-01-01"], "flashcards: interview date 2020-01-01 must be after today"),
        (["--date", "2026-13-01"], "Error: --date '2026-13-01': not a date (use YYYY-MM-DD)"),
        (["--date", "2099-01-01", "--deck", "Nope"], "flashcards: no deck named 'Nope'"),
        (["--remove", "7"], "flashcards: no interview with id 7"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(["plan", *args], capsys)
    assert code == 1 and err.startswith(message) and err.count("\n") == 1, err
    code, out, _ = run(["plan", "--list", "--json"], capsys)
    assert json.loads(out)["interviews"] == []


def test_scope_options_need_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["plan", "--role", "mle"], capsys)
    assert code == 2 and "give --date too" in err
