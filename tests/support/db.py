"""Database helpers for tests: dumps of a collection file, consistency of the review chain, card ids, grading at a time."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Protocol

from flashcards.core.clock import FixedClock
from flashcards.core.models import GradeResult, Settings
from flashcards.services import StudyService


class HasCollectionFile(Protocol):
    """A service that names its collection file."""

    @property
    def db_path(self) -> Path: ...


def db_cards(study: HasCollectionFile) -> dict[str, tuple]:
    """key -> (deck, question, notes, tags, key_points, level, sources, topic, active) for every card."""
    conn = sqlite3.connect(study.db_path)
    try:
        rows = conn.execute(
            "SELECT c.key, d.name, c.question, c.notes, c.tags, c.key_points, c.level, c.sources, t.slug, c.active"
            " FROM card c JOIN deck d ON d.id = c.deck_id LEFT JOIN topic t ON t.id = c.topic_id"
        ).fetchall()
    finally:
        conn.close()
    return {
        r[0]: (r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])), r[6], r[7], r[8], bool(r[9]))
        for r in rows
    }


def db_dump(study: HasCollectionFile) -> list[tuple]:
    """Every row of the card, card_state, review, deck and topic tables, for before/after comparisons."""
    conn = sqlite3.connect(study.db_path)
    try:
        out = []
        for table in ("deck", "topic", "card", "card_state", "review"):
            out += [(table, *row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]  # noqa: S608
        return out
    finally:
        conn.close()


def write(path: Path, data: str | bytes) -> Path:
    """Write text (as UTF-8, newlines untouched) or bytes to `path` and return it."""
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_consistent(db: Path) -> int:
    """Integrity ok, every review chains onto the previous one of its card, states match the last review."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute(
            "SELECT card_id, repetitions_before, ef_before, interval_before, due_before, repeat_day_before,"
            " repetitions_after, ef_after, interval_after, due_after, repeat_day_after FROM review ORDER BY id"
        ).fetchall()
        last: dict[int, tuple] = {}
        for card_id, *states in rows:
            before, after = tuple(states[:5]), tuple(states[5:])
            assert before == last.get(card_id, (0, 250, 0, None, None)), f"card {card_id} graded twice from one state"
            last[card_id] = after
        for card_id, after in last.items():
            state = conn.execute(
                "SELECT repetitions, ef_x100, interval, due, repeat_day FROM card_state WHERE card_id = ?", (card_id,)
            ).fetchone()
            assert state == after
        return len(rows)
    finally:
        conn.close()


def card_id(service: StudyService, key: str) -> int:
    """The database id of the card with deck-file id `key`."""
    conn = sqlite3.connect(service.db_path)
    try:
        return conn.execute("SELECT id FROM card WHERE key = ?", (key,)).fetchone()[0]
    finally:
        conn.close()


def grade_at(service: StudyService, clock: FixedClock, key: str, grade: int, at: datetime, seconds: float = 10.0) -> GradeResult:
    """Grade card `key` with the clock set to `at` (an aware instant)."""
    clock.set(at)
    return service.grade(service.get_card(card_id(service, key)), grade, seconds)


def use_zone(service: StudyService, zone: str, rollover_hour: int = 4) -> None:
    """Store a time zone and rollover hour in the collection's settings."""
    service.save_settings(Settings(timezone=zone, rollover_hour=rollover_hour))
