"""Fixtures for the mock-interview tests: a role deck with basic, mid and senior cards over two topics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.services import Services

LEVELS = ("basic", "mid", "senior")


def level_card(topic: str, n: int, level: str, points: tuple[str, ...] = ("first", "second", "third")) -> str:
    """One strict-valid card of `level` with `points` as its key points."""
    bullets = "".join(f"- {p}\n" for p in points)
    return (
        f"## {topic.title()} question {n} ({level})?\nid: {topic}-{n:03d}\nlevel: {level}\ntags: t\nsources: s\n\n"
        f"### Notes\n**Answer:** the answer to {topic} {n}.\n\n### Key points\n{bullets}\n"
    )


def level_deck(deck: str, topic: str, count: int, role: str = "mle") -> str:
    """A deck file of `count` cards whose levels go basic, mid, senior, basic..."""
    head = f"---\ndeck: {deck}\nrole: {role}\ntopic: {topic}\ntopic_title: {topic.replace('-', ' ').title()}\n---\n\n"
    return head + "".join(level_card(topic, n, LEVELS[(n - 1) % 3]) for n in range(1, count + 1))


MOCK_DECKS = {
    "mle-serving.md": level_deck("ML Engineer", "serving", 6),
    "mle-ml-system-design.md": level_deck("ML Engineer", "ml-system-design", 3),
    "ds-stats.md": level_deck("Data Scientist", "stats", 3, role="ds"),
}


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
