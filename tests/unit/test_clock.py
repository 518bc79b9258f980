"""Study days: rollover hour, time zones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flashcards.core.clock import DayRule, FixedClock, from_utc_text, to_utc_text

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_0330_counts_for_previous_day() -> None:
    rule = DayRule(BERLIN, 4)
    assert rule.study_day(datetime(2026, 3, 10, 3, 30, tzinfo=BERLIN)) == date(2026, 3, 9)
    assert rule.study_day(datetime(2026, 3, 10, 4, 0, tzinfo=BERLIN)) == date(2026, 3, 10)


def test_rollover_zero_is_midnight() -> None:
    rule = DayRule(BERLIN, 0)
    assert rule.study_day(datetime(2026, 3, 10, 0, 1, tzinfo=BERLIN)) == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        (BERLIN, datetime(2026, 3, 27, 12, tzinfo=UTC)),  # spring forward on 29 March
        (BERLIN, datetime(2026, 10, 23, 12, tzinfo=UTC)),  # fall back on 25 October
        (NEW_YORK, datetime(2026, 3, 6, 12, tzinfo=UTC)),  # 8 March
        (NEW_YORK, datetime(2026, 10, 30, 12, tzinfo=UTC)),  # 1 November
    ],
)
def test_dst_neither_skips_nor_doubles_a_day(zone: ZoneInfo, start: datetime) -> None:
    rule = DayRule(zone, 4)
    days = []
    t = start
    while t < start + timedelta(days=6):
        days.append(rule.study_day(t))
        t += timedelta(minutes=15)
    distinct = sorted(set(days))
    assert distinct == [distinct[0] + timedelta(days=i) for i in range(len(distinct))]
    assert len(distinct) in (6, 7)
    # each study day lasts 23, 24 or 25 hours of real time
    for day in distinct[1:-1]:
        hours = days.count(day) / 4
        assert hours in (23, 24, 25)
    assert any(days.count(d) / 4 != 24 for d in distinct[1:-1])


def test_day_start_is_the_local_rollover() -> None:
    rule = DayRule(BERLIN, 4)
    assert rule.day_start(date(2026, 7, 1)) == datetime(2026, 7, 1, 2, tzinfo=UTC)
    assert rule.study_day(rule.day_start(date(2026, 7, 1))) == date(2026, 7, 1)


def test_bad_rollover_and_naive_time_raise() -> None:
    with pytest.raises(ValueError):
        DayRule(BERLIN, 24)
    with pytest.raises(ValueError):
        DayRule().study_day(datetime(2026, 1, 1))


def test_fixed_clock_and_text_round_trip() -> None:
    clock = FixedClock(datetime(2026, 1, 5, 12, tzinfo=UTC))
    clock.advance(hours=1, seconds=1.5)
    assert clock.now() == datetime(2026, 1, 5, 13, 0, 1, 500000, tzinfo=UTC)
    assert from_utc_text(to_utc_text(clock.now())) == clock.now()
