"""Any bytes in a deck file: a clean import or a clear error, never a crash or a partial write."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flashcards.core.errors import DeckFormatError
from flashcards.db.reads import Scope
from flashcards.services import Services
from tests.support.decks import card_text

VALID_HEAD = b"---\ndeck: Fuzz\n---\n"


def _counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("deck", "card", "card_state"))


_SHARED = tempfile.TemporaryDirectory()
_SERVICES = Services.open_path(Path(_SHARED.name) / "c.sqlite3", decks_dir=Path(_SHARED.name) / "none")

pieces = st.sampled_from(
    [
        b"## Q?\n",
        b"### Notes\n",
        b"### Key points\n",
        b"- point\n",
        b"id: x-1\n",
        b"level: mid\n",
        b"```\n",
        b"text [bold] x[i] [/]\n",
        b"\r\n",
        b"\xff\xfe",
        b"\x00",
        "é ü 中文\n".encode(),
        b"---\n",
        b"tags: a, b\n",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), st.lists(pieces, max_size=25).map(lambda xs: VALID_HEAD + b"".join(xs))))
def test_any_bytes_import_cleanly_or_fail_cleanly(data: bytes) -> None:
    _SERVICES.bundled.open()
    path = Path(_SHARED.name) / "fuzz.md"
    path.write_bytes(data)
    before = _counts(_SERVICES.study.db_path)
    try:
        report = _SERVICES.imports.import_paths([path])
    except DeckFormatError as err:
        assert str(err).startswith(str(path))
        assert _counts(_SERVICES.study.db_path) == before
    else:
        assert len(report.files) == 1
        assert _SERVICES.maintenance.check().ok


csv_pieces = st.sampled_from(
    [
        b"Front,Back\n",
        b"#separator:tab\n",
        b"#html:true\n",
        b"#columns:Front\tBack\n",
        b'"a, b",c\n',
        b'"un',
        b'""',
        b"q\ta\n",
        b"q;a\n",
        b"<b>x</b>,<br>y\n",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\x00",
        b",,,\n",
        b"#deck column:3\n",
        b"#tags column:9\n",
        b"x[i] [/],[bold]\n",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), st.lists(csv_pieces, max_size=25).map(b"".join)))
def test_any_bytes_as_csv_import_cleanly_or_fail_cleanly(data: bytes) -> None:
    _SERVICES.bundled.open()
    path = Path(_SHARED.name) / "fuzz.csv"
    path.write_bytes(data)
    before = _counts(_SERVICES.study.db_path)
    try:
        _SERVICES.imports.import_paths([path])
    except DeckFormatError as err:
        assert str(err).startswith(str(path))
        assert _counts(_SERVICES.study.db_path) == before
    else:
        assert _SERVICES.maintenance.check().ok


def test_text_is_stored_byte_for_byte(tmp_path: Path) -> None:
    services = Services.open_path(tmp_path / "c.sqlite3", decks_dir=tmp_path / "none")
    services.bundled.open()
    service = services.study
    hostile = "x[i] [/] [bold]b[/bold] [@click=app.quit] Cafe\u0301 caf\u00e9 \u202e"
    deck = tmp_path / "d.md"
    deck.write_text("---\ndeck: [b]Deck[/b]\n---\n" + card_text(1, "t", question=f"{hostile}?", notes=hostile))
    services.imports.import_paths([deck])
    (card,) = service.practice_cards(Scope(deck_id=service.find_deck("[b]Deck[/b]").id))
    assert card.question == f"{hostile}?" and card.notes == hostile


# Pieces that made a regex or html.parser backtrack (quadratic or cubic in their count), repeated
# thousands of times: a file of them must import or fail in one pass. The earlier code took minutes
# to hours on one such field (the suite would hang), the current parsers well under a second.
bomb_pieces = st.sampled_from(
    ["{{c1::", "::", ":", "}}", "{{", " ", "\n", "<", "<a ", "<hr id", "<br ", "[sound:", "&", "{{c2::x", '"']
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example([("{{c1::", 1), (":", 100_000)], False)  # the cloze regex: cubic (20 minutes before)
@example([("<a ", 100_000)], True)  # html.parser: quadratic (an hour before)
@example([("[sound:", 30_000)], True)
@example([("<br ", 30_000)], False)  # the "looks like HTML" test
@given(st.lists(st.tuples(bomb_pieces, st.integers(1_000, 40_000)), min_size=1, max_size=4), st.booleans())
def test_repeated_hostile_pieces_parse_in_one_pass(parts: list[tuple[str, int]], html: bool) -> None:
    from flashcards.importers.dispatch import parse_file

    field = "".join(piece * count for piece, count in parts).replace('"', '""')
    path = Path(_SHARED.name) / "bomb.csv"
    path.write_text(("#html:true\n" if html else "") + f'#notetype:Cloze\nText,Extra\n"q {field}","{field}"\n')
    try:
        parse_file(path)
    except DeckFormatError as err:
        assert str(err).startswith(str(path))
