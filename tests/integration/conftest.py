"""Fixtures: a small deck folder, a fixed clock and a service on a real SQLite file in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.services import StudyService


def card_text(n: int, topic: str = "alpha", question: str | None = None, notes: str | None = None) -> str:
    """One strict-valid card in the deck format."""
    return (
        f"## {question or f'Question {topic} {n}?'}\nid: {topic}-{n:03d}\nlevel: basic\ntags: t\nsources: s\n\n"
        f"### Notes\n{notes or f'Notes for {topic} {n}.'}\n\n### Key points\n- one\n- two\n- three\n\n"
    )


def deck_text(deck: str, topic: str, count: int, role: str = "mle") -> str:
    """A strict-valid deck file with `count` cards."""
    head = f"---\ndeck: {deck}\nrole: {role}\ntopic: {topic}\ntopic_title: {topic.title()}\n---\n\n"
    return head + "".join(card_text(i, topic) for i in range(1, count + 1))


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "mle-alpha.md").write_text(deck_text("ML Engineer", "alpha", 5))
    (folder / "ds-beta.md").write_text(deck_text("Data Scientist", "beta", 3, role="ds"))
    return folder


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def service(tmp_path: Path, decks_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> StudyService:
    monkeypatch.setenv("TZ", "UTC")
    svc = StudyService(tmp_path / "c.sqlite3", clock=clock, decks_dir=decks_dir)
    svc.open()
    yield svc
    svc.close()
