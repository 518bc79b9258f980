"""Imports into a real SQLite collection: preview = result, dry run, idempotence, updates keep progress, all-or-nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from flashcards.core.deck_format import parse_deck
from flashcards.core.errors import DatabaseError, DeckFormatError, FlashcardsError
from flashcards.db.reads import Scope
from flashcards.importers.keys import question_key
from flashcards.importers.markdown import deck_to_import
from flashcards.services import Services, StudyService
from flashcards.services.imports import ImportService
from tests.support.data import FIXTURES, MP3_NAME, PNG_NAME
from tests.support.db import db_cards, db_dump, write

CSV = "Front,Back,Tags\nWhat is overfitting?,Fitting noise,ml\nWhat is AUC?,Area under the ROC curve,metrics eval\n"


def test_question_key_matches_deck_sync(tmp_path: Path) -> None:
    """Cards without ids get the same identity from every importer as from the deck-file sync."""
    deck = parse_deck("---\ndeck: Deck\n---\n\n## What is  AUC? \n### Notes\nx\n", "deck.md")
    assert deck_to_import(deck, "bundled:deck.md").cards[0].key == question_key("Deck", "What is AUC?")


def test_preview_then_import_gives_the_previewed_counts(
    importer: ImportService, study: StudyService, tmp_path: Path
) -> None:
    path = write(tmp_path / "cards.csv", CSV)
    prepared = importer.prepare([path])
    assert [(f.new, f.updated, f.unchanged, f.decks) for f in prepared.preview.files] == [(2, 0, 0, ("cards",))]
    assert db_cards(study) == {}
    done = importer.commit(prepared)
    assert done.written and done.summary() == "2 new, 0 updated, 0 unchanged, 0 skipped, 0 error(s)"
    key = question_key("cards", "What is AUC?")
    assert db_cards(study)[key] == (
        "cards",
        "What is AUC?",
        "Area under the ROC curve",
        ("metrics", "eval"),
        (),
        None,
        "",
        None,
        True,
    )


def test_dry_run_writes_nothing(
    importer: ImportService, study: StudyService, empty_services: Services, tmp_path: Path
) -> None:
    before = db_dump(study)
    preview = importer.import_paths([write(tmp_path / "c.csv", CSV)], dry_run=True)
    assert preview.total("new") == 2 and not preview.written
    assert db_dump(study) == before and not empty_services.maintenance.backups()


def test_reimport_changes_nothing(importer: ImportService, study: StudyService, tmp_path: Path) -> None:
    paths = [write(tmp_path / "c.csv", CSV), FIXTURES / "anki_modern.apkg"]
    importer.import_paths(paths, with_history=True)
    before = db_dump(study)
    again = importer.import_paths(paths, with_history=True)
    assert again.summary() == "0 new, 0 updated, 12 unchanged, 0 skipped, 0 error(s)"
    assert db_dump(study) == before


def test_edited_file_updates_text_and_keeps_progress(
    importer: ImportService, study: StudyService, tmp_path: Path
) -> None:
    path = write(tmp_path / "c.csv", CSV)
    importer.import_paths([path])
    card = next(c for c in study.practice_cards(Scope(), 100) if c.question == "What is AUC?")
    result = study.grade(card, 5)
    write(path, CSV.replace("Area under the ROC curve", "Area under the ROC curve (0.5 = chance)"))
    preview = importer.import_paths([path])
    assert [(f.new, f.updated, f.unchanged) for f in preview.files] == [(0, 1, 1)]
    after = study.get_card(card.id)
    assert after.notes == "Area under the ROC curve (0.5 = chance)"
    assert after.state == result.state


def test_a_bad_file_imports_nothing(importer: ImportService, study: StudyService, tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", CSV)
    bad = write(tmp_path / "bad.csv", "Q,A\nQ2\n")
    before = db_dump(study)
    prepared = importer.prepare([good, bad])
    assert prepared.preview.errors == (f"{bad}:2: missing fields: 1 field(s), needs at least 2 (question and answer)",)
    assert prepared.preview.files[0].new == 2
    with pytest.raises(DeckFormatError):
        importer.commit(prepared)
    with pytest.raises(DeckFormatError, match="bad.csv:2: missing fields"):
        importer.import_paths([good, bad])
    assert db_dump(study) == before


def test_a_failure_while_writing_rolls_everything_back(
    importer: ImportService, study: StudyService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashcards.db import import_writes

    def boom(conn: sqlite3.Connection, plan: object) -> None:
        conn.execute("INSERT INTO deck (name, source, created_at) VALUES ('half', 'import', 'now')")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(import_writes, "_write", boom)
    before = db_dump(study)
    with pytest.raises(DatabaseError, match="disk I/O error"):  # reported as a message, not a traceback
        importer.import_paths([write(tmp_path / "c.csv", CSV)])
    assert db_dump(study) == before


def test_anki_import_with_history_writes_states_and_reviews(importer: ImportService, study: StudyService) -> None:
    importer.import_paths([FIXTURES / "anki_modern.apkg"], with_history=True)
    conn = sqlite3.connect(study.db_path)
    state = conn.execute(
        "SELECT s.repetitions, s.ef_x100, s.interval, s.due, s.lapses, s.suspended, s.last_review_at FROM card_state s"
        " JOIN card c ON c.id = s.card_id WHERE c.key = 'anki-hist-review'"
    ).fetchone()
    assert state == (2, 245, 5, "2026-01-20", 1, 0, "2026-01-15T08:00:00.000+00:00")
    suspended = conn.execute(
        "SELECT s.suspended FROM card_state s JOIN card c ON c.id = s.card_id WHERE c.key = 'anki-hist-suspended'"
    )
    assert suspended.fetchone() == (1,)
    reviews = conn.execute(
        "SELECT r.study_day, r.grade, r.kind, r.due_before, r.due_after FROM review r JOIN card c ON c.id = r.card_id"
        " WHERE c.key = 'anki-hist-review' ORDER BY r.id"
    ).fetchall()
    conn.close()
    assert reviews[0] == ("2026-01-10", 4, "review", None, "2026-01-10")
    assert reviews[-1] == ("2026-01-15", 5, "review", "2026-01-15", "2026-01-20")
    assert len(reviews) == 6
    media = study.db_path.parent / "media"
    assert sorted(p.name for p in media.iterdir()) == sorted([PNG_NAME, MP3_NAME])


def test_history_never_overwrites_newer_local_progress(importer: ImportService, study: StudyService) -> None:
    importer.import_paths([FIXTURES / "anki_modern.apkg"])
    card = next(c for c in study.practice_cards(Scope(), 100) if c.key == "anki-hist-review")
    mine = study.grade(card, 4).state
    preview = importer.import_paths([FIXTURES / "anki_modern.apkg"], with_history=True)
    assert study.get_card(card.id).state == mine
    assert preview.total("reviews") == 10
    assert importer.import_paths([FIXTURES / "anki_modern.apkg"], with_history=True).total("reviews") == 0


def test_same_guid_from_text_export_and_package_is_one_card(importer: ImportService, study: StudyService) -> None:
    """Identity: Anki's 'Notes in Plain Text' and the .apkg of the same notes give the same cards."""
    importer.import_paths([FIXTURES / "anki_notes.txt"])
    preview = importer.import_paths([FIXTURES / "anki_legacy.apkg"])
    assert [(f.new, f.updated, f.unchanged) for f in preview.files] == [(3, 1, 6)]  # media-1 gains its stored media
    assert len(db_cards(study)) == 10


def test_markdown_import_and_removed_cards_are_hidden(
    importer: ImportService, study: StudyService, tmp_path: Path
) -> None:
    text = (
        "---\ndeck: Mine\ntopic: stats\ntopic_title: Statistics\n---\n\n"
        "## Q1?\nid: m-1\n\n### Notes\nA1\n\n## Q2?\n\n### Notes\nA2\n"
    )
    path = write(tmp_path / "mine.md", text)
    importer.import_paths([path])
    assert db_cards(study)["m-1"] == ("Mine", "Q1?", "A1", (), (), None, "", "stats", True)
    preview = importer.import_paths([write(path, text.split("## Q2?")[0])])
    assert preview.files[0].removed == (question_key("Mine", "Q2?"),)
    assert db_cards(study)[question_key("Mine", "Q2?")][-1] is False


def test_same_card_twice_in_one_import_is_skipped(importer: ImportService, tmp_path: Path) -> None:
    a, b = write(tmp_path / "a.csv", CSV), write(tmp_path / "b.csv", CSV)
    preview = importer.import_paths([a, b], deck="One")
    assert [(s.record, s.reason) for s in preview.files[1].skipped][0] == (
        "line 2",
        f"same card as {a} line 2 in this import",
    )


def test_missing_path_is_an_error(importer: ImportService, tmp_path: Path) -> None:
    prepared = importer.prepare([tmp_path / "nope.csv"])
    assert prepared.preview.errors == (f"{tmp_path / 'nope.csv'}: no such file or folder",)


def test_study_day_of_imported_history_uses_the_day_rule(importer: ImportService, study: StudyService) -> None:
    importer.import_paths([FIXTURES / "anki_modern.apkg"], with_history=True)
    learning = next(c for c in study.practice_cards(Scope(), 100) if c.key == "anki-hist-learning")
    assert learning.state.due == date(2026, 1, 16)


def test_large_imports_scan_instead_of_key_lookups(
    importer: ImportService, study: StudyService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above a threshold the existing cards are found with one scan; the outcome is the same."""
    from flashcards.db import import_writes

    monkeypatch.setattr(import_writes, "_SCAN_ABOVE", 0)
    path = write(tmp_path / "c.csv", CSV)
    importer.import_paths([path])
    write(path, CSV.replace("Fitting noise", "Fitting the noise"))
    assert importer.import_paths([path]).summary() == "0 new, 1 updated, 1 unchanged, 0 skipped, 0 error(s)"


def test_parsers_import_neither_orm_nor_ui() -> None:
    """The importers are pure parsers: no SQLModel, SQLAlchemy or Textual."""
    import subprocess
    import sys

    code = (
        "import sys, flashcards.importers.dispatch, flashcards.importers.anki, flashcards.importers.delimited, "
        "flashcards.importers.markdown, flashcards.importers.exports; print(' '.join(sys.modules))"
    )
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not {"sqlmodel", "sqlalchemy", "textual"} & loaded


def _md(deck: str, cards: list[tuple[str, str]]) -> str:
    body = "".join(f"## {q}\nid: {cid}\n\n### Notes\nNotes for {q}\n\n" for cid, q in cards)
    return f"---\ndeck: {deck}\n---\n\n{body}"


def test_card_moved_between_files_of_one_import_stays_active(
    importer: ImportService, study: StudyService, empty_services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    write(folder / "a.md", _md("Mine", [("c1", "One?"), ("c2", "Two?")]))
    write(folder / "b.md", _md("Mine", [("c3", "Three?"), ("c4", "Four?")]))
    importer.import_paths([folder])
    write(folder / "a.md", _md("Mine", [("c1", "One?"), ("c2", "Two?"), ("c3", "Three?")]))
    write(folder / "b.md", _md("Mine", [("c4", "Four?")]))
    preview = importer.import_paths([folder])
    assert all(not f.removed for f in preview.files)
    with sqlite3.connect(study.db_path) as conn:
        assert conn.execute(
            "SELECT c.active, s.active, c.source_file LIKE '%a.md' FROM card c JOIN card_state s ON s.card_id = c.id"
            " WHERE c.key = 'c3'"
        ).fetchone() == (1, 1, 1)
    assert empty_services.maintenance.check().problems == ()


def test_undo_after_importing_history_takes_back_todays_own_grade(
    importer: ImportService, study: StudyService, tmp_path: Path
) -> None:
    importer.import_paths([write(tmp_path / "c.csv", CSV)])
    card = study.next_card().card
    graded = study.grade(card, 5)
    importer.import_paths([FIXTURES / "anki_modern.apkg"], with_history=True)
    assert study.undo(graded.review_id).id == card.id
    assert study.get_card(card.id).state.is_new


def test_export_to_an_unwritable_place_is_a_message(importer: ImportService, tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "x")
    with pytest.raises(FlashcardsError):
        importer.export_reviews(blocker / "sub" / "r.csv")


def test_a_bulk_import_indexes_every_new_card_once_and_keeps_the_triggers(
    importer: ImportService, study: StudyService, tmp_path: Path
) -> None:
    """Past topic_counts.BULK_ROWS new cards, the search index, card_tag and card_state are filled by one
    statement each (insert triggers dropped, then recreated): they must match the cards exactly, and a later
    small import must again go through the triggers."""
    from flashcards.db import search_index, topic_counts

    importer.import_paths([write(tmp_path / "small.csv", CSV)])
    rows = topic_counts.BULK_ROWS + 500
    big = "Front,Back,Tags\n" + "".join(
        f"Bulk question {i} zebra{i % 7},Answer {i},t{i % 3} Bulk\n" for i in range(rows)
    )
    done = importer.import_paths([write(tmp_path / "big.csv", big)])
    assert done.total("new") == rows
    importer.import_paths([write(tmp_path / "after.csv", "Front,Back,Tags\nLate quokka question,Late answer,late\n")])
    with sqlite3.connect(importer.db_path) as conn:
        assert search_index.problems(conn) == 0
        triggers = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"card_fts_insert", "card_tag_insert", *topic_counts.TRIGGER_NAMES} <= triggers
        hits = conn.execute("SELECT count(*) FROM card_fts WHERE card_fts MATCH 'zebra3'").fetchone()[0]
        assert hits == len(range(3, rows, 7))
        assert conn.execute("SELECT count(*) FROM card_fts WHERE card_fts MATCH 'quokka'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM card_tag WHERE tag = 'bulk'").fetchone()[0] == rows
        assert conn.execute("SELECT count(*) FROM card_tag WHERE tag = 'late'").fetchone()[0] == 1
        states = conn.execute(
            "SELECT count(*) FROM card c JOIN card_state s ON s.card_id = c.id WHERE s.deck_id = c.deck_id"
            " AND s.new_order = c.position AND s.active AND s.due IS NULL AND s.repetitions = 0 AND s.ef_x100 = 250"
            " AND NOT s.suspended"
        ).fetchone()[0]
        assert states == conn.execute("SELECT count(*) FROM card").fetchone()[0] == rows + 3


def test_each_file_keeps_its_own_path_and_the_import_time_even_with_quotes_in_the_name(
    importer: ImportService, tmp_path: Path
) -> None:
    """Card rows are written by one statement per file with the file's path and the import's time spelled into
    the SQL: a quote in a file name must come back exactly, and each file's cards name their own file."""
    odd = write(tmp_path / "it's a \"quoted\" name.csv", CSV)
    plain = write(tmp_path / "plain.csv", "Front,Back\nWhat is a quokka?,A marsupial\n")
    done = importer.import_paths([odd, plain])
    assert done.total("new") == 3
    with sqlite3.connect(importer.db_path) as conn:
        rows = conn.execute("SELECT source_file, created_at, updated_at FROM card ORDER BY id").fetchall()
    now = importer.collection.now_text()
    assert rows == [(f"file:{odd.resolve()}", now, now)] * 2 + [(f"file:{plain.resolve()}", now, now)]


def test_an_import_leaves_its_connection_checkpointing_as_before(importer: ImportService, tmp_path: Path) -> None:
    """The import commits without SQLite's automatic checkpoint (a background thread copies the WAL back);
    the pooled connection it used must get the setting back, and the cards are in the file for any reader."""
    importer.import_paths([write(tmp_path / "cards.csv", CSV)])
    with importer.collection.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 1000
    with sqlite3.connect(importer.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM card").fetchone()[0] == 2
