"""Tiny hostile packages and files are refused quickly, in bounded memory, with one line naming what is wrong.

Each file is built in the test (zipfile, sqlite3, hand-made zstd frames). The CLI cases run
`flashcards import` in a fresh process: exit 1 within 5 s, one line on stderr, peak RSS under
300 MB, and the collection unchanged. The rest call the parsers in-process with a time bound.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flashcards.core.errors import DeckFormatError
from flashcards.importers import limits
from flashcards.importers.anki import parse_anki
from tests.support.bombs import (
    GiB,
    MiB,
    dump,
    edit_collection,
    legacy_with_notes,
    members,
    modern_media_map,
    run_cli,
    write_zip,
    zstd_rle,
)
from tests.support.cli import run
from tests.support.db import write

SECONDS = 5.0
PEAK_MB = 300.0


def _error(path: Path, **kwargs: object) -> str:
    start = time.monotonic()
    with pytest.raises(DeckFormatError) as info:
        parse_anki(path, path.name, **kwargs)  # type: ignore[arg-type]
    assert time.monotonic() - start < SECONDS
    return str(info.value)


@pytest.fixture
def collection(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A collection (in FLASHCARDS_HOME) with a few cards in it, made by the CLI; its path."""
    good = write(tmp_path / "good.csv", "Front,Back\nQ1,A1\nQ2,A2\n")
    assert run(["import", str(good)], capsys)[0] == 0
    return next(home.glob("*.sqlite3"))


def _refused(collection: Path, package: Path, expected: str) -> None:
    """`flashcards import package` exits 1 quickly, in bounded memory, with one line, writing nothing."""
    before = dump(collection)
    run = run_cli(["import", str(package)], collection.parent)
    assert run.code == 1, run
    assert run.err.strip().splitlines() == [run.err.strip()], run.err
    assert expected in run.err, run.err
    assert "Traceback" not in run.err
    assert run.seconds < SECONDS, run
    assert run.peak_mb < PEAK_MB, run
    assert dump(collection) == before


# -- zstd: the collection and the media map -------------------------------------------------


def test_zstd_collection_bomb_is_refused_by_the_cli(tmp_path: Path, collection: Path) -> None:
    """10 GiB of zeros in 320 KB of zstd (size not declared): refused at its first bytes, which are not SQLite."""
    content = members("anki_modern.apkg")
    content["collection.anki21b"] = zstd_rle(10 * GiB)
    package = write_zip(tmp_path / "bomb.apkg", content)
    _refused(collection, package, "collection.anki21b is not a readable Anki collection (file is not a database)")


def test_real_collection_followed_by_a_zstd_bomb(tmp_path: Path, collection: Path) -> None:
    """A real database then 10 GiB of zeros: refused once it passes the size its SQLite header gives."""
    import zstandard

    content = members("anki_modern.apkg")
    real = zstandard.ZstdDecompressor().decompressobj().decompress(content["collection.anki21b"])
    content["collection.anki21b"] = zstandard.ZstdCompressor().compress(real) + zstd_rle(10 * GiB)
    package = write_zip(tmp_path / "bomb.apkg", content)
    _refused(
        collection,
        package,
        f"member 'collection.anki21b' unpacks to more than the {len(real):,} bytes its database header gives; refused",
    )


def test_collection_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database without a usable size in its header is still cut at MAX_COLLECTION_BYTES."""
    import zstandard

    monkeypatch.setattr("flashcards.importers.anki_package.MAX_COLLECTION_BYTES", 2 * MiB)
    content = members("anki_modern.apkg")
    real = bytearray(zstandard.ZstdDecompressor().decompressobj().decompress(content["collection.anki21b"]))
    real[92:96] = b"\xff\xff\xff\xff"  # "version valid for" no longer matches: the header size is not trusted
    content["collection.anki21b"] = zstandard.ZstdCompressor().compress(bytes(real)) + zstd_rle(1 * GiB)
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "member 'collection.anki21b' unpacks to more than 2 MiB; refused"
    )


def test_declared_zstd_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A frame that says it is 10 GiB is refused from its header, before a byte is written."""
    content = members("anki_modern.apkg")
    content["collection.anki21b"] = zstd_rle(10 * GiB, declare=True)
    package = write_zip(tmp_path / "bomb.apkg", content)
    written: list[int] = []
    monkeypatch.setattr("flashcards.importers.anki_package._Counter.write", lambda self, d: written.append(len(d)))
    assert _error(package).endswith("member 'collection.anki21b' unpacks to more than 512 MiB; refused")


def test_zstd_media_map_bomb_is_refused_by_the_cli(tmp_path: Path, collection: Path) -> None:
    content = members("anki_modern.apkg")
    content["media"] = zstd_rle(4 * GiB)
    package = write_zip(tmp_path / "bomb.apkg", content)
    _refused(collection, package, "member 'media' (the media map) unpacks to more than 16 MiB; refused")


def test_media_map_with_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zstandard

    monkeypatch.setattr("flashcards.importers.anki_package.MAX_MEDIA_ENTRIES", 100)
    content = members("anki_modern.apkg")
    content["media"] = zstandard.ZstdCompressor().compress(modern_media_map([(f"{i}.png", 0) for i in range(101)]))
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "member 'media' lists more than 100 media files; refused"
    )


def test_one_huge_media_member_named_5000_times_is_read_once(tmp_path: Path, collection: Path) -> None:
    """5,000 map entries naming one 1 GiB member: refused at its first read (256 MiB per file), not read 5,000 times."""
    import zstandard

    content = members("anki_modern.apkg")
    content["media"] = zstandard.ZstdCompressor().compress(modern_media_map([(f"f{i}.png", 0) for i in range(5000)]))
    content["0"] = zstd_rle(1 * GiB)
    package = write_zip(tmp_path / "bomb.apkg", content)
    _refused(collection, package, "member '0' unpacks to more than 256 MiB; refused")


def test_media_member_named_5000_times_is_unpacked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the cap, 5,000 entries naming one 32 MiB member unpack it once and share one stored file."""
    import zstandard

    from flashcards.importers import anki_package

    calls: list[str] = []
    real = anki_package._copy_member

    def counting(zf: object, member: str, *args: object, **kwargs: object) -> str:
        calls.append(member)
        return real(zf, member, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(anki_package, "_copy_member", counting)
    content = members("anki_modern.apkg")
    content["media"] = zstandard.ZstdCompressor().compress(modern_media_map([(f"f{i}.jpg", 0) for i in range(5000)]))
    content["0"] = zstd_rle(32 * MiB)
    start = time.monotonic()
    parsed = parse_anki(write_zip(tmp_path / "x.apkg", content), "x.apkg")
    assert time.monotonic() - start < SECONDS
    assert calls.count("0") == 1
    assert len(parsed.media) == 5000 and len({m.stored_name for m in parsed.media}) == 1


def test_total_media_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zstandard

    monkeypatch.setattr("flashcards.importers.anki_package.MAX_MEDIA_BYTES", 3 * MiB)
    content = members("anki_modern.apkg")
    content["media"] = zstandard.ZstdCompressor().compress(modern_media_map([(f"f{i}.jpg", i) for i in range(4)]))
    for i in range(4):
        content[str(i)] = zstandard.ZstdCompressor().compress(bytes([i]) * MiB)
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "media file 'f3.jpg': the package's media unpack to more than 3 MiB; refused"
    )


def test_temp_folder_is_removed_when_a_package_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    content = members("anki_modern.apkg")
    content["media"] = zstd_rle(1 * GiB)
    _error(write_zip(tmp_path / "bomb.apkg", content))
    assert list((tmp_path / "tmp").iterdir()) == []


def test_limits_are_module_constants() -> None:
    """The documented limits (README "Import limits") are the ones enforced."""
    assert limits.MAX_FIELD_CHARS == 1 * MiB
    assert limits.MAX_COLLECTION_BYTES == 512 * MiB
    assert limits.MAX_MEDIA_FILE_BYTES == 256 * MiB
    assert limits.MAX_MEDIA_MAP_BYTES == 16 * MiB


# -- the collection is an untrusted SQLite file ---------------------------------------------

_NOTE_COLUMNS = "id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data"


def test_recursive_view_as_notes_is_refused_by_the_cli(tmp_path: Path, collection: Path) -> None:
    content = members("genanki.apkg")
    edit_collection(
        tmp_path,
        content,
        "DROP TABLE notes",
        f"CREATE VIEW notes({_NOTE_COLUMNS}) AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT n, 'g' || n, 1607392319, 0, 0, '', 'q' || char(31) || 'a', '', 0, 0, '' FROM r",
    )
    _refused(
        collection,
        write_zip(tmp_path / "bomb.apkg", content),
        "collection.anki2: 'notes' is a view, not a table; refused",
    )


def test_randomblob_view_as_notes_is_refused_by_the_cli(tmp_path: Path, collection: Path) -> None:
    content = members("genanki.apkg")
    edit_collection(
        tmp_path,
        content,
        "ALTER TABLE notes RENAME TO real_notes",
        f"CREATE VIEW notes({_NOTE_COLUMNS}) AS SELECT id, guid, mid, mod, usn, tags, "
        "hex(randomblob(400000000)), sfld, csum, flags, data FROM real_notes",
    )
    _refused(
        collection,
        write_zip(tmp_path / "bomb.apkg", content),
        "collection.anki2: 'notes' is a view, not a table; refused",
    )


def test_view_as_cards_and_as_col_are_refused(tmp_path: Path) -> None:
    for table in ("cards", "col"):
        content = members("genanki.apkg")
        edit_collection(
            tmp_path,
            content,
            f"ALTER TABLE {table} RENAME TO real_{table}",
            f"CREATE VIEW {table} AS SELECT * FROM real_{table}",
        )
        assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(f"'{table}' is a view, not a table; refused")


def test_view_as_revlog_is_refused_with_history(tmp_path: Path) -> None:
    content = members("genanki.apkg")
    edit_collection(tmp_path, content, "DROP TABLE revlog", "CREATE VIEW revlog AS SELECT * FROM cards")
    package = write_zip(tmp_path / "x.apkg", content)
    assert parse_anki(package, "x.apkg").cards  # the review log is only read with --with-history
    assert _error(package, with_history=True).endswith("'revlog' is a view, not a table; refused")


def test_generated_column_is_refused(tmp_path: Path) -> None:
    content = members("genanki.apkg")
    edit_collection(
        tmp_path,
        content,
        "ALTER TABLE notes RENAME TO real_notes",
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, tags text, "
        "flds text GENERATED ALWAYS AS (printf('%.*c', 10000000, 'x')) VIRTUAL)",
    )
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "collection.anki2: table 'notes' has a generated column 'flds'; refused"
    )


def test_value_over_the_sqlite_length_limit_names_the_note(tmp_path: Path) -> None:
    content = members("genanki.apkg")
    edit_collection(tmp_path, content, "UPDATE notes SET flds = printf('%.*c', 17000000, 'x') WHERE guid = 'rev-1'")
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "collection.anki2: note 'rev-1' holds a value over the 16 MiB limit; refused"
    )


def test_field_over_1_mib_names_the_note(tmp_path: Path) -> None:
    content = members("genanki.apkg")
    edit_collection(
        tmp_path,
        content,
        "UPDATE notes SET flds = 'q' || char(31) || printf('%.*c', 1100000, 'x') WHERE guid = 'rev-1'",
    )
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "note 'rev-1': a field of 1,100,000 characters is over the 1 MiB limit; refused"
    )


def test_reading_the_collection_has_a_time_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "SQLITE_SECONDS", 0.0)
    content = legacy_with_notes(tmp_path, [(f"g{i}", "{{c1::x}}\x1f", [0]) for i in range(3000)])
    assert _error(write_zip(tmp_path / "x.apkg", content)).endswith(
        "collection.anki2: reading it took more than 0 s; refused"
    )


def test_cancel_flag_stops_reading(tmp_path: Path) -> None:
    import threading

    from flashcards.core.errors import ImportCancelled

    content = legacy_with_notes(tmp_path, [(f"g{i}", "{{c1::x}}\x1f", [0]) for i in range(3000)])
    package = write_zip(tmp_path / "x.apkg", content)
    cancel = threading.Event()
    cancel.set()
    with limits.guarded(cancel), pytest.raises(ImportCancelled):
        parse_anki(package, "x.apkg")


# -- amplification: one note or row, thousands of cards --------------------------------------


def test_cloze_amplification_is_refused_by_the_cli(tmp_path: Path, collection: Path) -> None:
    """One note of 5,000 clozes with 5,000 card rows (each card would be the whole text): refused by the per-note cap."""
    text = " ".join(f"{{{{c{i}::word{i}}}}} padding" for i in range(1, 5001))
    content = legacy_with_notes(tmp_path, [("amp", text + "\x1f", list(range(5000)))])
    _refused(
        collection, write_zip(tmp_path / "bomb.apkg", content), "note 'amp': more than 500 cards from one note; refused"
    )
