"""The review step as the user sees it, in a real terminal: grade -> next card painted, space -> answer painted.

Usage: uv run python benchmarks/bench_review.py [--cards 200] [--pause 0.3]

`flashcards --db COPY` runs in a pseudo-terminal (100x30) on the 100k-card / 1M-review
collection; the script studies all decks, and for each card waits `--pause` s (reading),
presses space and times until the answer's key points are painted, waits again, presses 4
and times until the next card's question is painted with the answer hidden (the screen is
read back through pyte; a time is when the bytes that made it true arrived). Interleaved
in blocks with the same steps against Textual's floor: a bare app that swaps a Static's text
on the same keys (one frame). Targets (issue 11): grade -> next p50 <= 20 ms, p99 <= 50 ms;
space -> answer p99 <= 33 ms.
"""

from __future__ import annotations

import argparse
import re
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import load_average, percentile, ratios, synthetic, working_copy  # noqa: E402
from ptyrun import Pty, has_counts  # noqa: E402

from flashcards.core.models import Settings  # noqa: E402
from flashcards.services import Services  # noqa: E402

BLOCK = 20  # cards per interleaved block
QUESTION = re.compile(r"Synthetic question (\d+)")
ANSWER = "first key point"  # every synthetic card's first key point (db/synth.py)

FLOOR = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Floor(App):
    BINDINGS = [("space", "reveal", "Show answer"), ("4", "grade", "Grade")]
    n = 1
    def compose(self):
        yield Header()
        yield Static(f"Synthetic question {self.n}: words", id="q")
        yield Static("", id="a")
        yield Footer()
    def action_reveal(self):
        self.query_one("#a", Static).update("first key point")
    def action_grade(self):
        self.n += 1
        self.query_one("#a", Static).update("")
        self.query_one("#q", Static).update(f"Synthetic question {self.n}: words")
Floor().run()
"""


def shown_question(text: str) -> str | None:
    """The number of the question on screen, if one is."""
    match = QUESTION.search(text)
    return match.group(1) if match else None


class Stepper:
    """One program under a pty that shows cards: reveal and grade them, timing what gets painted."""

    def __init__(self, argv: list[str], start: Callable[[Pty], None]) -> None:
        self.term = Pty(argv)
        start(self.term)
        self.reveal: list[float] = []
        self.grade: list[float] = []

    def cards(self, count: int, pause: float) -> None:
        """Reveal and grade `count` cards, `pause` s apart."""
        term = self.term
        for _ in range(count):
            current = shown_question(term.text())
            self._idle(pause)
            sent = term.send(b" ")
            self.reveal.append((term.wait_for(lambda text: ANSWER in text) - sent) * 1000)
            self._idle(pause)
            sent = term.send(b"4")
            painted = term.wait_for(lambda text, shown=current: ANSWER not in text and shown_question(text) not in (None, shown))
            self.grade.append((painted - sent) * 1000)

    def _idle(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.term.drain(0.01)

    def close(self) -> None:
        """Quit the program."""
        self.term.close()


def start_ours(term: Pty) -> None:
    """Wait for home, then study all decks until the first question is on screen."""
    term.wait_for(has_counts("All decks"), timeout=120)
    term.drain(0.5)
    term.send(b"a")
    term.wait_for(lambda text: shown_question(text) is not None and ANSWER not in text, timeout=60)
    term.drain(1.0)  # the warm-up thread imports the write path meanwhile


def start_floor(term: Pty) -> None:
    """Wait for the floor app's first question."""
    term.wait_for(lambda text: shown_question(text) is not None, timeout=60)
    term.drain(0.5)


def line(name: str, samples: list[float]) -> str:
    """p50 / p99 / max of a list of ms."""
    return f"{name}: p50 {percentile(samples, 50):.1f} ms, p99 {percentile(samples, 99):.1f} ms, max {max(samples):.1f} ms"


def main() -> None:
    """Run both programs in interleaved blocks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.3)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    path = working_copy(synthetic())
    services = Services.open_path(path)
    services.bundled.open()
    services.study.save_settings(Settings(new_per_day=9999, reviews_per_day=99999))
    services.close()
    entry = Path(sysconfig.get_paths()["scripts"]) / "flashcards"
    ours = Stepper([str(entry), "--db", str(path)], start_ours)
    floor = Stepper([sys.executable, "-c", FLOOR], start_floor)
    grade_pairs: tuple[list[float], list[float]] = ([], [])
    reveal_pairs: tuple[list[float], list[float]] = ([], [])
    try:
        for _ in range(max(1, args.cards // BLOCK)):
            for stepper, grades, reveals in ((ours, grade_pairs[0], reveal_pairs[0]), (floor, grade_pairs[1], reveal_pairs[1])):
                stepper.cards(BLOCK, args.pause)
                grades.append(percentile(stepper.grade[-BLOCK:], 50))
                reveals.append(percentile(stepper.reveal[-BLOCK:], 50))
    finally:
        ours.close()
        floor.close()
    print(f"{len(ours.grade)} cards, {args.pause} s pause before each key, 100x30 pty")
    print(line("flashcards grade -> next card painted", ours.grade))
    print(line("flashcards space -> answer painted   ", ours.reveal))
    print(line("textual floor key -> text swapped    ", floor.grade))
    print(line("textual floor key -> answer shown    ", floor.reveal))
    print(f"grade -> next / floor, p50 per block of {BLOCK}: {ratios(*grade_pairs)}")
    print(f"space -> answer / floor, p50 per block of {BLOCK}: {ratios(*reveal_pairs)}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
