"""Shared fixtures: a private data dir and UTC for every test, a fixed clock, a small deck folder and services on a
real SQLite file in tmp_path, an empty collection for import tests, and the synthetic collection for stats tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.db.synth import generate
from flashcards.services import Services, StudyService
from flashcards.services.imports import ImportService
from tests.support.data import NASTY_TITLE, SYNTH_TODAY
from tests.support.decks import deck_text


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FLASHCARDS_HOME in tmp_path and TZ=UTC, so no test touches the real data dir or depends on the machine's zone."""
    monkeypatch.setenv("FLASHCARDS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", "UTC")
    return tmp_path / "home"


@pytest.fixture
def clock() -> FixedClock:
    """Noon UTC on Tue 10 Mar 2026 until moved."""
    return FixedClock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    """ML Engineer › Alpha with 5 cards and Data Scientist › Beta with 3."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "mle-alpha.md").write_text(deck_text("ML Engineer", "alpha", 5))
    (folder / "ds-beta.md").write_text(deck_text("Data Scientist", "beta", 3, role="ds"))
    return folder


@pytest.fixture
def services(tmp_path: Path, decks_dir: Path, clock: FixedClock) -> Iterator[Services]:
    """Services over tmp_path/c.sqlite3 with the deck folder synced (rollover at 04:00 UTC)."""
    made = Services.open_path(tmp_path / "c.sqlite3", clock=clock, decks_dir=decks_dir)
    made.bundled.open()
    yield made
    made.close()


@pytest.fixture
def service(services: Services) -> StudyService:
    """The study service of `services`."""
    return services.study


@pytest.fixture
def empty_services(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services over an empty collection (no bundled decks) at tmp_path/home/collection.sqlite3."""
    no_decks = tmp_path / "no-decks"
    no_decks.mkdir()
    made = Services.open_path(tmp_path / "home" / "collection.sqlite3", clock=clock, decks_dir=no_decks)
    made.bundled.open()
    yield made
    made.close()


@pytest.fixture
def study(empty_services: Services) -> StudyService:
    """The study service of the empty collection."""
    return empty_services.study


@pytest.fixture
def importer(empty_services: Services) -> ImportService:
    """The import service of the empty collection."""
    return empty_services.imports


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
def synth_services(synth_template: Path, tmp_path: Path) -> Iterator[Services]:
    """Services on a copy of the synthetic collection, clock at noon UTC on SYNTH_TODAY, no bundled decks."""
    path = tmp_path / "synth.sqlite3"
    path.write_bytes(synth_template.read_bytes())
    empty = tmp_path / "no-decks"
    empty.mkdir()
    clock = FixedClock(datetime.combine(SYNTH_TODAY, datetime.min.time(), UTC).replace(hour=12))
    made = Services.open_path(path, clock=clock, decks_dir=empty)
    yield made
    made.close()


@pytest.fixture
def synth_service(synth_services: Services) -> StudyService:
    """The study service of the synthetic collection."""
    return synth_services.study
