"""The grade keys on one line (key and the interval each would give), their meanings below on demand.

At 80x24 six lines of meanings left about six lines for the answer; the one-line bar leaves twelve
or more. The meanings open with `g` (the review screen's binding) and are shown on their own once
the screen is tall enough (`MEANINGS_MIN_HEIGHT`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from flashcards.core.models import FOUR_KEY_GRADES, FOUR_KEY_LABELS
from flashcards.core.sm2 import GRADE_MEANINGS
from flashcards.tui.text import fmt

SIX_TITLE = "Grade (0-5): interval it gives · grades 0-3 also come back later today"
FOUR_TITLE = "Grade (1-4): interval it gives · Again/Hard also come back later today"
PRACTICE_TITLE = "Grade yourself: practice, nothing is recorded · below 4 comes back at the end"
# Short names of the six SM-2 grades for the one-line bar (the full meanings are on `g`).
SHORT_NAMES = {0: "blank", 1: "wrong", 2: "almost", 3: "hard", 4: "hesitant", 5: "perfect"}
# From this screen height the meanings are shown without asking (there is room for them and the answer).
MEANINGS_MIN_HEIGHT = 36


def grade_keys(mode: str) -> list[tuple[int, int, str]]:
    """(key, SM-2 grade, label) for each grade key of `mode`, in key order."""
    if mode == "four":
        return [(k, FOUR_KEY_GRADES[k], FOUR_KEY_LABELS[k]) for k in sorted(FOUR_KEY_GRADES)]
    return [(q, q, "") for q in range(6)]


def grade_line(key: int, grade: int, label: str, interval: str) -> Content:
    """One line of the meanings: key, interval, and meaning (with the four-key name when there is one)."""
    meaning = f"{label}: {GRADE_MEANINGS[grade]}" if label else GRADE_MEANINGS[grade]
    return fmt("[b reverse] $key [/]  [b]$when[/b]  $meaning", key=key, when=interval.ljust(7), meaning=meaning)


def interval_label(label: str) -> str:
    """The preview label as shown: `6d`, `again` and `done` read as days or today."""
    return {"again": "today", "done": "done"}.get(label, label)


def bar_line(
    mode: str, preview: dict[int, str], practice: bool, width: int, meanings_shown: bool, proposal: int | None = None
) -> Content:
    """The one-line bar: `Grade  [0] 1d  [1] 1d ... [5] 6d   g: what they mean`, as rich as fits in `width`.

    Six-key grades are named (`hesitant 6d`) when there is room; the head and the `g` hint go
    before the intervals do. With a key-point `proposal` (an SM-2 grade) its key is highlighted
    and the tail says `Enter: 3`; the `g` hint goes first then.
    """
    tail = "   g: hide meanings" if meanings_shown else "   g: what they mean"
    head = "Practice (not recorded) " if practice else "Grade "
    variants = [(True, head, tail), (False, head, tail), (False, head, "   g: meanings"), (False, "", "  g"),
                (False, "", "")]
    if proposal is not None:
        enter = f"Enter: {_key_of(mode, proposal)}"
        variants = [(True, head, f"   {enter} · g: meanings"), (False, head, f"   {enter} · g: meanings"),
                    (False, head, f"   {enter}"), (False, "", f"  {enter}"), (False, "", "")]
    for names, head_text, tail_text in variants:
        line = _bar(mode, preview, practice, names, head_text, tail_text, proposal)
        if len(line.plain) <= width:
            return line
    return line


def _key_of(mode: str, grade: int) -> str:
    """The key that gives SM-2 `grade` in `mode` (in four-key mode, its name: `Good`)."""
    for key, value, label in grade_keys(mode):
        if value == grade:
            return label or str(key)
    return str(grade)


def _bar(
    mode: str, preview: dict[int, str], practice: bool, names: bool, head: str, tail: str, proposal: int | None = None
) -> Content:
    parts = []
    for key, grade, label in grade_keys(mode):
        when = "" if practice else interval_label(preview.get(grade, "?"))
        name = label or (SHORT_NAMES[grade] if names else "")
        text = " ".join(x for x in (name, when) if x)
        template = "[b reverse $success] $key [/] [b]$text[/b]" if grade == proposal else "[b reverse] $key [/] $text"
        parts.append(fmt(template, key=key, text=text))
    return fmt("[b]$head[/b]", head=head) + Content("  ").join(parts) + fmt("[dim]$tail[/dim]", tail=tail)


class GradeBar(Vertical):
    """One line of grade keys and intervals; the meaning of each grade below it when asked or when tall."""

    BLANK = True  # no border or content of its own: painted as blank lines, not rendered line by line

    DEFAULT_CSS = """
    GradeBar { height: auto; }
    GradeBar #grade-keys { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    GradeBar #grade-meanings { height: auto; display: none; border-top: solid $accent; border-title-color: $accent; }
    GradeBar.-meanings #grade-meanings { display: block; }
    GradeBar .grade-line { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.mode = "six"
        self.preview: dict[int, str] = {}
        self.practice = False
        self.asked: bool | None = None  # None: meanings follow the screen height; else what `g` chose
        self.tall = False
        self.proposal: int | None = None  # the SM-2 grade the key-point checklist proposes, if any
        self._line: tuple[str, tuple[object, ...]] | None = None  # text and styles #grade-keys shows
        self._meanings: tuple[object, ...] | None = None  # what the meaning lines were last filled from

    def compose(self) -> ComposeResult:
        yield Static(id="grade-keys")
        with Vertical(id="grade-meanings"):
            for i in range(6):
                yield Static(id=f"grade-line-{i}", classes="grade-line")

    @property
    def meanings_shown(self) -> bool:
        """True while the six (or four) meaning lines are on screen."""
        return self.asked if self.asked is not None else self.tall

    def show(self, mode: str, preview: dict[int, str], practice: bool = False) -> None:
        """Fill the bar for grade mode `mode` with `preview` intervals ({grade: label})."""
        self.mode, self.preview, self.practice = mode, preview, practice
        self.proposal = None
        self._paint()

    def propose(self, grade: int | None) -> None:
        """Highlight the key of SM-2 `grade` as the proposal Enter accepts (None: no proposal)."""
        self.proposal = grade
        self._paint()

    def toggle_meanings(self) -> None:
        """Show the meanings if hidden, hide them if shown (overrides the height rule until the screen closes)."""
        self.asked = not self.meanings_shown
        self._paint()

    def fit_height(self, screen_height: int) -> None:
        """Follow the screen height: meanings shown from MEANINGS_MIN_HEIGHT lines unless `g` chose otherwise."""
        self.tall = screen_height >= MEANINGS_MIN_HEIGHT
        self._paint()

    def on_resize(self) -> None:
        self._paint()

    def _paint(self) -> None:
        shown = self.meanings_shown
        if shown:
            self._paint_meanings()
        self.set_class(shown, "-meanings")
        width = self.content_region.width or self.app.size.width
        line = bar_line(self.mode, self.preview, self.practice, width, shown, self.proposal)
        painted = (line.plain, tuple(line.spans))  # Content's == compares the text only
        if painted != self._line:  # one line high and full width: a new text needs a repaint, not a layout
            self._line = painted
            self.query_one("#grade-keys", Static).update(line, layout=False)

    def _paint_meanings(self) -> None:
        """Fill the meaning lines (only while they are shown: hidden, six updates per card were wasted)."""
        painted = (self.mode, tuple(sorted(self.preview.items())), self.practice)
        if painted == self._meanings:
            return
        self._meanings = painted
        mode, preview, practice = self.mode, self.preview, self.practice
        self.query_one("#grade-meanings").border_title = (
            PRACTICE_TITLE if practice else FOUR_TITLE if mode == "four" else SIX_TITLE
        )
        keys = grade_keys(mode)
        for i, line in enumerate(self.query(".grade-line").results(Static)):
            if i >= len(keys):
                line.display = False
                continue
            key, grade, label = keys[i]
            when = "–" if practice else interval_label(preview.get(grade, "?"))
            line.update(grade_line(key, grade, label, when), layout=False)  # one line high, full width
            line.display = True
