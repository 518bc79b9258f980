"""Bar and line charts for the stats screen on textual-plotext (imported only when the screen opens)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from textual_plotext import PlotextPlot

BAR_COLOR = "green"
LINE_COLORS = ("cyan", "green", "orange")


def value_ticks(top: float, most: int = 5, whole: bool = True) -> list[float]:
    """Even, round ticks from 0 past `top`: a step of 1, 2 or 5 times a power of ten, at most `most` ticks
    (`whole`: steps of at least 1, for counts).

    plotext's own ticks split the range evenly (38.0 / 31.7 / 19.0); counts read better as 0 / 10 / 20 / 30 / 40.
    """
    if top <= 0:
        return [0, 1]
    magnitude = 10 ** math.floor(math.log10(top / (most - 1)))
    if whole:
        magnitude = max(1, magnitude)
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= most - 1)
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


class Chart(PlotextPlot):
    """A plotext plot that is redrawn whole from plain sequences."""

    def bars(self, title: str, labels: Sequence[str], values: Sequence[float], *,
             horizontal: bool = False, ticks: Mapping[int, str] | None = None, whole: bool = True) -> None:
        """Draw one bar per value; `ticks` (index -> label) thins the x labels of long series; the value axis
        has round ticks (`whole` numbers for counts)."""
        plt = self._reset(title)
        positions = list(range(1, len(values) + 1))
        plt.bar(positions, list(values), orientation="horizontal" if horizontal else "vertical",
                color=BAR_COLOR, width=0.8)
        shown = ticks if ticks is not None else dict(enumerate(labels))
        axis = plt.yticks if horizontal else plt.xticks
        axis([i + 1 for i in shown], list(shown.values()))
        steps = value_ticks(max(values, default=0), whole=whole)
        value_axis = plt.xticks if horizontal else plt.yticks
        value_axis(steps, [f"{v:g}" for v in steps])
        (plt.xlim if horizontal else plt.ylim)(0, steps[-1])
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
