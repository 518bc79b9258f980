"""The Markdown deck format: parsing, validation messages with file:line, and round-trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.deck_format import parse_deck, render_deck, word_count
from flashcards.core.errors import DeckFormatError

GOOD = """---
deck: ML Engineer
role: mle
topic: model-serving
topic_title: Model serving
---

# optional title

## What is dynamic batching?
id: model-serving-001
level: mid
tags: serving, latency
sources: Triton docs

### Notes
**Answer:** Group requests that arrive close together.

```python
## not a heading inside code
### nor this
```

#### A sub-heading is fine

### Key points
- trades latency for throughput
- max batch size and max queue delay
  continue on an indented line
- GPU utilisation

## Second card?
id: model-serving-002
level: S

### Notes
Text with x[i] [/] [bold]markup[/bold].
"""


def test_parses_front_matter_and_cards() -> None:
    deck = parse_deck(GOOD, "serving.md")
    assert (deck.deck, deck.role, deck.topic, deck.topic_title) == ("ML Engineer", "mle", "model-serving", "Model serving")
    first, second = deck.cards
    assert first.card_id == "model-serving-001" and first.level == "mid" and first.tags == ("serving", "latency")
    assert first.line == 10
    assert "## not a heading inside code" in first.notes and "#### A sub-heading" in first.notes
    assert first.key_points[1] == "max batch size and max queue delay continue on an indented line"
    assert second.level == "senior" and second.key_points == ()
    assert second.notes == "Text with x[i] [/] [bold]markup[/bold]."


def test_crlf_and_bom() -> None:
    deck = parse_deck("\ufeff" + GOOD.replace("\n", "\r\n"), "x.md")
    assert len(deck.cards) == 2 and "\r" not in deck.cards[0].notes


def test_strict_requires_id_level_and_three_key_points() -> None:
    with pytest.raises(DeckFormatError) as err:
        parse_deck(GOOD, "serving.md", strict=True)
    assert str(err.value) == "serving.md:32: 0 key points; needs 3-6"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "bad.md: the file is empty"),
        ("## Q\n", "bad.md:1: expected front matter starting with '---'"),
        ("---\ndeck: D\n", "bad.md:1: front matter is not closed with '---'"),
        ("---\nrole: mle\n---\n", "bad.md:1: front matter needs a 'deck: NAME' line"),
        ("---\ndeck: D\ncolour: red\n---\n", "bad.md:3: unknown front matter key 'colour'"),
        ("---\ndeck: D\n---\nhello\n", "bad.md:4: text before the first card"),
        ("---\ndeck: D\n---\n## Q\nid: a\n", "bad.md:4: card 'Q' has no '### Notes' text"),
        ("---\ndeck: D\n---\n## Q\nlevel: expert\n### Notes\nx\n", "bad.md:5: level 'expert' must be one of"),
        ("---\ndeck: D\n---\n## Q\nfoo: 1\n", "bad.md:5: unknown card field 'foo'"),
        ("---\ndeck: D\n---\n## Q\n### Keypoint\n", "bad.md:5: unknown section '### Keypoint'"),
        ("---\ndeck: D\n---\n## Q\n### Notes\n```\ncode\n", "bad.md:6: code block opened with '```' is never closed"),
        (
            "---\ndeck: D\n---\n## Q\n### Notes\nx\n### Key points\nnot a bullet\n",
            "bad.md:8: key points must be '- ' bullet lines",
        ),
        (
            "---\ndeck: D\n---\n## Q\nid: a\n### Notes\nx\n## Q2\nid: a\n### Notes\ny\n",
            "bad.md:8: card id 'a' is already used at line 4",
        ),
        ("---\ndeck: D\n---\n## Same?\n### Notes\nx\n## same\n### Notes\ny\n", "bad.md:7: duplicate question; same as line 4"),
        ("---\ndeck: D\n---\n## Q\nid: has space\n### Notes\nx\n", "bad.md:5: card id 'has space' may use only"),
        (
            "---\ndeck: D\n---\n## Q\n### Notes\nx\n### Key points\n" + "".join(f"- p{i}\n" for i in range(7)),
            "bad.md:14: 7 key points; at most 6",
        ),
    ],
)
def test_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(DeckFormatError) as err:
        parse_deck(text, "bad.md")
    assert str(err.value).startswith(message)


def test_every_error_in_a_file_is_reported_at_its_own_line() -> None:
    text = (
        "---\ndeck: D\ntopic: Not A Slug\n---\n"  # line 3
        "## Q1\nid: bad id\nlevel: expert\n### Notes\nx\n"  # lines 6, 7
        "## Q2\nid: q2\n### Notes\ny\n### Key points\n" + "".join(f"- p{i}\n" for i in range(7))  # 7th at 21
        + "## Q3\nfoo: 1\n### Notes\nz\n"  # line 23
    )
    with pytest.raises(DeckFormatError) as err:
        parse_deck(text, "bad.md")
    lines = str(err.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == ["bad.md:3", "bad.md:6", "bad.md:7", "bad.md:21", "bad.md:23"]
    assert "topic 'Not A Slug'" in lines[0] and "7 key points" in lines[3] and "unknown card field 'foo'" in lines[4]
    assert [e.line for e in err.value.errors] == [3, 6, 7, 21, 23]
    assert (err.value.source, err.value.line) == ("bad.md", 3)


def test_render_round_trip() -> None:
    deck = parse_deck(GOOD, "serving.md")
    again = parse_deck(render_deck(deck), "serving.md")
    assert [(c.card_id, c.question, c.notes, c.key_points, c.level, c.tags, c.sources) for c in again.cards] == [
        (c.card_id, c.question, c.notes, c.key_points, c.level, c.tags, c.sources) for c in deck.cards
    ]


def test_word_count_skips_code() -> None:
    assert word_count("one two\n```\nthree four five\n```\nsix") == 3


@given(st.text(max_size=400))
def test_any_text_parses_or_raises_deck_format_error(text: str) -> None:
    try:
        parse_deck(text, "fuzz.md")
    except DeckFormatError as err:
        assert str(err).startswith("fuzz.md")
