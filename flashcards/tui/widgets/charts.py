"""Bar and line charts for the stats screen on textual-plotext (imported only when the screen opens)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual_plotext import PlotextPlot

BAR_COLOR = "green"
LINE_COLORS = ("cyan", "green", "orange")


class Chart(PlotextPlot):
    """A plotext plot that is redrawn whole from plain sequences."""

    def bars(self, title: str, labels: Sequence[str], values: Sequence[float], *,
             horizontal: bool = False, ticks: Mapping[int, str] | None = None) -> None:
        """Draw one bar per value; `ticks` (index -> label) thins the x labels of long series."""
        plt = self._reset(title)
        positions = list(range(1, len(values) + 1))
        plt.bar(positions, list(values), orientation="horizontal" if horizontal else "vertical",
                color=BAR_COLOR, width=0.8)
        shown = ticks if ticks is not None else dict(enumerate(labels))
        axis = plt.yticks if horizontal else plt.xticks
        axis([i + 1 for i in shown], list(shown.values()))
        self.refresh()

    def lines(self, title: str, labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
              ticks: Mapping[int, str], ylim: tuple[float, float] | None = None) -> None:
        """Draw one line per series; None values leave gaps."""
        plt = self._reset(title)
        for color, (name, values) in zip(LINE_COLORS, series.items(), strict=False):
            points = [(i + 1, v) for i, v in enumerate(values) if v is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                plt.plot(list(xs), list(ys), label=name, color=color, marker="braille")
        if ylim is not None:
            plt.ylim(*ylim)
        plt.xlim(1, max(len(labels), 2))
        plt.xticks([i + 1 for i in ticks], list(ticks.values()))
        self.refresh()

    def _reset(self, title: str) -> Any:  # plotext's figure class is untyped
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        return plt
