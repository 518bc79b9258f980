"""The browser's query syntax: filters, free words, errors, and free text that can never break the FTS5 query."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.core.card_query import CardQuery, Field, Filter, QueryError, fts_match, parse_query
from flashcards.db import search_index

OPERATOR_TEXT = st.text(
    alphabet=st.sampled_from(list('ab zé1"*()-:^+{}[],.NEARORANDNOT\\\'\t')) | st.characters(), max_size=40
)


def test_filters_and_free_words() -> None:
    query = parse_query('deck:"ML Engineer" is:suspended tag:kafka topic:x role:mle level:senior kafka lag')
    assert query == CardQuery(
        words=("kafka", "lag"),
        filters=(
            Filter(Field.DECK, "ML Engineer"),
            Filter(Field.IS, "suspended"),
            Filter(Field.TAG, "kafka"),
            Filter(Field.TOPIC, "x"),
            Filter(Field.ROLE, "mle"),
            Filter(Field.LEVEL, "senior"),
        ),
    )


def test_negation_case_and_unknown_keys_are_text() -> None:
    query = parse_query("-is:Suspended IS:leech http://x.org")
    assert query.filters == (Filter(Field.IS, "suspended", negated=True), Filter(Field.IS, "leech"))
    assert query.words == ("http://x.org",)


def test_quoted_words_stay_one_phrase() -> None:
    assert parse_query('"exactly once" kafka').words == ("exactly once", "kafka")


@pytest.mark.parametrize(
    ("text", "message"),
    [("is:nope", "unknown state 'nope'"), ("deck:", "needs a value"), ('deck:""', "needs a value")],
)
def test_bad_filters_name_the_term(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_words_without_letters_are_dropped() -> None:
    assert parse_query("* ( ) - NEAR").words == ("NEAR",)
    assert fts_match(()) is None


def test_fts_match_quotes_everything() -> None:
    assert fts_match(("say \"hi\"", "x[i]")) == "\"say\"* AND \"hi\"* AND \"x\"* AND \"i\"*"


def _index() -> sqlite3.Connection:
    """The app's search index (same DDL and triggers) over a minimal card table."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE card (id INTEGER PRIMARY KEY, question, notes, key_points, tags)")
    conn.execute("CREATE TABLE card_tag (tag, card_id, PRIMARY KEY (tag, card_id))")
    for ddl in search_index.STATEMENTS:
        conn.execute(ddl)
    conn.execute("INSERT INTO card VALUES (1, 'near kafka or not and (x) \"quoted\"', '', '[]', '[]')")
    return conn


@settings(max_examples=300, deadline=None)
@given(OPERATOR_TEXT)
def test_any_free_text_is_a_valid_fts_query(text: str) -> None:
    """Quotes, `*`, NEAR, `-`, AND/OR/NOT and parentheses in what a user types never reach FTS5 as syntax."""
    conn = _index()
    try:
        query = parse_query(text)
    except QueryError:
        return  # e.g. `is:zz`: reported to the user, never sent to SQLite
    match = fts_match(query.words)
    if match is not None:
        conn.execute("SELECT rowid FROM card_fts WHERE card_fts MATCH ?", (match,)).fetchall()
