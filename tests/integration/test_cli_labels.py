"""The CLI says what its numbers mean, agrees with the study app, and reports a missing backup in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.services import Services
from tests.support.cli import run


def test_decks_labels_unseen_and_new_today_apart(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run(["decks"], capsys)
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:5] == ["deck", "cards", "unseen", "new", "today"]
    ml = next(line for line in out.splitlines() if line.startswith("ML Engineer"))
    numbers = [int(x) for x in ml.split()[2:]]
    cards, unseen, new_today = numbers[0], numbers[1], numbers[2]
    assert unseen == cards and new_today == 20  # the default limit of 20 new cards a day, as home shows
    assert "new today: what today's limit (20 a day) still lets you start" in out


def test_restore_of_a_missing_backup_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = run(["restore", "/missing/backup.sqlite3"], capsys)
    assert code == 1
    assert err.strip() == "flashcards: /missing/backup.sqlite3: does not exist; `flashcards restore` lists the backups"


def test_decks_topics_lists_every_topic_under_its_deck(services: Services, capsys: pytest.CaptureFixture[str]) -> None:
    path = services.collection.path
    services.close()
    code, out, _ = run(["--db", str(path), "decks", "--topics"], capsys)
    lines = out.splitlines()
    assert code == 0
    deck_line = next(i for i, line in enumerate(lines) if line.startswith("ML Engineer"))
    under = [line.split() for line in lines[deck_line + 1:] if line.startswith("  ")]
    assert ["llm-inference", "14", "14", "0"] in under and ["rag", "14", "14", "0"] in under
