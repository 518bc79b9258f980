"""Text, table cells and chart axes for the stats screen: pure functions of a StatsReport."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.content import Content

from flashcards.core.readiness import Readiness
from flashcards.core.stats import MONTHS, ActivityWindow, WeekRetention
from flashcards.core.stats_format import average, duration, per_day, percent, plural
from flashcards.core.stats_report import StatsReport
from flashcards.tui.text import cell, fmt, plain, shorten

READINESS_COLUMNS = ("Ready", "Seen", "Recall", "Mature", "Cards")


def today_text(report: StatsReport) -> Content:
    """Today's answers, time, share correct and what is still due, plus the card states."""
    t = report.today
    return fmt(
        "[b]Today[/b]  $reviews · $cards ($new new, $rep) · $time · $correct correct\n"
        "[b]Left[/b]   $due reviews · $newleft new · $repleft repeats\n",
        reviews=plural(t.reviews, "answer"), cards=plural(t.cards, "card"), new=t.new_learned,
        rep=plural(t.repeats, "repeat"), time=duration(t.seconds),
        correct=percent(t.correct), due=f"{t.due_left:,}", newleft=t.new_left, repleft=t.repeats_left,
    ) + states_line(report)


def states_line(report: StatsReport) -> Content:
    """`Cards 1,234: 200 new · 30 learning · …` with every state."""
    s = report.states
    return fmt(
        "[b]Cards[/b]  $total: $new new · $learning learning · $young young · $mature mature · "
        "$susp suspended · $buried buried · $leeches leeches",
        total=f"{s.total:,}", new=f"{s.new:,}", learning=f"{s.learning:,}", young=f"{s.young:,}",
        mature=f"{s.mature:,}", susp=f"{s.suspended:,}", buried=f"{s.buried:,}", leeches=f"{report.leeches:,}",
    )


def weakest_text(report: StatsReport) -> Content:
    """The weakest started topics by recall, then the topics not started yet, numbered by the key that studies each."""
    if not report.weakest:
        return Content("\n").join([fmt("[b]Weakest topics[/b]  none yet"), *missed_lines(report)])
    seen = report.weakest_seen
    lines = [fmt("[b]Weakest topics[/b] by recall (press 1-5 to study one)")]
    if not seen:
        lines.append(fmt("  [dim]none started yet[/dim]"))
    for i, r in enumerate(seen, 1):
        lines.append(
            fmt("[b]$n[/b]  ", n=i) + plain(r.label)
            + fmt("  [dim]recall $recall · seen $seen[/dim]", recall=percent(r.retention),
                  seen=f"{round(100 * r.share_seen)}%")
        )
    rest = report.weakest[len(seen):]
    if rest:
        more = len(report.not_started) - len(rest)
        lines.append(fmt("[b]Not started yet[/b]" + (f" ({more} more on the Topics tab)" if more else "")))
        for i, r in enumerate(rest, len(seen) + 1):
            lines.append(fmt("[b]$n[/b]  ", n=i) + plain(r.label) + fmt("  [dim]$cards[/dim]", cards=plural(r.cards, "card")))
    return Content("\n").join([*lines, *failed_lines(report), *missed_lines(report)])


def failed_lines(report: StatsReport) -> list[Content]:
    """The cards forgotten most, one line each (question cut to a line), under a heading; none if none."""
    if not report.most_failed:
        return []
    lines = [fmt("[b]Forgotten most[/b] (lapses)")]
    for card in report.most_failed:
        lines.append(fmt("  [b]$n×[/b] ", n=card.lapses) + plain(shorten(card.question, 60))
                     + fmt("  [dim]$deck[/dim]", deck=shorten(card.deck, 30)))
    return lines


def missed_lines(report: StatsReport) -> list[Content]:
    """The key points missed most on checklist reviews, per topic (points cut to a line); none if none."""
    if not report.missed_points:
        return []
    lines = [fmt("[b]Key points missed most[/b] (checklist reviews)")]
    for topic in report.missed_points:
        lines.append(Content("  ") + plain(shorten(topic.label, 50))
                     + fmt("  [dim]missed $m of $n[/dim]", m=f"{topic.missed:,}", n=f"{topic.shown:,}"))
        for p in topic.points:
            lines.append(fmt("    [b]$m/$n[/b] ", m=p.missed, n=p.shown) + plain(shorten(p.point, 40))
                         + fmt("  [dim]$q[/dim]", q=shorten(p.question, 30)))
    return lines


def activity_text(w: ActivityWindow) -> Content:
    """Totals of an activity window."""
    return fmt(
        "Last [b]$days[/b] days: $total ($per/day) · $time ($tper/day) · studied $active of $days days",
        days=w.days, total=plural(w.total_reviews, "answer"), per=per_day(w.total_reviews, w.days),
        time=duration(w.total_seconds), tper=duration(w.total_seconds / w.days), active=w.active_days,
    )


def retention_text(report: StatsReport) -> Content:
    """Retention per window, young and mature."""
    lines = [fmt("[b]Retention[/b]: share of first reviews of the day graded 3 or more")]
    if not has_retention(report):
        lines.append(fmt("  No data yet: retention counts a seen card's first review of a day, so it starts with "
                         "tomorrow's reviews of the cards you learn today."))
        return Content("\n").join(lines)
    for w in report.retention.windows:
        lines.append(fmt("  last $days days: young $young · mature $mature · all $all ($n reviews)",
                         days=w.days, young=percent(w.young), mature=percent(w.mature), all=percent(w.all),
                         n=f"{w.all.total:,}"))
    return Content("\n").join(lines)


def days_text(value: str) -> str:
    """`1 day`, `7.5 days`, `–` (a formatted mean or median of days)."""
    return value if value == "–" else f"{value} day" if value == "1" else f"{value} days"


def has_retention(report: StatsReport) -> bool:
    """True once any review counts towards retention."""
    return any(w.all.total for w in report.retention.windows)


def states_text(report: StatsReport) -> Content:
    """Card states and the means of the two distributions."""
    i, e = report.intervals, report.ease
    return states_line(report) + fmt(
        "\nIntervals: mean $im, median $imed · Ease: mean $em, median $emed",
        im=days_text(average(i.mean)), imed=average(i.median), em=average(e.mean, 100), emed=average(e.median, 100),
    )


def readiness_cells(r: Readiness) -> tuple[Text, ...]:
    """DataTable cells for a readiness row (label, then READINESS_COLUMNS); the label is shown literally."""
    numbers = (f"{round(100 * r.score)}%", f"{round(100 * r.share_seen)}%", percent(r.retention),
               f"{round(100 * r.share_mature)}%", f"{r.cards:,}")
    return (cell(r.label), *(Text(n.rjust(6), end="") for n in numbers))


def day_axis(first: date, days: int) -> tuple[list[str], dict[int, str]]:
    """Labels for `days` days from `first`, and the few to show: weekly for a month, else month starts."""
    span = [first + timedelta(days=i) for i in range(days)]
    labels = [f"{d.day} {MONTHS[d.month - 1]}" for d in span]
    if days <= 31:
        return labels, {i: labels[i] for i in range(0, days, 7)}
    return labels, {i: MONTHS[d.month - 1] for i, d in enumerate(span) if d.day == 1}


def recent_weeks(report: StatsReport, least: int = 12) -> tuple[WeekRetention, ...]:
    """The weeks from the first one with a retention review (at least the last `least` weeks)."""
    weeks = report.retention.weeks
    first = next((i for i, w in enumerate(weeks) if w.all.total), len(weeks))
    return weeks[max(0, min(first, len(weeks) - least)):]


def pct(share: float | None) -> float | None:
    """A share as a percentage with one decimal, None kept."""
    return None if share is None else round(100 * share, 1)
