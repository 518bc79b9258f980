"""Intervals and due dates outside the calendar (issue 16 item 5): clamped on import and in SM-2, found
and repaired by `check`, and never an OverflowError when the card comes up."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path

from flashcards.core.clock import FixedClock
from flashcards.core.sm2 import MAX_INTERVAL_DAYS, Sm2State, review
from flashcards.services import Services
from tests.support.data import FIXTURES


def test_sm2_caps_the_interval_and_says_so() -> None:
    state = Sm2State(repetitions=5, ef_x100=250, interval=2_000_000, due=date(2026, 3, 10))
    outcome = review(state, 5, date(2026, 3, 10))
    assert outcome.state.interval == MAX_INTERVAL_DAYS
    assert outcome.state.due == date(2026, 3, 10) + timedelta(days=36_500)
    assert "capped at 36500" in outcome.explanation


def _package_with_huge_interval(tmp_path: Path) -> Path:
    with zipfile.ZipFile(FIXTURES / "anki_legacy.apkg") as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    col = tmp_path / "col.anki21"
    col.write_bytes(members["collection.anki21"])
    with sqlite3.connect(col) as conn:
        changed = conn.execute("UPDATE cards SET ivl = 2000000, due = 0 WHERE type = 2").rowcount
        conn.execute("UPDATE revlog SET ivl = 2000000, lastIvl = 2000000")
    assert changed
    members["collection.anki21"] = col.read_bytes()
    out = tmp_path / "huge.apkg"
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out


def test_an_imported_huge_interval_studies_without_overflow(services: Services, clock: FixedClock, tmp_path: Path) -> None:
    services.imports.import_paths([_package_with_huge_interval(tmp_path)], with_history=True)
    with sqlite3.connect(services.collection.path) as conn:
        assert conn.execute("SELECT max(interval) FROM card_state").fetchone()[0] <= MAX_INTERVAL_DAYS
    graded = 0
    while (item := services.study.next_card(extra_new=100)) is not None and graded < 50:
        services.study.preview(item.card)
        services.study.grade(item.card, 5)
        graded += 1
    assert graded > 0
    assert services.maintenance.check().ok


def test_check_finds_and_repairs_out_of_range_dates(services: Services, clock: FixedClock) -> None:
    path = services.collection.path
    with sqlite3.connect(path) as conn:
        ids = [r[0] for r in conn.execute("SELECT card_id FROM card_state LIMIT 3")]
        conn.execute("UPDATE card_state SET interval = 2000000, due = '9999-12-31', repetitions = 4 WHERE card_id = ?", (ids[0],))
        conn.execute("UPDATE card_state SET due = 'not a date', repetitions = 2, interval = 6 WHERE card_id = ?", (ids[1],))
    report = services.maintenance.check()
    assert any("interval outside 0-36500" in p for p in report.problems)
    assert any("due date that is not a date" in p for p in report.problems)
    repaired = services.maintenance.check(repair=True)
    assert repaired.repaired and services.maintenance.check().problems == ()
    for card_id in ids[:2]:
        card = services.study.get_card(card_id)
        assert card.state.interval <= MAX_INTERVAL_DAYS and card.state.due is not None
        services.study.preview(card)
