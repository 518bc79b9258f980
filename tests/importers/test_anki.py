"""Anki packages from real producers (genanki; Anki's own package, modern and legacy) and hostile packages."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
import zstandard

from flashcards.core.errors import DeckFormatError
from flashcards.core.sm2 import Sm2State
from flashcards.importers import anki_package
from flashcards.importers.anki import parse_anki
from flashcards.importers.anki_package import extract_media
from tests.support.data import EXPECTED, FIXTURES, HISTORY, ML, MP3_NAME, PNG_NAME, PY, PY_NOTES, RULE


def _cards(name: str, **kwargs: object) -> dict[str, tuple]:
    parsed = parse_anki(FIXTURES / name, name, **kwargs)  # type: ignore[arg-type]
    return {c.key: (c.deck, c.question, c.notes, c.tags) for c in parsed.cards}


def test_genanki_collection_anki2_layout() -> None:
    """genanki writes collection.anki2 with a JSON media map; its text is kept as written (NFD here)."""
    cards = _cards("genanki.apkg")
    assert cards == {**EXPECTED, "anki-basic-2": (PY, "Cafe\u0301 x[i] [/] <tag> & \U0001f642", PY_NOTES, ())}


@pytest.mark.parametrize("name", ["anki_modern.apkg", "anki_legacy.apkg", "anki_modern.colpkg"])
def test_anki_package_layouts(name: str) -> None:
    """Anki itself writes anki21b (zstd, protobuf media) and anki21 (JSON media); both give the same cards.

    Anki stores the note text NFC-normalised ("Caf\u00e9"), and that is what we keep.
    """
    cards = _cards(name)
    assert cards == {**EXPECTED, **HISTORY, "anki-basic-2": (PY, "Caf\u00e9 x[i] [/] <tag> & \U0001f642", PY_NOTES, ())}


def test_prefers_newest_collection_and_says_so() -> None:
    parsed = parse_anki(FIXTURES / "anki_modern.apkg", "m.apkg")
    assert parsed.notes[:2] == ("collection: collection.anki21b", "ignored the older collection.anki2 in the package")
    assert [d.name for d in parsed.decks] == [ML, PY]
    assert parsed.skipped == ()


def test_deck_override() -> None:
    assert {c.deck for c in parse_anki(FIXTURES / "genanki.apkg", "g", deck="Mine").cards} == {"Mine"}


@pytest.mark.parametrize("name", ["anki_modern.apkg", "anki_legacy.apkg"])
def test_history_maps_scheduling_onto_sm2(name: str) -> None:
    """Review card: interval and ease carried, repetitions at least 2; learning and relearning cards as pinned."""
    cards = {c.key: c for c in parse_anki(FIXTURES / name, name, with_history=True, rule=RULE).cards}
    review = cards["anki-hist-review"].history
    assert review is not None
    assert review.state == Sm2State(repetitions=2, ef_x100=245, interval=5, due=date(2026, 1, 20), lapses=1)
    assert not review.suspended and review.last_review_at == "2026-01-15T08:00:00.000+00:00"
    rows = [(r.study_day.isoformat(), r.grade, r.kind, r.seconds, r.interval_before, r.interval_after,
             r.ef_before, r.ef_after, r.repetitions_before, r.repetitions_after, r.lapses_after,
             r.due_before and r.due_before.isoformat()) for r in review.reviews]  # fmt: skip
    assert rows == [
        ("2026-01-10", 4, "review", 5.0, 0, 0, 250, 250, 0, 0, 0, None),
        ("2026-01-10", 4, "repeat", 4.0, 0, 1, 250, 250, 0, 0, 0, "2026-01-10"),
        ("2026-01-11", 4, "review", 6.0, 1, 3, 250, 250, 0, 1, 0, "2026-01-11"),
        ("2026-01-14", 1, "review", 9.0, 3, 0, 250, 230, 1, 0, 1, "2026-01-14"),
        ("2026-01-14", 4, "repeat", 3.0, 0, 1, 230, 230, 0, 0, 1, "2026-01-14"),
        ("2026-01-15", 5, "review", 2.0, 1, 5, 230, 245, 0, 1, 1, "2026-01-15"),
    ]
    learning = cards["anki-hist-learning"].history
    assert learning is not None and learning.state == Sm2State(repetitions=0, interval=0, due=date(2026, 1, 16))
    assert [r.grade for r in learning.reviews] == [1]
    suspended = cards["anki-hist-suspended"].history
    assert suspended is not None and suspended.suspended
    assert suspended.state == Sm2State(repetitions=0, ef_x100=210, interval=1, due=date(2026, 1, 12), lapses=2)
    assert cards["anki-basic-1"].history is not None and cards["anki-basic-1"].history.state == Sm2State()


def test_without_history_no_state_is_read() -> None:
    assert all(c.history is None for c in parse_anki(FIXTURES / "anki_modern.apkg", "m").cards)


def test_media_extracted_under_content_names_only(tmp_path: Path) -> None:
    parsed = parse_anki(FIXTURES / "anki_modern.apkg", "m")
    folder = tmp_path / "media"
    assert extract_media(FIXTURES / "anki_modern.apkg", parsed.media, folder) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted([PNG_NAME, MP3_NAME])
    assert (folder / MP3_NAME).read_bytes() == b"ID3\x03\x00\x00\x00\x00\x00\x00fixture-sound"
    assert extract_media(FIXTURES / "anki_modern.apkg", parsed.media, folder) == 0


# -- hostile packages ---------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _members(name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(FIXTURES / name) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _error(path: Path) -> str:
    with pytest.raises(DeckFormatError) as info:
        parse_anki(path, path.name)
    return str(info.value)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.apkg"
    path.write_text("hello, I am text")
    assert _error(path) == "x.apkg: not a zip archive; an Anki package (.apkg/.colpkg) is a zip file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "x.apkg"
    path.write_bytes(b"")
    assert _error(path) == "x.apkg: the file is empty"


def test_truncated_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.apkg"
    path.write_bytes((FIXTURES / "anki_modern.apkg").read_bytes()[:5000])
    assert _error(path).startswith("x.apkg: the zip archive is truncated or damaged")


def test_zip_without_collection(tmp_path: Path) -> None:
    path = _zip(tmp_path / "x.apkg", {"media": b"{}", "notes.txt": b"hi"})
    assert _error(path) == "x.apkg: no Anki collection inside (expected collection.anki21b, .anki21 or .anki2)"


def test_collection_that_is_not_sqlite(tmp_path: Path) -> None:
    path = _zip(tmp_path / "x.apkg", {"collection.anki2": b"not a database" * 100, "media": b"{}"})
    assert _error(path).startswith("x.apkg: collection.anki2 is not a readable Anki collection (file is not a database")


def test_truncated_zstd_collection(tmp_path: Path) -> None:
    members = _members("anki_modern.apkg")
    members["collection.anki21b"] = members["collection.anki21b"][:2000]
    assert _error(_zip(tmp_path / "x.apkg", members)).startswith(
        "x.apkg: member 'collection.anki21b' is truncated or damaged"
    )


def test_newer_package_version(tmp_path: Path) -> None:
    members = _members("anki_modern.apkg")
    members["meta"] = b"\x08\x63"
    assert _error(_zip(tmp_path / "x.apkg", members)) == (
        "x.apkg: package version 99 is newer than this importer knows; export it from Anki again"
    )


def test_bad_media_map(tmp_path: Path) -> None:
    members = _members("genanki.apkg")
    members["media"] = b"{not json"
    assert _error(_zip(tmp_path / "x.apkg", members)).startswith("x.apkg: member 'media' is not a valid media map")


def test_oversized_collection_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki_package, "MAX_COLLECTION_BYTES", 10_000)
    assert _error(FIXTURES / "genanki.apkg").startswith(
        "genanki.apkg: member 'collection.anki2' holds a database of 61,440 bytes, over the 10,000 limit; refused"
    )


def test_hostile_media_names_cannot_escape(tmp_path: Path) -> None:
    """Media names and member names with `..` and absolute paths are only ever looked up, never used as paths."""
    members = _members("genanki.apkg")
    del members["0"], members["1"]
    members["../../escape"] = b"evil bytes"
    members["/abs"] = b"more evil"
    members["media"] = json.dumps({"../../escape": "../../../evil.sh", "/abs": "/etc/passwd"}).encode()
    package = _zip(tmp_path / "x.apkg", members)
    parsed = parse_anki(package, "x.apkg")
    folder = tmp_path / "data" / "media"
    extract_media(package, parsed.media, folder)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["data/media/" + m.stored_name for m in sorted(parsed.media, key=lambda m: m.stored_name)] + [
        "x.apkg"
    ]
    assert all("/" not in m.stored_name and ".." not in m.stored_name for m in parsed.media)


def test_duplicate_guid_is_skipped(tmp_path: Path) -> None:
    """Two notes with one GUID (possible only in a hand-edited collection): the second is skipped with a reason."""
    import sqlite3

    members = _members("genanki.apkg")
    db = tmp_path / "c.sqlite"
    db.write_bytes(members["collection.anki2"])
    conn = sqlite3.connect(db)
    conn.execute("UPDATE notes SET guid = 'basic-1' WHERE guid = 'media-1'")
    conn.commit()
    conn.close()
    members["collection.anki2"] = db.read_bytes()
    parsed = parse_anki(_zip(tmp_path / "x.apkg", members), "x.apkg")
    assert [(s.record, s.reason) for s in parsed.skipped] == [
        ("note 'basic-1' card 1", "same GUID as note 'basic-1' card 1")
    ]


def test_modern_media_map_is_protobuf(tmp_path: Path) -> None:
    """The anki21b media map is zstd-compressed protobuf; a damaged one is reported, not crashed on."""
    members = _members("anki_modern.apkg")
    raw = zstandard.ZstdDecompressor().decompressobj().decompress(members["media"])
    assert raw.startswith(b"\x0a")
    members["media"] = zstandard.ZstdCompressor().compress(b"\x0a\xff\xff")
    assert _error(_zip(tmp_path / "x.apkg", members)).startswith("x.apkg: member 'media' is not a valid media map")
