"""Fixtures for the stats tests: small deck folders, fixed clocks, graded histories and a synthetic collection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.models import GradeResult, Settings
from flashcards.db.synth import generate
from flashcards.services import StudyService

SYNTH_TODAY = date(2026, 3, 10)
NASTY_TITLE = "[b]Bold[/b] x[i] [/] $var"


def card_text(n: int, topic: str) -> str:
    """One strict-valid card in the deck format."""
    return (
        f"## Question {topic} {n}?\nid: {topic}-{n:03d}\nlevel: basic\ntags: t\nsources: s\n\n"
        f"### Notes\nNotes for {topic} {n}.\n\n### Key points\n- one\n- two\n- three\n\n"
    )


def deck_text(deck: str, topic: str, count: int, role: str) -> str:
    """A strict-valid deck file with `count` cards."""
    head = f"---\ndeck: {deck}\nrole: {role}\ntopic: {topic}\ntopic_title: {topic.title()}\n---\n\n"
    return head + "".join(card_text(i, topic) for i in range(1, count + 1))


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    """ML Engineer › Alpha with 5 cards and Data Scientist › Beta with 3."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "mle-alpha.md").write_text(deck_text("ML Engineer", "alpha", 5, "mle"))
    (folder / "ds-beta.md").write_text(deck_text("Data Scientist", "beta", 3, "ds"))
    return folder


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def service(tmp_path: Path, decks_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[StudyService]:
    """A fresh collection in UTC with the rollover at 04:00."""
    monkeypatch.setenv("TZ", "UTC")
    svc = StudyService(tmp_path / "c.sqlite3", clock=clock, decks_dir=decks_dir)
    svc.open()
    yield svc
    svc.close()


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


@pytest.fixture(scope="session")
def synth_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic collection (seeded, history up to SYNTH_TODAY) with one topic title full of markup."""
    path = tmp_path_factory.mktemp("synth") / "synth.sqlite3"
    generate(path, cards=160, reviews=1500, seed=5, today=SYNTH_TODAY)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE topic SET title = ? WHERE id = 3", (NASTY_TITLE,))
        conn.execute("UPDATE card_state SET buried_until = ? WHERE card_id IN (1, 2)", ("2026-03-11",))
    conn.close()  # checkpoints the WAL, so copying the main file copies everything
    return path


@pytest.fixture
def synth_service(synth_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StudyService]:
    """A service on a copy of the synthetic collection, clock at noon UTC on SYNTH_TODAY, no bundled decks."""
    monkeypatch.setenv("TZ", "UTC")
    path = tmp_path / "synth.sqlite3"
    path.write_bytes(synth_template.read_bytes())
    empty = tmp_path / "no-decks"
    empty.mkdir()
    clock = FixedClock(datetime.combine(SYNTH_TODAY, datetime.min.time(), UTC).replace(hour=12))
    svc = StudyService(path, clock=clock, decks_dir=empty)
    yield svc
    svc.close()
