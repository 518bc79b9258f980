"""CardsService on a real collection file: search with filters, every card action, the index kept in step."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashcards.core.browse import SortKey
from flashcards.core.card_query import CardStatus, QueryError
from flashcards.core.errors import DeckFormatError, FlashcardsError, NotFoundError
from flashcards.services import Services
from tests.support.db import card_id, db_dump
from tests.support.decks import deck_text

MINE = "## What does Kafka's consumer lag measure?\nlevel: mid\ntags: kafka, streaming\n\n### Notes\nThe offset gap.\n"


def ids(services: Services, text: str) -> list[int]:
    return [row.id for row in services.cards.search(text).rows]


def test_search_finds_words_of_question_notes_key_points_and_tags(services: Services) -> None:
    alpha2 = card_id(services.study, "alpha-002")
    assert ids(services, "alpha 2") == [alpha2]  # question "Question alpha 2?"
    assert ids(services, "notes beta") == [card_id(services.study, f"beta-{n:03d}") for n in (1, 2, 3)]
    assert len(ids(services, "three")) == 8  # a key point of every card
    assert len(ids(services, "t")) == 8  # the tag
    assert ids(services, "Ques alph 2") == [alpha2]  # each word is a prefix
    assert ids(services, "nothing-like-this") == []


def test_filters_combine(services: Services) -> None:
    assert len(ids(services, 'deck:"ml engineer"')) == 5
    assert len(ids(services, "role:ds")) == 3
    assert len(ids(services, "topic:alpha")) == 5
    assert len(ids(services, "topic:Beta level:basic")) == 3
    assert len(ids(services, "deck:ML* -topic:alpha")) == 0
    assert len(ids(services, "tag:T is:new")) == 8
    assert ids(services, "deck:nope") == []
    with pytest.raises(QueryError):
        services.cards.search("is:sleepy")


def test_suspend_then_search_then_unsuspend(services: Services) -> None:
    one = card_id(services.study, "alpha-003")
    assert services.cards.suspend([one]) == 1
    assert ids(services, "is:suspended") == [one]
    page = services.cards.search("alpha 3")
    assert page.rows[0].suspended and page.rows[0].state_label == "new, suspended"
    assert services.study.deck_summaries()[1].suspended == 1
    services.cards.suspend([one], False)
    assert ids(services, "is:suspended") == []


def test_unknown_id_writes_nothing(services: Services) -> None:
    one = card_id(services.study, "alpha-001")
    before = db_dump(services.study)
    with pytest.raises(NotFoundError, match="no card with id 999"):
        services.cards.suspend([one, 999])
    assert db_dump(services.study) == before


def test_bury_flag_and_forget(services: Services) -> None:
    one, two = card_id(services.study, "alpha-001"), card_id(services.study, "alpha-002")
    services.cards.bury([one, two])
    assert ids(services, "is:buried") == [one, two]
    assert services.study.next_card().card.id not in (one, two)  # type: ignore[union-attr]
    services.cards.bury([one], buried=False)
    assert ids(services, "is:buried") == [two]
    services.cards.flag([two])
    assert ids(services, "is:flagged") == [two]
    services.cards.flag([two], False)
    assert ids(services, "is:flagged") == []
    services.study.grade(services.study.get_card(one), 4)
    assert ids(services, "is:learning") == [one]
    assert services.cards.forget([one]) == 1
    card = services.study.get_card(one)
    assert card.state.is_new and card.state.repetitions == 0 and card.state.ef_x100 == 250
    assert len(services.study.card_history(one)) == 1  # history kept
    assert one in ids(services, "is:new")


def test_sort_orders(services: Services) -> None:
    page = services.cards.search("", sort=SortKey.QUESTION, descending=True)
    assert [r.question for r in page.rows] == sorted((r.question for r in page.rows), reverse=True)
    assert page.total == 8 and not page.truncated
    small = services.cards.search("", limit=3)
    assert len(small.rows) == 3 and small.total == 8 and small.truncated
    assert [r.deck for r in services.cards.search("").rows][:3] == ["Data Scientist"] * 3


def test_add_delete_and_move_user_cards(services: Services) -> None:
    [new] = services.cards.add_text("My cards", MINE)
    assert ids(services, "offset gap") == [new]
    assert ids(services, "tag:kafka deck:my*") == [new]
    listing = services.cards.search("offset").rows[0]
    assert listing.user_card and listing.stage == CardStatus.NEW
    services.cards.create_deck("Second")
    assert services.cards.move([new], "second") == 1
    assert services.study.get_card(new).deck == "Second"
    bundled = card_id(services.study, "alpha-001")
    with pytest.raises(FlashcardsError, match="bundled deck"):
        services.cards.delete([new, bundled])
    with pytest.raises(FlashcardsError, match="bundled deck"):
        services.cards.move([new], "ML Engineer")
    services.study.grade(services.study.get_card(new), 2)
    assert services.cards.delete([new]) == 1
    assert ids(services, "offset") == []
    with pytest.raises(NotFoundError):
        services.study.get_card(new)
    conn = sqlite3.connect(services.collection.path)
    assert conn.execute("SELECT count(*) FROM review WHERE card_id = ?", (new,)).fetchone() == (0,)
    assert conn.execute("SELECT coalesce(sum(answers), 0) FROM review_day").fetchone() == (0,)
    conn.close()


def test_add_errors_name_the_line_and_write_nothing(services: Services) -> None:
    before = db_dump(services.study)
    with pytest.raises(DeckFormatError, match=r"^cards\.md:7: level 'expert' must be one of"):
        services.cards.add_text("Mine", "## Good?\n\n### Notes\nYes.\n\n## Bad?\nlevel: expert\n\n### Notes\nNo.\n", "cards.md")
    with pytest.raises(DeckFormatError, match="already used by card"):
        services.cards.add_text("Mine", "## Q?\nid: alpha-001\n\n### Notes\nN.\n", "x.md")
    with pytest.raises(FlashcardsError, match="bundled deck"):
        services.cards.add_text("ML Engineer", MINE)
    assert db_dump(services.study) == before


def test_rename_deck(services: Services) -> None:
    services.cards.add_text("Mine", MINE)
    services.cards.rename_deck("mine", "Ours")
    assert services.cards.user_decks() == ["Ours"]
    with pytest.raises(FlashcardsError, match="bundled"):
        services.cards.rename_deck("ML Engineer", "X")
    with pytest.raises(FlashcardsError, match="already exists"):
        services.cards.rename_deck("Ours", "data scientist")


def test_edit_text_keeps_progress_and_updates_the_index(services: Services) -> None:
    one = card_id(services.study, "alpha-001")
    services.study.grade(services.study.get_card(one), 5)
    text = services.cards.card_text(one)
    assert "id: alpha-001" in text
    assert services.cards.edit_text(one, text.replace("Notes for alpha 1.", "Zebra answer.")) is True
    assert ids(services, "zebra") == [one]
    assert one not in ids(services, "notes alpha")
    assert services.study.get_card(one).state.repetitions == 1
    with pytest.raises(DeckFormatError, match="the id cannot change"):
        services.cards.edit_text(one, text.replace("id: alpha-001", "id: other"))
    with pytest.raises(DeckFormatError, match=r"^card \d+:\d+: .*no '### Notes'"):
        services.cards.edit_text(one, text.replace("Notes for alpha 1.", ""))


def test_edit_of_a_bundled_card_survives_the_sync_and_a_file_change_is_reported(services: Services, decks_dir: Path) -> None:
    one = card_id(services.study, "alpha-001")
    services.cards.edit(one, question="My own question?", notes="Mine.", key_points=("a",), tags=("x",), level="mid")
    assert services.cards.file_version(one) is not None and not services.cards.file_version(one).changed  # type: ignore[union-attr]
    assert ids(services, "is:edited") == [one]
    assert ids(services, "tag:X") == [one]
    assert one not in ids(services, "tag:t") and len(ids(services, "tag:t")) == 7
    # the bundled file changes another card and then this one: the user's text stays
    path = decks_dir / "mle-alpha.md"
    path.write_text(deck_text("ML Engineer", "alpha", 5).replace("Notes for alpha 2.", "Changed 2."))
    services.bundled.sync()
    assert services.study.get_card(one).question == "My own question?"
    assert services.cards.changed_in_files() == []
    path.write_text(deck_text("ML Engineer", "alpha", 5).replace("Notes for alpha 1.", "Better notes 1."))
    report = services.bundled.sync()
    assert report.edits_behind == ("alpha-001",) and "1 card(s) you edited changed" in report.summary()
    card = services.study.get_card(one)
    assert (card.question, card.notes) == ("My own question?", "Mine.")
    assert services.cards.changed_in_files() == [one]
    version = services.cards.file_version(one)
    assert version is not None and version.changed and version.spec.notes == "Better notes 1."
    services.cards.settle_edit(one, take_file=False)
    assert services.cards.changed_in_files() == [] and services.study.get_card(one).notes == "Mine."
    services.cards.settle_edit(one, take_file=True)
    card = services.study.get_card(one)
    assert (card.question, card.notes) == ("Question alpha 1?", "Better notes 1.")
    assert services.cards.file_version(one) is None
    assert ids(services, "better") == [one]


def test_index_follows_the_sync_and_check_repair_rebuilds_it(services: Services, decks_dir: Path) -> None:
    (decks_dir / "mle-alpha.md").write_text(deck_text("ML Engineer", "alpha", 5).replace("Notes for alpha 4.", "Quokka."))
    services.bundled.sync()
    assert ids(services, "quokka") == [card_id(services.study, "alpha-004")]
    conn = sqlite3.connect(services.collection.path)
    with conn:
        conn.execute("DROP TRIGGER card_fts_update")
        conn.execute("UPDATE card SET notes = 'Wombat.' WHERE key = 'alpha-005'")
    conn.close()
    report = services.maintenance.check()
    assert any("search index" in p for p in report.problems)
    fixed = services.maintenance.check(repair=True)
    assert "rebuilt the search index from the cards" in fixed.repaired
    assert services.maintenance.check().problems == ()
    assert ids(services, "wombat") == [card_id(services.study, "alpha-005")]
    conn = sqlite3.connect(services.collection.path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'card_fts_update'").fetchone() == (1,)
    conn.close()


WORDS = st.text(alphabet=st.sampled_from(list('ab zé1"*()-^+:[]NEARORANDNOT\\\'.')), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(WORDS)
def test_any_saved_text_is_stored_literally_and_found_by_itself(services: Services, text: str) -> None:
    """A card whose question is any text (FTS syntax included) is stored as written and found by searching it."""
    question = f"Q {text.strip()} end?"
    body = f"## {question}\n\n### Notes\n{text}\n"
    try:
        [new] = services.cards.add_text("Fuzz", body)
    except DeckFormatError:
        return  # e.g. a question that repeats one already added in this run
    assert services.study.get_card(new).question == question.strip()
    searchable = " ".join(w for w in question.split() if ":" not in w)
    assert new in ids(services, searchable)
    services.cards.delete([new])


@pytest.mark.parametrize("key", list(SortKey))
def test_every_column_sorts_both_ways(services: Services, key: SortKey) -> None:
    """Each column's order, up and down, on cards given different histories (grades 5, 5 / 1 / 4 and none)."""
    rows = services.cards.search("").rows
    for row, grades in zip(rows, [(5, 5), (1,), (4,), (5, 1, 5)], strict=False):
        for grade in grades:
            services.study.grade(services.study.get_card(row.id), grade)
    value = {
        SortKey.QUESTION: lambda r: r.question.casefold(),
        SortKey.DUE: lambda r: (r.due is None, r.due),
        SortKey.INTERVAL: lambda r: r.interval,
        SortKey.EF: lambda r: r.ef_x100,
        SortKey.LAPSES: lambda r: r.lapses,
        SortKey.REVIEWS: lambda r: r.reviews,
        SortKey.STATE: lambda r: ["new", "learning", "young", "mature"].index(r.stage.value),
        SortKey.DECK: lambda r: r.deck,
    }[key]
    for descending in (False, True):
        got = [value(r) for r in services.cards.search("", sort=key, descending=descending).rows]
        if key == SortKey.DUE and descending:
            got = [v for v in got if v[1] is not None] or got  # never-due (new) cards are not compared by date
        assert got == sorted(got, reverse=descending), (key, descending, got)
        assert len(set(map(str, got))) > 1  # the test cards differ in this column
