"""The mock interview's text and JSON: trend wording, the history table, the report lines."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flashcards.core.mock import MockFormat, MockRecord, Trend, build_report
from flashcards.core.mock_format import history_lines, percent, report_json, report_lines, trend_text
from tests.mock.test_core import answer

BERLIN = ZoneInfo("Europe/Berlin")


def record(n: int, score: float | None, finished: bool = True) -> MockRecord:
    return MockRecord(n, f"2026-01-0{n}T12:00:00.000+00:00", "2026-01-01T12:30:00.000+00:00" if finished else None,
                      "mle", MockFormat.PHONE, None, 5, score, False, answered=5 if finished else 2)


def test_trend_says_up_down_or_level_with_the_previous_mock() -> None:
    assert trend_text(Trend(0.5)) == "50%, your first mock"
    assert trend_text(Trend(0.62, (0.48,))) == "62%, up 14 points on the previous mock (48%)"
    assert trend_text(Trend(0.4, (0.3, 0.6))) == (
        "40%, down 20 points on the previous mock (60%); 2 earlier mocks averaged 45%"
    )
    assert trend_text(Trend(0.5, (0.5,))) == "50%, level with the previous mock (50%)"
    assert percent(None) == "–" and percent(0.666) == "67%"


def test_history_table_in_local_time_with_unfinished_mocks_marked() -> None:
    lines = history_lines([record(1, 0.4), record(2, None, finished=False)], BERLIN)
    assert lines[0].split() == ["id", "started", "format", "role", "length", "answered", "score"]
    assert lines[2].split() == ["1", "2026-01-01", "13:00", "Phone", "screen", "mle", "5", "questions", "5", "of", "5",
                                "40%"]
    assert lines[3].endswith("2 of 5    not finished")
    assert lines[5] == "scores, oldest first: 40%"
    assert history_lines([], BERLIN) == ["no mock interviews yet: press m on the app's home screen to take one"]


def test_report_lines_and_json_name_each_question_topic_and_missed_point() -> None:
    report = build_report(record(1, 0.5), [answer(0, 1.0), answer(1, 0.0, "beta", ("one", "two", "three"))], [0.25])
    lines = report_lines(report, BERLIN)
    assert lines[0] == "mock 1: Phone screen, mle, 5 questions, started 2026-01-01 13:00"
    assert lines[1] == "score 50% over 2 of 5 questions in 2:00"
    assert " 2.   0%  0/3 points  1:00 of 3:00  Q1?" in lines
    assert ["    - one", "    - two", "    - three"] == lines[lines.index(" 2. Q1?") + 1:][:3]
    assert lines[-1] == "trend: 50%, up 25 points on the previous mock (25%)"
    data = report_json(report)
    assert data["weakest"] == ["Deck › Beta", "Deck › Alpha"]
    assert data["answers"][1]["missed"] == ["one", "two", "three"] and data["topics"][0]["deck"] == "Deck"
