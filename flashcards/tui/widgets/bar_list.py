"""A titled list of labelled text bars, one line per bucket, scaled to the widget's width."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from flashcards.tui.text import fmt

BAR = "█"


def bar_lines(title: str, rows: Sequence[tuple[str, int]], width: int) -> list[Content]:
    """The title, then `label  ████ count` per row within `width` columns.

    A bar's length is its count over the largest count, so a count of 0 has no bar at all and
    every non-zero count has at least one block.
    """
    label_width = max((len(label) for label, _ in rows), default=0)
    count_width = max((len(f"{count:,}") for _, count in rows), default=1)
    room = max(1, width - label_width - count_width - 2)
    top = max((count for _, count in rows), default=0)
    lines = [fmt("[b]$title[/b]", title=title)]
    for label, count in rows:
        length = 0 if count == 0 or top == 0 else max(1, round(count / top * room))
        lines.append(
            fmt(
                "$label [$style]$bar[/]$pad $count",
                label=label.rjust(label_width),
                style="green" if count else "dim",
                bar=BAR * length,
                pad=" " * (room - length),
                count=f"{count:,}".rjust(count_width),
            )
        )
    return lines


class BarList(Widget):
    """Horizontal bars drawn as text: exact at any size (one line per bucket, never overlapping)."""

    DEFAULT_CSS = """
    BarList { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = ""
        self.rows: list[tuple[str, int]] = []

    def show(self, title: str, rows: Sequence[tuple[str, int]]) -> None:
        """Draw `rows` ((label, count) in order) under `title`."""
        self.title = title
        self.rows = list(rows)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + len(self.rows)

    def render(self) -> Content:
        return Content("\n").join(bar_lines(self.title, self.rows, self.content_region.width))
