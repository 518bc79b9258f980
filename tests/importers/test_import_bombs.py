"""Tiny hostile packages and files are refused, in bounded memory, with one line naming what is wrong.

Each file is built in the test (zipfile, sqlite3, hand-made zstd frames). The CLI cases run
`flashcards import` in a fresh process: exit 1, one line on stderr, peak RSS under 300 MB, and
the collection unchanged. The rest call the parsers in-process. Nothing here asserts wall time
(the suite runs on loaded machines): `benchmarks/bench_hostile.py` times every case.
"""

from __future__ import annotations

import re
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

PEAK_MB = 300.0


def _error(path: Path, **kwargs: object) -> str:
    with pytest.raises(DeckFormatError) as info:
        parse_anki(path, path.name, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


@pytest.fixture
def collection(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A collection (in FLASHCARDS_HOME) with a few cards in it, made by the CLI; its path."""
    good = write(tmp_path / "good.csv", "Front,Back\nQ1,A1\nQ2,A2\n")
    assert run(["import", str(good)], capsys)[0] == 0
    return next(home.glob("*.sqlite3"))


def _refused(collection: Path, package: Path, expected: str) -> None:
    """`flashcards import package` exits 1 in bounded memory with one line on stderr, writing nothing."""
    before = dump(collection)
    run = run_cli(["import", str(package)], collection.parent)
    assert run.code == 1, run
    assert run.err.strip().splitlines() == [run.err.strip()], run.err
    assert expected in run.err, run.err
    assert "Traceback" not in run.err
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
    parsed = parse_anki(write_zip(tmp_path / "x.apkg", content), "x.apkg")
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


def test_cloze_note_over_the_per_note_total_is_refused(tmp_path: Path) -> None:
    """400 clozes in 40 KB of text: each card is the whole text, so the note passes 8 MiB and is refused."""
    text = " ".join(f"{{{{c{i}::w{i}}}}} " + "p" * 90 for i in range(1, 401))
    content = legacy_with_notes(tmp_path, [("amp", text + "\x1f", list(range(400)))])
    message = _error(write_zip(tmp_path / "x.apkg", content))
    found = re.fullmatch(
        r"x.apkg: note 'amp' card (\d+): the cards of this note pass 8 MiB of text together; refused", message
    )
    assert found, message
    assert int(found.group(1)) * 2 * len(text) > limits.MAX_NOTE_CHARS > (int(found.group(1)) - 2) * len(text)


def test_template_repeating_a_field_is_cut_at_the_card_limit(tmp_path: Path) -> None:
    """A 90 KB template naming a 500 KB field 10,000 times would render 5 GB: refused past 2 MiB."""
    content = legacy_with_notes(tmp_path, [("rep", "x" * 500_000 + "\x1f", [0])], qfmt="{{Text}}" * 10_000)
    message = _error(write_zip(tmp_path / "x.apkg", content))
    assert message.startswith("x.apkg: note 'rep' card 1: the card's text (")
    assert message.endswith("characters) is over the 2 MiB limit; refused")


def test_unclosed_template_tag_followed_by_spaces_is_refused(tmp_path: Path, collection: Path) -> None:
    """`{{` and 4,000 spaces (the old tag regex took cubic time): refused at once, as Anki refuses it."""
    notes = [(f"g{i}", f"{{{{c1::x{i}}}}}\x1f", [0]) for i in range(3)]
    content = legacy_with_notes(tmp_path, notes, qfmt="{{cloze:Text}} {{" + " " * 4000 + "\n" * 4000)
    _refused(
        collection,
        write_zip(tmp_path / "bomb.apkg", content),
        "note 'g0' card 1: note type 'Cloze (genanki)' has a template with a '{{' that no '}}' closes; refused",
    )


def test_template_tokenizer_matches_the_tag_syntax() -> None:
    """Tags, sections and stray braces, found in one pass; `{{` then spaces and `}}` is an empty tag."""
    from flashcards.importers.anki_render import UnclosedTag, tokens

    template = "a {{#x}} {{ y }} {{/x}} }} {{{z}}} {{" + " " * 5000 + "}}"
    assert [t[2:] for t in tokens(template)] == [("#", "x"), ("", "y"), ("/", "x"), ("", "z"), ("", "")]
    with pytest.raises(UnclosedTag):
        list(tokens("{{Front}} {{" + " \n" * 5000))


# -- CSV/TSV and Markdown -----------------------------------------------------------------------


def _csv_error(path: Path) -> str:
    from flashcards.importers.dispatch import parse_file

    with pytest.raises(DeckFormatError) as info:
        parse_file(path)
    return str(info.value)


def test_csv_cloze_amplification_is_refused_by_the_cli(tmp_path: Path, collection: Path) -> None:
    """One 129 KB row of 3,000 clozes (3,000 cards of the whole row, 580 MB): refused before one is rendered."""
    text = " ".join(f"{{{{c{i}::w{i}}}}} word" for i in range(1, 3001))
    package = write(tmp_path / "amp.csv", f"Text,Extra\n{text}," + "e" * 60_000 + "\n")
    _refused(collection, package, "amp.csv:2: 3,000 cards from one row, over the 500 limit; refused")


def test_csv_cloze_row_over_the_per_row_total(tmp_path: Path) -> None:
    text = " ".join(f"{{{{c{i}::w{i}}}}} " + "p" * 200 for i in range(1, 301))
    path = write(tmp_path / "amp.csv", f"Text,Extra\n{text},x\n")
    assert _csv_error(path) == f"{path}:2: the cards of this row pass 8 MiB of text together; refused"


def test_csv_field_over_1_mib_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "big.csv", 'Front,Back\nq,a\nq2,"' + "x" * (MiB + 1) + '"\n')
    assert _csv_error(path) == f"{path}:3: a field is over the 1 MiB limit; refused"


def test_csv_line_over_8_mib_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", "Front,Back\n" + ",".join(["x" * 1000] * 9000) + "\n")
    assert _csv_error(path) == f"{path}:2: a line of 9,009,000 characters is over the 8 MiB limit; refused"


def test_csv_card_over_2_mib_is_refused(tmp_path: Path) -> None:
    """Four columns of nearly 1 MiB: the answer joins three of them (blank lines between), passing 2 MiB."""
    big = "y" * (MiB - 10)
    path = write(tmp_path / "card.csv", f"q,{big},{big},{big}\n")
    assert _csv_error(path) == (
        f"{path}:1: the card's text ({3 * (MiB - 10) + 5:,} characters) is over the 2 MiB limit; refused"
    )


def test_markdown_notes_over_1_mib_name_the_card_line(tmp_path: Path) -> None:
    from tests.support.decks import card, deck

    text = deck("X", "t", "T", [card("t-1", "Q1?"), card("t-2", "Q2?", notes="x" * (MiB + 1))])
    path = write(tmp_path / "deck.md", text)
    line = text.splitlines().index("## Q2?") + 1
    assert _csv_error(path) == f"{path}:{line}: a field of {MiB + 1:,} characters is over the 1 MiB limit; refused"


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_100_mb_question_is_refused_by_the_cli(tmp_path: Path, collection: Path, suffix: str) -> None:
    """A 100 MB question (a sparse file: no disk is used) is refused from the file's size, before it is read."""
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as fh:
        fh.write(b"Front,Back\nq," if suffix == ".csv" else b"---\ndeck: x\n---\n\n## Q\n")
        fh.truncate(100_000_000)
    _refused(collection, path, f"huge{suffix}: the file is over the 64 MiB limit for a text file; refused")


# -- temp folders ---------------------------------------------------------------------------------


@pytest.fixture
def tmpdir_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder every temp folder of this test is made in."""
    import tempfile

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_temp_folder_is_removed_after_a_successful_import(tmpdir_root: Path) -> None:
    from tests.support.data import FIXTURES

    assert parse_anki(FIXTURES / "anki_modern.apkg", "anki_modern.apkg").cards
    assert list(tmpdir_root.iterdir()) == []


def test_temp_folder_is_removed_on_keyboard_interrupt(tmpdir_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C while the collection is read (the real read runs, then the interrupt arrives)."""
    from flashcards.importers import anki
    from tests.support.data import FIXTURES

    real = anki.read_collection
    seen: list[Path] = []

    def interrupted(path: Path, *args: object, **kwargs: object) -> object:
        real(path, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(path)
        raise KeyboardInterrupt

    monkeypatch.setattr(anki, "read_collection", interrupted)
    with pytest.raises(KeyboardInterrupt):
        parse_anki(FIXTURES / "anki_modern.apkg", "anki_modern.apkg")
    assert seen and seen[0].is_relative_to(tmpdir_root)
    assert list(tmpdir_root.iterdir()) == []


def test_temp_folder_is_removed_when_the_import_is_cancelled(tmpdir_root: Path, tmp_path: Path) -> None:
    import threading

    from flashcards.core.errors import ImportCancelled

    content = legacy_with_notes(tmp_path, [(f"g{i}", "{{c1::x}}\x1f", [0]) for i in range(50)])
    package = write_zip(tmp_path / "x.apkg", content)
    cancel = threading.Event()
    cancel.set()
    with limits.guarded(cancel), pytest.raises(ImportCancelled):
        parse_anki(package, "x.apkg")
    assert list(tmpdir_root.iterdir()) == []


def test_import_totals_count_every_file_of_one_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MAX_IMPORT_CARDS is for the whole import: two files of 3 cards pass a limit of 5 together."""
    from flashcards.importers.dispatch import parse_file

    monkeypatch.setattr(limits, "MAX_IMPORT_CARDS", 5)
    first = write(tmp_path / "a.csv", "Front,Back\nq1,a\nq2,a\nq3,a\n")
    second = write(tmp_path / "b.csv", "Front,Back\nr1,a\nr2,a\nr3,a\n")
    assert len(parse_file(first).cards) == 3 and len(parse_file(second).cards) == 3  # each file alone is fine
    with limits.guarded():
        parse_file(first)
        with pytest.raises(DeckFormatError) as info:
            parse_file(second)
    assert str(info.value) == f"{second}:4: more than 5 cards in one import; refused"
