"""Nothing lost: SIGKILL during a review session, and two processes grading one collection."""

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

from flashcards.core.models import Settings
from flashcards.services import Services
from tests.support.db import assert_consistent
from tests.support.decks import deck_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def big_collection(tmp_path: Path) -> tuple[Path, Path]:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "mle-crash.md").write_text(deck_text("ML Engineer", "crash", 400))
    db = tmp_path / "c.sqlite3"
    services = Services.open_path(db, decks_dir=decks)
    services.bundled.open()
    services.study.save_settings(Settings(new_per_day=5000, reviews_per_day=5000))
    services.close()
    return db, decks


def grader(db: Path, decks: Path, count: int, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration._grader", str(db), str(decks), str(count), str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_never_loses_a_confirmed_grade(big_collection: tuple[Path, Path]) -> None:
    db, decks = big_collection
    rng = random.Random(7)
    confirmed: set[int] = set()
    for round_ in range(12):
        proc = grader(db, decks, 10_000, seed=round_)
        wanted = rng.randint(1, 25)
        seen = 0
        assert proc.stdout is not None
        while seen < wanted:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            if line.startswith("ok "):
                confirmed.add(int(line.split()[1]))
                seen += 1
        time.sleep(rng.random() * 0.02)  # die at a random point, often mid-transaction
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        confirmed |= {int(line.split()[1]) for line in out.splitlines() if line.startswith("ok ")}
        assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT id FROM review")}
    assert confirmed <= stored
    assert assert_consistent(db) == len(stored)


def test_two_processes_grade_at_once_without_loss_or_double_grades(big_collection: tuple[Path, Path]) -> None:
    db, decks = big_collection
    procs = [grader(db, decks, 60, seed) for seed in (1, 2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in out + err
    ok = [line for out, _ in outputs for line in out.splitlines() if line.startswith("ok ")]
    assert len(ok) == 120
    assert assert_consistent(db) == 120
