"""CSV/TSV/semicolon text: Anki's real plain-text exports, RFC 4180 quoting, header rows, and hostile files."""

from __future__ import annotations

import pytest

from flashcards.core.errors import DeckFormatError
from flashcards.importers.delimited import parse_delimited
from flashcards.importers.keys import question_key
from tests.support.data import EXPECTED, FIXTURES, PY, PY_NOTES


def parse(text: str | bytes, source: str = "deck.csv", deck: str | None = None):  # noqa: ANN201
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_delimited(data, source, "file:x", default_deck="Default deck", deck=deck)


def cards(text: str | bytes, source: str = "deck.csv") -> list[tuple]:
    return [(c.key, c.deck, c.question, c.notes, c.tags) for c in parse(text, source).cards]


def error(text: str | bytes, source: str = "deck.csv") -> str:
    with pytest.raises(DeckFormatError) as info:
        parse(text, source)
    return str(info.value)


def test_anki_notes_in_plain_text_export() -> None:
    """Anki's own export: GUID, note type, deck and tag columns; HTML; reversed and cloze notes; same keys as the .apkg."""
    parsed = parse_delimited((FIXTURES / "anki_notes.txt").read_bytes(), "n.txt", "file:n", default_deck="x")
    got = {c.key: (c.deck, c.question, c.notes, c.tags) for c in parsed.cards}
    media = (
        "Interview::ML",
        "Which plot is this? ![roc curve.png](roc curve.png)",
        "ROC curve [sound:roc.mp3]",
        ("plots",),
    )
    assert got == {
        **EXPECTED,
        "anki-media-1": media,
        "anki-basic-2": (PY, "Caf\u00e9 x[i] [/] <tag> & \U0001f642", PY_NOTES, ()),
    }
    assert parsed.notes == ("separator: tab (from the #separator: header)",)


def test_anki_cards_in_plain_text_export() -> None:
    """'Cards in Plain Text': rendered question and answer, no HTML, identity from the question."""
    parsed = parse_delimited(
        (FIXTURES / "anki_cards.txt").read_bytes(), "anki_cards.txt", "file:c", default_deck="anki_cards"
    )
    assert [(c.question, c.notes) for c in parsed.cards][3:5] == [
        ("precision", "TP / (TP + FP)"),
        ("TP / (TP + FP)", "precision"),
    ]
    assert parsed.cards[0].key == question_key("anki_cards", "What is the bias\u2013variance trade-off?")
    assert len(parsed.cards) == 7 and {c.deck for c in parsed.cards} == {"anki_cards"}


def test_rfc4180_quoting_crlf_and_bom() -> None:
    text = '\ufeff"What is a, b?","Line one\r\nline ""two"""\r\n"Q2","A2"\r\n'
    assert cards(text) == [
        (question_key("Default deck", "What is a, b?"), "Default deck", "What is a, b?", 'Line one\nline "two"', ()),
        (question_key("Default deck", "Q2"), "Default deck", "Q2", "A2", ()),
    ]


def test_header_row_is_recognised_not_imported() -> None:
    parsed = parse("Front,Back,Tags\nQ1,A1,x y\n")
    assert [(c.question, c.notes, c.tags) for c in parsed.cards] == [("Q1", "A1", ("x", "y"))]
    assert "line 1: header row used as column names: Front, Back, Tags" in parsed.notes


def test_our_own_columns() -> None:
    text = 'question;answer;id;level;tags;sources;key points;deck\nQ;A;my-1;m;a, b;Book;"- one\n- two";Mine\n'
    (card,) = parse(text).cards
    assert (card.key, card.deck, card.level, card.tags, card.sources, card.key_points) == (
        "my-1", "Mine", "mid", ("a", "b"), "Book", ("one", "two")
    )  # fmt: skip


def test_hash_is_a_header_only_at_the_top() -> None:
    parsed = parse("#separator:comma\n#deck:Top\n#tags:t1\nQ,A\n#not a header,still a card\n")
    assert [(c.question, c.notes, c.deck, c.tags) for c in parsed.cards] == [
        ("Q", "A", "Top", ("t1",)),
        ("#not a header", "still a card", "Top", ("t1",)),
    ]


def test_separator_is_guessed_and_said() -> None:
    parsed = parse("What is 1, 2?;one, two\nQ;A\n")
    assert [(c.question, c.notes) for c in parsed.cards] == [("What is 1, 2?", "one, two"), ("Q", "A")]
    assert parsed.notes[0] == "guessed separator: semicolon (the file has no #separator: header)"
    assert parse("a\tb\n", "x.tsv").notes[0] == "separator: tab (from the file extension)"


def test_html_fields_become_markdown_and_scripts_are_dropped() -> None:
    text = "#html:true\nQ<br>two,<ul><li>a</li><li>b &amp; c</li></ul><script>x()</script><style>p{}</style><code>y[0]</code>\n"
    assert [(c.question, c.notes) for c in parse(text).cards] == [("Q\ntwo", "- a\n- b & c\n`y[0]`")]


def test_html_false_keeps_tags_literally() -> None:
    assert [c.question for c in parse("#html:false\n<b>Q</b>,A\n").cards] == ["<b>Q</b>"]


def test_html_is_detected_without_a_header_and_said() -> None:
    parsed = parse("Q<br>two,A\nx < y,z\n")
    assert [c.question for c in parsed.cards] == ["Q\ntwo", "x < y"]
    assert "fields with HTML were converted to text (no #html: header)" in parsed.notes


def test_text_is_kept_byte_for_byte() -> None:
    """No Unicode normalisation: NFD accents, zero-width joiners, RTL marks and markup-like brackets survive."""
    question = "Cafe\u0301 \u202eRTL\u202c \U0001f469\u200d\U0001f4bb [b]x[/b] [/] x[i] $var"
    (card,) = parse(f'"{question}",\u00a0answer\u00a0\n').cards
    assert card.question.encode() == question.encode()
    assert card.notes == "answer"  # outer whitespace trimmed (NBSP is whitespace to str.strip)


def test_one_mebibyte_field() -> None:
    """A field of exactly MAX_FIELD_CHARS (1 MiB) is kept whole; see test_import_bombs for one character more."""
    big = "x" * ((1 << 20) - 1001) + "\n" + "y" * 1000
    (card,) = parse(f'Q,"{big}"\n').cards
    assert card.notes == big


def test_reversed_and_cloze_notetype_columns_without_guid() -> None:
    text = "#notetype column:1\nBasic (and reversed card),front,back\nCloze,{{c1::Paris}} is in {{c2::France}},extra\n"
    got = [(c.question, c.notes) for c in parse(text).cards]
    assert got == [
        ("front", "back"),
        ("back", "front"),
        ("[...] is in France", "**Paris** is in France\nextra"),
        ("Paris is in [...]", "Paris is in **France**\nextra"),
    ]


def test_skips_have_reasons() -> None:
    parsed = parse("Q,A\nQ,A\n,no question\nno answer,\n")
    assert [(s.record, s.reason) for s in parsed.skipped] == [
        ("line 2", "duplicate of line 1"),
        ("line 3", "empty question"),
        ("line 4", "empty answer"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "deck.csv: the file is empty"),
        ("#separator:comma\n#html:true\n", "deck.csv:2: no cards: the file has only header lines"),
        ("Front,Back\n", "deck.csv:1: no cards: the file has a header row but no data"),
        (b"Q,A\nQ2,caf\xe9\n", "deck.csv:2: not UTF-8 text: byte 0xe9 at offset 10 (save the file as UTF-8)"),
        ("Q,A\nonly one field\n", "deck.csv:2: missing fields: 1 field(s), needs at least 2 (question and answer)"),
        ("Q,A\nQ2,A2,extra\n", "deck.csv:2: 3 fields, but the first line has 2; quote fields that contain comma"),
        ("Front,Back\nQ,A,B\n", "deck.csv:2: 3 fields, but the header names 2; quote fields that contain comma"),
        ('Q,A\nQ2,"never closed\nmore\n', "deck.csv:2: a quoted field starting on this line is never closed"),
        (
            'Q,"a"b\n',
            "deck.csv:1: bad quoting: ',' expected after '\"' (quote a whole field and double quotes inside it)",
        ),
        ("Q,A\nQ,B\n", "deck.csv:2: same card as line 1 (same id, GUID or question) but different text"),
        ("#html:maybe\nQ,A\n", "deck.csv:1: #html: must be true or false, not 'maybe'"),
        ("#deck column:zero\nQ,A\n", "deck.csv:1: #deck column: must be a column number from 1, not 'zero'"),
        (
            "id,question,answer\nbad id!,Q,A\n",
            "deck.csv:2: id 'bad id!' may use only letters, digits, '.', '_' and '-'",
        ),
        ("level,question,answer\nexpert,Q,A\n", "deck.csv:2: level 'expert' must be one of basic, mid, senior"),
        (
            "just one column\nand another\n",
            "deck.csv:1: only one column; each line needs a question and an answer"
            " separated by comma (or say which with a '#separator:' line at the top)",
        ),
        (b"Q,A\x00\n", "deck.csv:1: contains NUL bytes; this is not a text file"),
    ],
)
def test_hostile_files(text: str | bytes, message: str) -> None:
    assert error(text) == message


def test_utf16_with_bom_is_read() -> None:
    assert [c.question for c in parse("Q\tA\n".encode("utf-16"), "x.txt").cards] == ["Q"]


_MIXED_ROWS = (
    "Front,Back,Tags,Deck\n"
    "What is a tensor?,An array,ml  math,\n"
    "  Padded question  ,  padded answer ,,Other deck\n"
    "What is a tensor?,An array,ml,\n"  # a duplicate of line 2
    "Short row,answer\n"
    ",no question,,\n"
    "no answer,,,\n"
    "Where is <b>bold</b>?,x &amp; y,,\n"
    '"Two\nlines?","answer\nover two",t,\n'
    '"Carriage\r\nreturn?",x,,\n'
    "{{c1::Cloze}} text,extra,,\n"
    "\n"
    "Last one?,Yes,t1 t2,Deck\n"
)


@pytest.mark.parametrize(
    "text",
    [
        _MIXED_ROWS,
        "#separator:Tab\n#deck:From header\nq1\ta1\nq2\ta2\tignored\n",
        "#notetype:Basic (and reversed card)\nq1,a1\n",
        "Front,Back\nq,a\nq,different answer\n",
    ],
)
def test_the_fast_path_for_basic_rows_reads_every_row_as_the_full_one(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_basic_row` skips work the full `_row` does for plain question/answer/tags/deck rows; every file must
    give the same cards, skipped rows, notes and errors through it as through `_row` alone."""
    from flashcards.importers.delimited import _RowParser

    def outcome() -> object:
        try:
            parsed = parse(text)
        except DeckFormatError as err:
            return str(err)
        return parsed.cards, parsed.skipped, parsed.notes, parsed.decks

    fast = outcome()
    monkeypatch.setattr(_RowParser, "_basic_row", _RowParser._row)
    assert outcome() == fast
