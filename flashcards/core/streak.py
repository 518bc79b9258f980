"""Study streaks: the current and longest runs of consecutive study days (apart from core.stats so that the
home screen's read, which needs only the current run, does not import the statistics module)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Streak:
    """Consecutive study days with at least one review."""

    current: int
    longest: int
    studied_today: bool


def streak(days: Iterable[date], today: date) -> Streak:
    """Current and longest runs of consecutive study days in `days` (any order, duplicates allowed).

    The current run ends today, or yesterday when nothing is done yet today; days after
    `today` are ignored.
    """
    ordered = sorted({d for d in days if d <= today})
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    studied_today = previous == today
    current = run if previous is not None and (today - previous).days <= 1 else 0
    return Streak(current, longest, studied_today)
