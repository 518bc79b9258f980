"""Leeches: cards that keep lapsing. A card becomes one at `threshold` lapses, and is flagged again every
half-threshold lapses after that (8, then 12, 16... with the default 8), as Anki does."""

from __future__ import annotations

DEFAULT_THRESHOLD = 8


def leech_point(lapses_before: int, lapses_after: int, threshold: int) -> bool:
    """True if a grade that took a card from `lapses_before` to `lapses_after` lapses makes it a leech (again).

    A `threshold` of 0 turns leeches off.
    """
    if threshold <= 0 or lapses_after <= lapses_before or lapses_after < threshold:
        return False
    return (lapses_after - threshold) % max(1, threshold // 2) == 0
