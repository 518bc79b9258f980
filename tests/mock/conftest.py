"""Fixtures for the mock-interview tests: a role deck with basic, mid and senior cards over two topics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.services import Services
from tests.support.mock_decks import MOCK_DECKS


@pytest.fixture
def mock_decks(tmp_path: Path) -> Path:
    """The folder of MOCK_DECKS."""
    folder = tmp_path / "mock-decks"
    folder.mkdir()
    for name, text in MOCK_DECKS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def mock_clock() -> FixedClock:
    """Noon UTC on Mon 5 Jan 2026."""
    return FixedClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))


@pytest.fixture
def mock_services(tmp_path: Path, mock_decks: Path, mock_clock: FixedClock) -> Iterator[Services]:
    """Services over tmp_path/m.sqlite3 with MOCK_DECKS synced."""
    made = Services.open_path(tmp_path / "m.sqlite3", clock=mock_clock, decks_dir=mock_decks)
    made.bundled.open()
    yield made
    made.close()
