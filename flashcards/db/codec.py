"""How dates are stored: study days as ISO `YYYY-MM-DD` text (None for NULL); instants via core.clock.to_utc_text."""

from __future__ import annotations

from datetime import date


def day_text(day: date | None) -> str | None:
    """A study day as stored text, or None."""
    return day.isoformat() if day is not None else None


def parse_day(text: str | None) -> date | None:
    """Stored day text back into a date, or None for NULL or empty text."""
    return date.fromisoformat(text) if text else None


def day(text: str) -> date:
    """Stored day text of a NOT NULL column back into a date."""
    return date.fromisoformat(text)
