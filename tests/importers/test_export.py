"""Exports: deck -> Markdown -> import into an empty collection gives identical cards; review log CSV; backup."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.errors import FlashcardsError, NotFoundError
from flashcards.db.export_reads import REVIEW_COLUMNS
from flashcards.services import Services, StudyService
from flashcards.services.imports import ImportService
from tests.support.data import FIXTURES
from tests.support.db import db_cards, write

NASTY = (
    "---\ndeck: Nasty [b]deck[/b]\nrole: mle\ntopic: odd\ntopic_title: Odd & [/] titles\ndescription: x[i]\n---\n\n"
    "## Cafe\u0301 x[i] [/] \U0001f469\u200d\U0001f4bb $var?\nid: nasty-1\nlevel: senior\ntags: a::b, [c]\nsources: Book [1]\n\n"
    "### Notes\n**Answer:** use `x[i]`.\n\n```python\n## not a heading inside a fence\nprint('[/]')\n```\n\n#### Sub\ntext\n\n"
    "### Key points\n- one [b]\n- two\n  continued\n\n"
    "## Plain question without id?\n\n### Notes\nA\n"
)


def _fresh(tmp_path: Path, name: str) -> ImportService:
    folder = tmp_path / f"{name}-decks"
    folder.mkdir()
    services = Services.open_path(
        tmp_path / name / "c.sqlite3", clock=FixedClock(datetime(2026, 3, 10, 12, tzinfo=UTC)), decks_dir=folder
    )
    services.bundled.open()
    return services.imports


@pytest.mark.parametrize("source", ["nasty.md", "anki_modern.apkg", "anki_notes.txt", "cards.csv"])
def test_round_trip_export_import_gives_identical_cards(
    importer: ImportService, study: StudyService, tmp_path: Path, source: str
) -> None:
    if source == "nasty.md":
        path = write(tmp_path / source, NASTY)
    elif source == "cards.csv":
        path = write(
            tmp_path / source, 'question,answer,tags,level,key points\nQ "1"?,"multi\nline",x y,basic,"- a\n- b"\n'
        )
    else:
        path = FIXTURES / source
    importer.import_paths([path])
    original = db_cards(study)
    other = _fresh(tmp_path, "other")
    for deck in sorted({value[0] for value in original.values()}):
        report = importer.export_deck(deck, tmp_path / "out" / deck.replace(":", "_"))
        assert report.warnings == ()
        other.import_paths([tmp_path / "out" / deck.replace(":", "_")])
    assert db_cards(other) == original
    other.collection.close()


def test_single_file_export_reads_back_byte_for_byte(importer: ImportService, tmp_path: Path) -> None:
    importer.import_paths([write(tmp_path / "nasty.md", NASTY)])
    report = importer.export_deck("Nasty [b]deck[/b]", tmp_path / "out.md")
    assert (report.cards, report.files) == (2, 1)
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "## Cafe\u0301 x[i] [/] \U0001f469\u200d\U0001f4bb $var?\nid: nasty-1\n" in text
    assert "id: q-" in text


def test_cards_the_format_cannot_hold_are_adjusted_with_a_warning(importer: ImportService, tmp_path: Path) -> None:
    importer.import_paths(
        [write(tmp_path / "c.csv", '"two\nlines","## looks like a card\n### and a section"\n')], deck="D"
    )
    report = importer.export_deck("D", tmp_path / "d.md")
    assert len(report.warnings) == 1 and "changed to fit the deck format (question, notes)" in report.warnings[0]
    text = (tmp_path / "d.md").read_text()
    assert "## two lines\n" in text and "\\## looks like a card\n\\### and a section" in text


def test_multi_topic_deck_needs_a_folder(importer: ImportService, tmp_path: Path) -> None:
    for topic in ("one", "two"):
        write(tmp_path / f"{topic}.md", f"---\ndeck: D\ntopic: {topic}\n---\n\n## Q {topic}?\n\n### Notes\nA\n")
    importer.import_paths([tmp_path / "one.md", tmp_path / "two.md"])
    with pytest.raises(FlashcardsError, match="has 2 topics; give a folder"):
        importer.export_deck("D", tmp_path / "d.md")
    report = importer.export_deck("d", tmp_path / "folder")
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["one.md", "two.md"] and report.files == 2
    with pytest.raises(NotFoundError):
        importer.export_deck("nope", tmp_path / "x.md")


def test_review_log_csv_has_pandas_friendly_columns(importer: ImportService, tmp_path: Path) -> None:
    importer.import_paths([FIXTURES / "anki_modern.apkg"], with_history=True)
    report = importer.export_reviews(tmp_path / "reviews.csv")
    assert report.reviews == 10
    with (tmp_path / "reviews.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == REVIEW_COLUMNS
    first = next(r for r in rows if r["card_key"] == "anki-hist-review")
    assert {k: first[k] for k in ("deck", "reviewed_at", "study_day", "grade", "kind", "seconds", "ef_before", "due_before")} == {
        "deck": "Interview::ML", "reviewed_at": "2026-01-10T09:00:00.000+00:00", "study_day": "2026-01-10",
        "grade": "4", "kind": "review", "seconds": "5.0", "ef_before": "2.50", "due_before": "",
    }  # fmt: skip
    only = importer.export_reviews(tmp_path / "none.csv", deck="Interview::Python")
    assert only.reviews == 0 and (tmp_path / "none.csv").read_text().count("\n") == 1


def test_backup_is_a_full_consistent_copy(importer: ImportService, study: StudyService, tmp_path: Path) -> None:
    importer.import_paths([FIXTURES / "genanki.apkg"])
    target = importer.export_backup(tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM card").fetchone() == (7,)
    conn.close()
    with pytest.raises(FlashcardsError, match="already exists"):
        importer.export_backup(target)
    assert importer.export_backup().parent.name == "backups"
