"""The stats report as JSON-ready data (schema in docs/stats-json.md) and as plain text for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from flashcards.core.key_points import TopicMisses
from flashcards.core.readiness import Distribution, Readiness
from flashcards.core.stats import Heatmap, Ratio
from flashcards.core.stats_report import StatsReport

SCHEMA_VERSION = 1
SPARK = "▁▂▃▄▅▆▇█"
SHADES = "·░▒▓█"
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


# -- JSON ---------------------------------------------------------------------------------------


def ratio_json(r: Ratio) -> dict[str, Any]:
    """{passed, total, share}; share is null for an empty ratio."""
    return {"passed": r.passed, "total": r.total, "share": None if r.share is None else round(r.share, 4)}


def report_json(report: StatsReport) -> dict[str, Any]:
    """The whole report as plain JSON types; see docs/stats-json.md for every field."""
    t = report.today
    return {
        "schema": SCHEMA_VERSION,
        "study_day": t.day.isoformat(),
        "rollover_hour": report.rollover_hour,
        "timezone": report.timezone,
        "today": {
            "reviews": t.reviews, "cards": t.cards, "new_learned": t.new_learned, "repeats": t.repeats,
            "seconds": t.seconds, "correct": ratio_json(t.correct),
            "left": {"due": t.due_left, "new": t.new_left, "repeats": t.repeats_left},
        },
        "streak": {"current": report.streak.current, "longest": report.streak.longest,
                   "studied_today": report.streak.studied_today},
        "days": _days_json(report),
        "heatmap": {"thresholds": list(report.heatmap.thresholds), "total": report.heatmap.total,
                    "active_days": report.heatmap.active_days},
        "activity": [
            {"days": w.days, "first": w.first.isoformat(), "reviews": w.total_reviews,
             "seconds": round(w.total_seconds, 1), "active_days": w.active_days}
            for w in report.activity
        ],
        "forecast": _forecast_json(report),
        "retention": _retention_json(report),
        "card_states": {**asdict(report.states), "total": report.states.total, "leeches": report.leeches},
        "intervals": _distribution_json(report.intervals, 1),
        "ease": _distribution_json(report.ease, 100),
        "readiness": {
            "retention_days": report.topic_retention_days,
            "roles": [_readiness_json(r) for r in report.roles],
            "topics": [_readiness_json(r) for r in report.topics],
        },
        "key_points": {"topics": [_misses_json(m) for m in report.missed_points]},
    }


def _share(missed: int, shown: int) -> float | None:
    return round(missed / shown, 4) if shown else None


def _misses_json(m: TopicMisses) -> dict[str, Any]:
    return {
        "label": m.label, "deck_id": m.deck_id, "deck": m.deck, "topic": m.topic, "missed": m.missed,
        "shown": m.shown, "share": _share(m.missed, m.shown),
        "points": [{"card_id": p.card_id, "question": p.question, "point": p.point, "missed": p.missed,
                    "shown": p.shown, "share": _share(p.missed, p.shown)} for p in m.points],
    }


def _days_json(report: StatsReport) -> list[dict[str, Any]]:
    seconds = {}
    longest = max(report.activity, key=lambda w: w.days)
    for i, s in enumerate(longest.seconds):
        seconds[longest.first + timedelta(days=i)] = s
    return [
        {"day": c.day.isoformat(), "reviews": c.reviews, "seconds": seconds.get(c.day, 0.0), "level": c.level}
        for column in report.heatmap.columns for c in column if c is not None
    ]


def _forecast_json(report: StatsReport) -> dict[str, Any]:
    f = report.forecast
    days = [{"day": (f.today + timedelta(days=i)).isoformat(), "due": n} for i, n in enumerate(f.due)]
    return {"overdue": f.overdue, "days": days}


def _retention_json(report: StatsReport) -> dict[str, Any]:
    r = report.retention
    return {
        "windows": [{"days": w.days, "young": ratio_json(w.young), "mature": ratio_json(w.mature),
                     "all": ratio_json(w.all)} for w in r.windows],
        "weeks": [{"week": w.week.isoformat(), "young": ratio_json(w.young), "mature": ratio_json(w.mature),
                   "all": ratio_json(w.all)} for w in r.weeks],
    }


def _distribution_json(d: Distribution, scale: int) -> dict[str, Any]:
    def value(v: float | None) -> float | None:
        return None if v is None else (v if scale == 1 else round(v / scale, 2))

    buckets = [{"label": b.label, "low": value(b.low), "high": value(b.high), "count": b.count} for b in d.buckets]
    return {"total": d.total, "mean": value(d.mean), "median": value(d.median), "buckets": buckets}


def _readiness_json(r: Readiness) -> dict[str, Any]:
    return {
        "label": r.label, "deck_id": r.deck_id, "deck": r.deck, "role": r.role, "topic": r.topic,
        "cards": r.cards, "seen": r.seen, "mature": r.mature, "share_seen": round(r.share_seen, 4),
        "share_mature": round(r.share_mature, 4), "retention": ratio_json(r.retention), "score": r.score,
    }


# -- text ---------------------------------------------------------------------------------------


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 answer`, `2 answers`, `1,500 answers` (`many` for an irregular plural)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def per_day(total: float, days: int) -> str:
    """A daily rate that never rounds a small one to 0: `12`, `1.3`, `0.1`; `0` only for none."""
    rate = total / days if days else 0.0
    if rate >= 10:
        return f"{round(rate):,}"
    return f"{rate:.1f}".removesuffix(".0") if rate >= 0.05 or rate == 0 else "<0.1"


def percent(r: Ratio) -> str:
    """`87%`, or `–` for an empty ratio."""
    return "–" if r.share is None else f"{round(100 * r.share)}%"


def duration(seconds: float) -> str:
    """`1h 05m`, `12m` or `40s`."""
    whole = int(round(seconds))
    if whole >= 3600:
        return f"{whole // 3600}h {whole % 3600 // 60:02d}m"
    return f"{whole // 60}m" if whole >= 60 else f"{whole}s"


def sparkline(values: Sequence[float]) -> str:
    """One block character per value, scaled to the largest; blank for zero."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(" " if v <= 0 else SPARK[min(7, int(v / top * 7.999))] for v in values)


def heatmap_lines(h: Heatmap) -> list[str]:
    """The heatmap as 8 lines of text: month labels, then Monday to Sunday."""
    head = [" "] * len(h.columns)
    for column, name in h.month_labels:
        for i, ch in enumerate(name):
            if column + i < len(head):
                head[column + i] = ch
    lines = ["    " + "".join(head).rstrip()]
    for row in range(7):
        cells = "".join(" " if (c := col[row]) is None else SHADES[c.level] for col in h.columns)
        lines.append(f"{WEEKDAYS[row]:<4}{cells.rstrip()}")
    return lines


def report_text(report: StatsReport) -> str:
    """The report as plain text for `flashcards stats`, about 80 columns wide."""
    sections = [_head(report), _activity(report), _heatmap(report), _forecast(report), _retention(report),
                _cards(report), _readiness(report)]
    return "\n\n".join("\n".join(lines) for lines in sections)


def _head(report: StatsReport) -> list[str]:
    t, s = report.today, report.streak
    day = f"{t.day:%a} {t.day.day} {t.day:%b %Y}"
    return [
        f"Study day {day} (day starts {report.rollover_hour:02d}:00, {report.timezone})",
        "",
        f"Today      {plural(t.reviews, 'answer')} · {plural(t.cards, 'card')} ({t.new_learned:,} new, "
        f"{plural(t.repeats, 'repeat')})"
        f" · {duration(t.seconds)} · {percent(t.correct)} correct",
        f"           still due: {t.due_left:,} reviews · {t.new_left:,} new · {t.repeats_left:,} repeats",
        f"Streak     {s.current} study day{'s' * (s.current != 1)} (longest {s.longest})"
        + ("" if s.studied_today or not s.current else " · study today to keep it"),
    ]


def _activity(report: StatsReport) -> list[str]:
    lines = ["Activity   answers        per day   time      per day   days studied"]
    for w in report.activity:
        lines.append(
            f"  {w.days:>3} days {w.total_reviews:>10,} {per_day(w.total_reviews, w.days):>10}   "
            f"{duration(w.total_seconds):>8} {duration(w.total_seconds / w.days):>9}   {w.active_days}/{w.days}"
        )
    window = report.window(30)
    lines.append(f"  answers, last 30 days  {sparkline(window.reviews)}")
    lines.append(f"  time, last 30 days     {sparkline(window.seconds)}")
    return lines


def _heatmap(report: StatsReport) -> list[str]:
    h = report.heatmap
    legend = "less " + SHADES + " more"
    return [f"Heatmap    {plural(h.total, 'answer')} on {plural(h.active_days, 'study day')} in the last year"
            f"   ({legend})",
            *heatmap_lines(h)]


def _forecast(report: StatsReport) -> list[str]:
    f = report.forecast
    return [
        f"Forecast   overdue {f.overdue:,} · today {f.due[0]:,} · tomorrow {f.due[1] if len(f.due) > 1 else 0:,}"
        f" · next 7 days {sum(f.due[:7]):,} · next {len(f.due)} days {sum(f.due):,}",
        f"  due per day, next {len(f.due)} days  {sparkline(f.due)}",
    ]


def _retention(report: StatsReport) -> list[str]:
    lines = [f"{'Retention  share of first reviews graded 3+':<43}{'young':>6}{'mature':>9}{'all':>6}"]
    for w in report.retention.windows:
        lines.append(f"  last {w.days:>3} days{'':<28}{percent(w.young):>6}{percent(w.mature):>9}{percent(w.all):>6}"
                     f"   ({w.all.total:,} reviews)")
    weekly = [w.all.share or 0.0 for w in report.retention.weeks[-26:]]
    lines.append(f"  by week, last 26 weeks  {sparkline(weekly)}")
    return lines


def _cards(report: StatsReport) -> list[str]:
    s = report.states
    lines = [f"Cards      {s.total:,}: {s.new:,} new · {s.learning:,} learning · {s.young:,} young · "
             f"{s.mature:,} mature · {s.suspended:,} suspended · {s.buried:,} buried · {report.leeches:,} leeches"]
    lines += _bars("Intervals", report.intervals, "days")
    lines += _bars("Ease", report.ease, "", scale=100)
    return lines


def average(value: float | None, scale: int = 1) -> str:
    """A distribution's mean or median as both the CLI and the TUI show it: days with at most one
    decimal (`7.5`, `8`), ease factors (stored x100, `scale=100`) with two (`2.48`); `–` for None."""
    if value is None:
        return "–"
    if scale != 1:
        return f"{value / scale:.2f}"
    return f"{value:.1f}".removesuffix(".0")


def _bars(title: str, d: Distribution, unit: str, scale: int = 1, width: int = 40) -> list[str]:
    def show(v: float | None) -> str:
        text = average(v, scale)
        if not unit or text == "–":
            return text
        return f"{text} {unit.removesuffix('s')}" if text == "1" else f"{text} {unit}"

    top = max((b.count for b in d.buckets), default=0) or 1
    head = f"{title:<10} {d.total:,} cards · mean {show(d.mean)} · median {show(d.median)}"
    rows = [f"  {b.label:>7} {'█' * round(b.count / top * width):<{width}} {b.count:,}" for b in d.buckets]
    return [head, *rows]


def _readiness(report: StatsReport) -> list[str]:
    lines = [f"Readiness  (recall: retention over the last {report.topic_retention_days} days)",
             f"  {'role / topic':<44}{'cards':>7}{'seen':>6}{'recall':>7}{'mature':>7}{'ready':>6}"]
    lines += [_readiness_row(r) for r in report.roles]
    if report.weakest_seen:
        lines.append("  weakest topics (by recall):")
        lines += [_readiness_row(r, f"{i}. ") for i, r in enumerate(report.weakest_seen, 1)]
    if report.most_failed:
        lines.append("  forgotten most (lapses):")
        lines += [f"  {c.lapses:>3}x {_one_line(c.question, 60)}  ({c.deck})" for c in report.most_failed]
    if report.missed_points:
        lines.append("  key points missed most (checklist reviews):")
        for m in report.missed_points:
            lines.append(f"  {_one_line(m.label, 50)}  missed {m.missed:,} of {m.shown:,}")
            lines += [f"    {p.missed:>3} of {p.shown:<3} {_one_line(p.point, 40)}  ({_one_line(p.question, 30)})"
                      for p in m.points]
    if report.not_started:
        lines.append(f"  not started yet: {len(report.not_started)} topics, e.g.")
        lines += [_readiness_row(r, "- ") for r in report.not_started[:3]]
    return lines


def _one_line(text: str, width: int) -> str:
    line = " ".join(text[: width * 4].split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _readiness_row(r: Readiness, prefix: str = "") -> str:
    label = (prefix + r.label)[:43]
    return (f"  {label:<44}{r.cards:>7,}{round(100 * r.share_seen):>5}%{percent(r.retention):>7}"
            f"{round(100 * r.share_mature):>6}%{round(100 * r.score):>5}%")
