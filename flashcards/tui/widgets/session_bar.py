"""The review screen's top line: done and left in this session, and the card timer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from flashcards.services import QueueCounts
from flashcards.tui.text import fmt


def progress_text(done: int, counts: QueueCounts, practice: bool = False) -> Content:
    """`Done 3 · Left 12: 5 new · 6 review · 1 repeat` (or the practice form)."""
    if practice:
        return fmt("[b]Practice[/b] (not recorded) · done $done · left $left", done=done, left=counts.new)
    return fmt(
        "Done [b]$done[/b] · Left [b]$left[/b]: $new new · $due review · $rep repeat",
        done=done,
        left=counts.total,
        new=counts.new,
        due=counts.due,
        rep=counts.repeats,
    )


def clock_text(seconds: float) -> str:
    """Seconds as `m:ss`."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class SessionBar(Horizontal):
    """Progress on the left, the time on this card on the right."""

    BLANK = True  # no border or content of its own: painted as blank lines, not rendered line by line

    def compose(self) -> ComposeResult:
        yield Static(id="progress")
        yield Static("0:00", id="timer")

    def show(self, done: int, counts: QueueCounts, practice: bool = False) -> None:
        """Update the progress counts."""
        self.query_one("#progress", Static).update(progress_text(done, counts, practice))

    _clock = ""  # what the timer shows after its first tick

    def tick(self, seconds: float) -> None:
        """Update the card timer (a layout only when its width changes, e.g. at 10:00; else just a repaint)."""
        clock = clock_text(seconds)
        if clock == self._clock:
            return
        timer = self.query_one("#timer", Static)
        timer.update(f"time on card {clock}", layout=len(clock) != len(self._clock))
        self._clock = clock
