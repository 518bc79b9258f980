"""Mock interviews as text and JSON: the list of past mocks and one mock's report (for the CLI and the TUI)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from flashcards.core.clock import from_utc_text
from flashcards.core.mock import FORMAT_TITLES, MockAnswer, MockRecord, MockReport, Trend, clock_text


def percent(score: float | None) -> str:
    """`62%`, or `–` for no score."""
    return "–" if score is None else f"{round(score * 100)}%"


def when(text: str | None, zone: tzinfo) -> str:
    """A stored UTC instant as local `2026-01-05 13:00`, or empty."""
    return from_utc_text(text).astimezone(zone).strftime("%Y-%m-%d %H:%M") if text else ""


def length_text(record: MockRecord) -> str:
    """`30 min` or `5 questions`."""
    return f"{record.minutes} min" if record.minutes is not None else f"{record.questions} questions"


def trend_text(trend: Trend) -> str:
    """`62%, up 14 points on the previous mock (48%); 3 earlier mocks averaged 45%`, or `your first mock`."""
    if trend.previous is None or trend.change is None:
        return f"{percent(trend.score)}, your first mock"
    points = round(trend.change * 100)
    move = "level with" if points == 0 else f"up {points} points on" if points > 0 else f"down {-points} points on"
    text = f"{percent(trend.score)}, {move} the previous mock ({percent(trend.previous)})"
    if len(trend.earlier) > 1 and trend.mean_earlier is not None:
        text += f"; {len(trend.earlier)} earlier mocks averaged {percent(trend.mean_earlier)}"
    return text


def history_lines(records: Sequence[MockRecord], zone: tzinfo) -> list[str]:
    """The past mocks as an aligned table, newest last, with the trend of the finished ones."""
    if not records:
        return ["no mock interviews yet: press m on the app's home screen to take one"]
    header = ("id", "started", "format", "role", "length", "answered", "score")
    rows = [
        (str(r.id), when(r.started_at, zone), FORMAT_TITLES[r.format], r.role, length_text(r),
         f"{r.answered} of {r.questions}", percent(r.score) if r.finished else "not finished")
        for r in records
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in (header, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    scores = [r.score for r in records if r.finished and r.score is not None]
    if scores:
        lines.append("")
        lines.append("scores, oldest first: " + " ".join(percent(s) for s in scores[-10:]))
        lines.append("`flashcards mock show ID` prints one mock's report")
    return lines


def _answer_line(a: MockAnswer) -> str:
    over = " (time up)" if a.timed_out else ""
    return (f"{a.position + 1:>2}. {percent(a.score):>4}  {a.points_said}/{a.points_total} points  "
            f"{clock_text(a.seconds)} of {clock_text(a.time_limit)}{over}  {a.question}")  # fmt: skip


def report_lines(report: MockReport, zone: tzinfo) -> list[str]:
    """A mock's report as plain lines: the headline, each question, each topic, points missed, weakest, trend."""
    m = report.mock
    state = "" if m.finished else " (not finished)"
    lines = [
        f"mock {m.id}: {FORMAT_TITLES[m.format]}, {m.role}, {length_text(m)}, started {when(m.started_at, zone)}{state}",
        f"score {percent(report.score)} over {len(report.answers)} of {m.questions} questions in "
        f"{clock_text(report.seconds)}",
        "",
        "questions",
        *(_answer_line(a) for a in report.answers),
        "",
        "topics (weakest first)",
        *(f"  {percent(t.score):>4}  {t.questions}q  {t.label}" for t in report.topics),
    ]
    if report.missed:
        lines += ["", "key points missed"]
        for a in report.answers:
            if a.missed:
                lines += [f"{a.position + 1:>2}. {a.question}", *(f"    - {point}" for point in a.missed)]
    lines += ["", "weakest topics: " + ("; ".join(t.label for t in report.weakest) or "–")]
    lines.append(f"trend: {trend_text(report.trend)}")
    if report.reviews:
        lines.append(f"{report.reviews} answer(s) counted as reviews of due cards")
    return lines


def record_json(record: MockRecord) -> dict[str, Any]:
    """One mock's summary as JSON."""
    return {
        "id": record.id, "started_at": record.started_at, "finished_at": record.finished_at, "role": record.role,
        "format": record.format.value, "minutes": record.minutes, "questions": record.questions,
        "answered": record.answered, "score": record.score, "counts_as_review": record.counts_as_review,
    }  # fmt: skip


def answer_json(a: MockAnswer) -> dict[str, Any]:
    """One answered question as JSON."""
    return {
        "position": a.position + 1, "card_id": a.card_id, "question": a.question, "deck": a.deck, "topic": a.topic,
        "level": a.level, "time_limit": a.time_limit, "seconds": a.seconds, "timed_out": a.timed_out,
        "points_total": a.points_total, "points_said": a.points_said, "missed": list(a.missed), "score": a.score,
        "review_id": a.review_id,
    }  # fmt: skip


def report_json(report: MockReport) -> dict[str, Any]:
    """A mock's report as JSON."""
    return {
        **record_json(report.mock),
        "score": report.score,
        "seconds": report.seconds,
        "answers": [answer_json(a) for a in report.answers],
        "topics": [{"deck": t.deck, "topic": t.topic, "label": t.label, "questions": t.questions,
                    "score": t.score} for t in report.topics],  # fmt: skip
        "weakest": [t.label for t in report.weakest],
        "trend": {"earlier": list(report.trend.earlier), "previous": report.trend.previous,
                  "change": report.trend.change},  # fmt: skip
    }
