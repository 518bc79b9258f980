"""topic_count, kept by triggers, always equals a count of card_state: through grades, undo, suspend, bury,
imports, a bundled card removed from its file, and a repair after it was tampered with."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from flashcards.core.clock import FixedClock
from flashcards.db import reads
from flashcards.services import Services
from tests.support.decks import deck_text

BRUTE = {
    "total": "SELECT count(*) FROM card_state WHERE active",
    "new": "SELECT count(*) FROM card_state s WHERE s.due IS NULL AND " + reads._AVAILABLE,
    "suspended": "SELECT count(*) FROM card_state WHERE active AND suspended",
}


def _brute(services: Services) -> tuple[int, int, int]:
    today = services.collection.today().isoformat()
    with sqlite3.connect(services.collection.path) as conn:
        return tuple(conn.execute(sql, {"today": today}).fetchone()[0] for sql in BRUTE.values())  # type: ignore[return-value]


def _summed(services: Services) -> tuple[int, int, int]:
    decks = services.study.deck_summaries()
    return sum(d.total for d in decks), sum(d.new for d in decks), sum(d.suspended for d in decks)


def test_counts_follow_every_kind_of_change(services: Services, clock: FixedClock, tmp_path: Path, decks_dir: Path) -> None:
    rng = random.Random(11)
    study = services.study
    mine = tmp_path / "mine.md"
    mine.write_text(deck_text("Mine", "mine", 6))
    services.imports.import_paths([mine])
    graded: list[int] = []
    for step in range(60):
        item = study.next_card(extra_new=50)
        action = rng.choice(("grade", "grade", "grade", "suspend", "unsuspend", "bury", "unbury", "undo"))
        if action == "grade" and item is not None:
            graded.append(study.grade(item.card, rng.choice((0, 3, 4, 5))).review_id)
        elif action == "suspend" and item is not None:
            study.suspend(item.card.id)
        elif action == "unsuspend":
            with sqlite3.connect(services.collection.path) as conn:
                row = conn.execute("SELECT card_id FROM card_state WHERE suspended LIMIT 1").fetchone()
            if row:
                study.suspend(row[0], suspended=False)
        elif action == "bury" and item is not None:
            study.bury(item.card.id)
        elif action == "unbury" and item is not None:
            study.unbury(item.card.id)
        elif action == "undo" and graded:
            try:
                study.undo(graded.pop())
            except Exception:  # noqa: BLE001  (the card moved on since: undo refuses, counts must still hold)
                pass
        if step % 20 == 19:
            clock.advance(days=1)
        assert _summed(services) == _brute(services), (step, action)
    (decks_dir / "mle-alpha.md").write_text(deck_text("ML Engineer", "alpha", 3))  # two bundled cards removed
    services.bundled.open()
    assert _summed(services) == _brute(services)
    assert services.maintenance.check().problems == ()


def test_tampered_counts_are_found_and_repaired(services: Services) -> None:
    with sqlite3.connect(services.collection.path) as conn:
        conn.execute("UPDATE topic_count SET total = total + 5, new_open = 0")
    report = services.maintenance.check()
    assert any("topics whose card counts differ" in p for p in report.problems)
    services.maintenance.check(repair=True)
    assert services.maintenance.check().problems == ()
    services.collection.close()
    assert _summed(services) == _brute(services)


def test_a_bulk_import_rebuilds_the_counts_and_keeps_the_triggers(services: Services, tmp_path: Path) -> None:
    rows = tmp_path / "bulk.csv"
    rows.write_text("".join(f"question {i},answer {i}\n" for i in range(3_000)))
    services.imports.import_paths([rows], deck="Bulk")
    assert _summed(services) == _brute(services)
    with sqlite3.connect(services.collection.path) as conn:
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'")}
    assert {"topic_count_insert", "topic_count_delete", "topic_count_update"} <= triggers
    services.study.grade(services.study.next_card(extra_new=10).card, 5)  # the triggers work after it
    assert _summed(services) == _brute(services)
    assert services.maintenance.check().problems == ()
