"""The grade keys with their published meanings and the interval each would give."""

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


def grade_keys(mode: str) -> list[tuple[int, int, str]]:
    """(key, SM-2 grade, label) for each grade key of `mode`, in key order."""
    if mode == "four":
        return [(k, FOUR_KEY_GRADES[k], FOUR_KEY_LABELS[k]) for k in sorted(FOUR_KEY_GRADES)]
    return [(q, q, "") for q in range(6)]


def grade_line(key: int, grade: int, label: str, interval: str) -> Content:
    """One line: key, interval, and meaning (with the four-key name when there is one)."""
    meaning = f"{label}: {GRADE_MEANINGS[grade]}" if label else GRADE_MEANINGS[grade]
    return fmt("[b reverse] $key [/]  [b]$when[/b]  $meaning", key=key, when=interval.ljust(7), meaning=meaning)


def interval_label(label: str) -> str:
    """The preview label as shown: `6d`, `again` and `done` read as days or today."""
    return {"again": "today", "done": "done"}.get(label, label)


class GradeBar(Vertical):
    """One line per grade key; shown once the answer is revealed."""

    def compose(self) -> ComposeResult:
        for i in range(6):
            yield Static(id=f"grade-line-{i}", classes="grade-line")

    def show(self, mode: str, preview: dict[int, str], practice: bool = False) -> None:
        """Fill the lines for grade mode `mode` with `preview` intervals ({grade: label})."""
        self.border_title = PRACTICE_TITLE if practice else FOUR_TITLE if mode == "four" else SIX_TITLE
        keys = grade_keys(mode)
        for i, line in enumerate(self.query(".grade-line").results(Static)):
            if i >= len(keys):
                line.display = False
                continue
            key, grade, label = keys[i]
            when = "–" if practice else interval_label(preview.get(grade, "?"))
            line.update(grade_line(key, grade, label, when))
            line.display = True
