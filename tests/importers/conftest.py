"""Fixtures for import/export tests: a service on an empty collection in tmp_path, fixture paths, card dumps."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.services import StudyService
from flashcards.services.imports import ImportService

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anki"
PNG_NAME = "5d174f36cabae248a81d6540.png"
MP3_NAME = "0d321d610dc932c205c62ce6.mp3"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def study(tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> StudyService:
    monkeypatch.setenv("TZ", "UTC")
    no_decks = tmp_path / "no-decks"
    no_decks.mkdir()
    svc = StudyService(tmp_path / "home" / "collection.sqlite3", clock=clock, decks_dir=no_decks)
    svc.open()
    yield svc
    svc.close()


@pytest.fixture
def importer(study: StudyService) -> ImportService:
    return ImportService(study)


def db_cards(study: StudyService) -> dict[str, tuple]:
    """key -> (deck, question, notes, tags, key_points, level, sources, topic, active) for every card."""
    conn = sqlite3.connect(study.db_path)
    try:
        rows = conn.execute(
            "SELECT c.key, d.name, c.question, c.notes, c.tags, c.key_points, c.level, c.sources, t.slug, c.active"
            " FROM card c JOIN deck d ON d.id = c.deck_id LEFT JOIN topic t ON t.id = c.topic_id"
        ).fetchall()
    finally:
        conn.close()
    import json

    return {
        r[0]: (r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])), r[6], r[7], r[8], bool(r[9]))
        for r in rows
    }


def db_dump(study: StudyService) -> list[tuple]:
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
