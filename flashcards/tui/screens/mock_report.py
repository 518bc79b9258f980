"""The mock interview's report: score per question and per topic, time per question, key points missed, the trend,
and keys 1-3 to study one of the three weakest topics now."""

from __future__ import annotations

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from flashcards.core.mock import FORMAT_TITLES, WEAKEST_SHOWN, MockAnswer, MockReport, clock_text
from flashcards.core.mock_format import length_text, percent, trend_text
from flashcards.tui.host import HostedScreen
from flashcards.tui.screens.mock_setup import OnStudy
from flashcards.tui.text import fmt, plain, shorten

# The question table's columns (#, score, points, time) take 30 of the 77 columns a 80-wide screen leaves.
QUESTION_WIDTH = 46
HEADER = f"{'#':>2}  {'Score':>5}  {'Points':>6}  {'Time':<10} Question"


def headline(report: MockReport) -> Content:
    """`Phone screen · mle · 5 questions   Score 62%` and the trend under it."""
    m = report.mock
    planned = sum(a.time_limit for a in report.answers)
    ended = "" if len(report.answers) == m.questions else f" (ended after {len(report.answers)} of {m.questions})"
    return fmt(
        "[b]$format[/b] · $role · $length$ended   [b]Score $score[/b]\n"
        "Trend: $trend\nTime: $time of $planned planned$reviews",
        format=FORMAT_TITLES[m.format],
        role=m.role,
        length=length_text(m),
        ended=ended,
        score=percent(report.score),
        trend=trend_text(report.trend),
        time=clock_text(report.seconds),
        planned=clock_text(planned),
        reviews=f" · {report.reviews} counted as reviews" if report.reviews else "",
    )


def answer_row(a: MockAnswer) -> Content:
    """` 1   67%  2/3  1:12/3:00  What is ...` (time up marked with !)."""
    time = f"{clock_text(a.seconds)}/{clock_text(a.time_limit)}{'!' if a.timed_out else ' '}"
    return fmt(
        "$n  [b]$score[/b]  $points  $time $question",
        n=str(a.position + 1).rjust(2),
        score=percent(a.score).rjust(5),
        points=f"{a.points_said}/{a.points_total}".rjust(6),
        time=time.ljust(10),
        question=shorten(a.question, QUESTION_WIDTH),
    )


def report_body(report: MockReport) -> Content:
    """Everything but the study keys: headline, questions, topics (weakest first), the key points missed."""
    lines = [headline(report), Content(""), fmt("[b]$header[/b]", header=HEADER)]
    lines += [answer_row(a) for a in report.answers]
    if any(a.timed_out for a in report.answers):
        lines.append(fmt("[dim]   ! time ran out[/dim]"))
    lines += [Content(""), fmt("[b]Topics, weakest first[/b]")]
    lines += [
        fmt("$score  $n  $label", score=percent(t.score).rjust(4), n=f"{t.questions} q".rjust(4), label=t.label)
        for t in report.topics
    ]
    lines += [Content(""), fmt("[b]Key points missed[/b]")]
    missed = [a for a in report.answers if a.missed]
    if not missed:
        lines.append(Content("None: every key point was said."))
    for a in missed:
        lines.append(fmt("$n. $question", n=a.position + 1, question=shorten(a.question, 70)))
        lines += [Content("    • ") + plain(shorten(point, 70)) for point in a.missed]
    return Content("\n").join(lines)


def study_line(report: MockReport) -> Content:
    """`Study now:  1  Deck › Topic`, one line for each of the weakest topics."""
    lines = [
        fmt("[b]$head[/b][b reverse] $n [/] $label", head="Study now: " if n == 1 else " " * 11, n=n,
            label=shorten(t.label, 62))
        for n, t in enumerate(report.weakest, 1)
    ]  # fmt: skip
    return Content("\n").join(lines)


class MockReportScreen(HostedScreen[None]):
    """Shown when a mock ends; 1-3 start a study session on a weak topic, Enter goes back to the decks."""

    CSS_PATH = "mock.tcss"
    BINDINGS = [
        Binding("1", "study_weak(1)", "Study a weak topic", key_display="1-3", tooltip="Study weak topic 1, 2 or 3 now"),
        *(Binding(str(n), f"study_weak({n})", "", show=False) for n in range(2, WEAKEST_SHOWN + 1)),  # help: see 1
        Binding("enter", "home", "Back to decks", tooltip="Back to the decks"),
        Binding("escape", "home", "Back to decks", show=False),
    ]  # fmt: skip

    def __init__(self, report: MockReport, on_study: OnStudy | None = None) -> None:
        super().__init__()
        self.report = report
        self.on_study = on_study

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="mock-report"):
            yield Static(report_body(self.report), id="mock-report-body")
        yield Static(study_line(self.report), id="mock-study")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Mock report · {percent(self.report.score)}"
        self.query_one("#mock-report").focus()

    def action_study_weak(self, number: int) -> None:
        """Leave the report and study weak topic `number` (1 is the weakest) in a real session."""
        weakest = self.report.weakest
        if not 1 <= number <= len(weakest):
            return
        topic = weakest[number - 1]
        if topic.deck_id is None or self.on_study is None:
            self.notice(f"{topic.label} is no longer in your decks.")
            return
        self.on_study(topic.deck_id, topic.topic)

    def notice(self, text: str) -> None:
        """Show `text` on the line of study keys."""
        self.query_one("#mock-study", Static).update(plain(text))

    def action_home(self) -> None:
        """Back to the decks."""
        self.app.pop_screen()

    def palette_commands(self) -> list[SystemCommand]:
        """Command palette entries for this screen."""
        commands = [
            SystemCommand(f"Study {t.label}", f"Weak topic {n} of this mock", lambda n=n: self.action_study_weak(n))
            for n, t in enumerate(self.report.weakest, 1)
        ]
        return [*commands, SystemCommand("Back to decks", "Leave the report", self.action_home)]
