"""Anki's "Notes in Plain Text" export of cloze notes without a notetype column becomes cloze cards."""

from __future__ import annotations

from flashcards.importers.delimited import parse_delimited


def parse(text: str):  # noqa: ANN201
    return parse_delimited(text.encode("utf-8"), "notes.txt", "file:notes", default_deck="Default")


def test_cloze_text_with_an_empty_second_field_becomes_one_card_per_cloze() -> None:
    parsed = parse(
        "#separator:tab\n#html:true\n"
        "{{c1::Adam}} combines momentum and {{c2::RMSProp::an optimiser}}.\t\n"
        "What is a p-value?\tThe chance of data this extreme under H0.\n"
    )
    got = [(c.question, c.notes) for c in parsed.cards]
    assert got == [
        ("[...] combines momentum and RMSProp.", "**Adam** combines momentum and RMSProp."),
        ("Adam combines momentum and [an optimiser].", "Adam combines momentum and **RMSProp**."),
        ("What is a p-value?", "The chance of data this extreme under H0."),
    ]
    assert not parsed.skipped


def test_a_basic_note_type_keeps_cloze_text_literal() -> None:
    parsed = parse("#separator:tab\n#notetype:Basic\n{{c1::x}} text\tanswer\n")
    assert [c.question for c in parsed.cards] == ["{{c1::x}} text"]
