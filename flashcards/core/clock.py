"""Clocks and the study-day rule: a review belongs to the local date minus the rollover hour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_ROLLOVER_HOUR = 4


class Clock(Protocol):
    """Something that tells the current UTC time."""

    def now(self) -> datetime:
        """Return the current time as an aware UTC datetime."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current time as an aware UTC datetime."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests: it says `at` until moved with `advance` or `set`."""

    at: datetime = field(default_factory=lambda: datetime(2026, 1, 5, 12, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """Return the fixed time."""
        return self.at

    def advance(self, **delta: float) -> None:
        """Move the clock forward by a timedelta's keyword arguments."""
        self.at = self.at + timedelta(**delta)

    def set(self, at: datetime) -> None:
        """Jump to `at` (must be aware)."""
        self.at = at


@dataclass(frozen=True)
class DayRule:
    """How instants map onto study days: a time zone and a rollover hour (0-23)."""

    zone: tzinfo = field(default_factory=lambda: ZoneInfo("UTC"))
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR

    def __post_init__(self) -> None:
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError(f"rollover hour must be 0-23, got {self.rollover_hour}")

    def study_day(self, instant: datetime) -> date:
        """The study day of an aware instant: its local date, shifted back by the rollover hour."""
        if instant.tzinfo is None:
            raise ValueError("study_day needs an aware datetime")
        local = instant.astimezone(self.zone)
        return (local.replace(tzinfo=None) - timedelta(hours=self.rollover_hour)).date()

    def day_start(self, day: date) -> datetime:
        """The UTC instant at which study day `day` begins (local rollover time on that date)."""
        local = datetime.combine(day, time(self.rollover_hour), tzinfo=self.zone)
        return local.astimezone(UTC)


def to_utc_text(instant: datetime) -> str:
    """Serialise an aware instant as ISO-8601 UTC text with a `Z`-free `+00:00` offset."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds")


def from_utc_text(text: str) -> datetime:
    """Parse text written by `to_utc_text` back into an aware UTC datetime."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
