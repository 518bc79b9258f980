"""SIGKILL at random moments of a backup, an import and a migration: never a partial result, never a
backup that is not one, and the next start works."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flashcards.db import maintenance
from flashcards.services import Services
from tests.support.db import assert_consistent
from tests.support.decks import deck_text

from .test_store import v1_collection

ROOT = Path(__file__).resolve().parents[2]
BACKUP_LOOP = (
    "import sys; from pathlib import Path; from datetime import datetime, timedelta; "
    "from flashcards.db.maintenance import make_backup\n"
    "t = datetime(2026, 1, 1)\n"
    "for i in range(10_000):\n"
    "    print(make_backup(Path(sys.argv[1]), 'manual', t + timedelta(seconds=i)), flush=True)\n"
)


@pytest.fixture
def collection(tmp_path: Path) -> tuple[Path, Path]:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mle-kill.md").write_text(deck_text("ML Engineer", "kill", 800))
    db = tmp_path / "c.sqlite3"
    services = Services.open_path(db, decks_dir=decks)
    services.bundled.open()
    services.close()
    return db, decks


def test_a_backup_killed_mid_copy_is_never_listed_as_a_backup(collection: tuple[Path, Path]) -> None:
    db, _ = collection
    rng = random.Random(3)
    confirmed: set[Path] = set()
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", BACKUP_LOOP, str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 3)):
            confirmed.add(Path(proc.stdout.readline().strip()))
        time.sleep(rng.random() * 0.03)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
    listed = maintenance.list_backups(db)
    assert confirmed <= {b.path for b in listed}
    assert [b.path for b in listed if maintenance.backup_problem(b)] == []
    assert all(b.cards == 800 for b in listed)


def test_an_import_killed_at_any_moment_leaves_all_or_nothing(collection: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = collection
    rows = tmp_path / "big.csv"
    rows.write_text("".join(f"question {i},answer {i}\n" for i in range(10_000)))
    rng = random.Random(5)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "flashcards", "--db", str(db), "import", str(rows), "--deck", "Big"],
            cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        time.sleep(0.3 + rng.random())
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        with sqlite3.connect(db) as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM card JOIN deck ON deck.id = card.deck_id WHERE deck.name = 'Big'"
            ).fetchone()
        assert count in (0, 10_000)
        assert assert_consistent(db) >= 0
        if count:
            break


def test_a_migration_killed_at_any_moment_completes_on_the_next_start(tmp_path: Path) -> None:
    rng = random.Random(9)
    for round_ in range(6):
        folder = tmp_path / f"r{round_}"
        folder.mkdir()
        path = v1_collection(folder)
        proc = subprocess.Popen(
            [sys.executable, "-m", "flashcards", "--db", str(path), "decks"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        time.sleep(0.2 + rng.random() * 0.8)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        services = Services.open_path(path)
        services.bundled.open()
        assert services.study.get_card(1).question == "Old question?"
        assert [r.grade for r in services.study.card_history(1)] == [3]
        services.close()
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
