"""A contribution-graph heatmap of answers per study day: weekday rows, week columns, month labels."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from flashcards.core.stats import Heatmap

WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4
GLYPHS = "·░▒▓█"  # level 0-4: readable without colour too


class HeatmapView(Widget):
    """Draws a core `Heatmap` with a glyph and colour per level; cells are two columns wide when there is room."""

    COMPONENT_CLASSES = {
        "heatmap--label",
        "heatmap--level-0",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--level-4",
    }

    DEFAULT_CSS = """
    HeatmapView {
        height: 8;
        width: 1fr;
    }
    HeatmapView > .heatmap--label { color: $text-muted; }
    HeatmapView > .heatmap--level-0 { color: $panel-lighten-2; }
    HeatmapView > .heatmap--level-1 { color: #26a641; }
    HeatmapView > .heatmap--level-2 { color: #26a641; }
    HeatmapView > .heatmap--level-3 { color: #39d353; }
    HeatmapView > .heatmap--level-4 { color: #39d353; }
    """

    def __init__(self, heatmap: Heatmap | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._heatmap = heatmap

    def show(self, heatmap: Heatmap) -> None:
        """Replace the data and redraw."""
        self._heatmap = heatmap
        self.refresh()

    def cell_width(self, width: int) -> int:
        """2 if every week fits at two columns in `width`, else 1."""
        weeks = len(self._heatmap.columns) if self._heatmap else 0
        return 2 if LABEL_WIDTH + 2 * weeks <= width else 1

    def render(self) -> Text:
        """The label row and seven weekday rows."""
        if self._heatmap is None:
            return Text("")
        step = self.cell_width(self.size.width)
        lines = [self._month_row(step)]
        lines += [self._weekday_row(row, step) for row in range(7)]
        return Text("\n").join(lines)

    def _month_row(self, step: int) -> Text:
        assert self._heatmap is not None
        chars = [" "] * (len(self._heatmap.columns) * step)
        for column, name in self._heatmap.month_labels:
            for i, ch in enumerate(name):
                if column * step + i < len(chars):
                    chars[column * step + i] = ch
        return Text(" " * LABEL_WIDTH + "".join(chars).rstrip(), style=self._style("heatmap--label"))

    def _weekday_row(self, row: int, step: int) -> Text:
        assert self._heatmap is not None
        line = Text(f"{WEEKDAY_LABELS[row]:<{LABEL_WIDTH}}", style=self._style("heatmap--label"))
        for column in self._heatmap.columns:
            cell = column[row]
            if cell is None:
                line.append(" " * step)
            else:
                line.append(GLYPHS[cell.level], style=self._style(f"heatmap--level-{cell.level}"))
                line.append(" " * (step - 1))
        line.rstrip()
        return line

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)
