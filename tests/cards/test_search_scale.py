"""The browser search's speed-ups keep its answers: the stored review count (schema 6) stays equal to the
log through every writer and the migration, and every sort order lists what a plain reference query lists."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from flashcards.core.browse import SortKey
from flashcards.core.card_query import fts_match, parse_query
from flashcards.core.clock import FixedClock
from flashcards.db import card_search, maintenance
from flashcards.db.connect import SCHEMA_VERSION
from flashcards.db.engine import make_engine
from flashcards.db.synth import generate
from flashcards.services import Services
from tests.support.data import FIXTURES
from tests.support.db import card_id

STORED_VS_LOG = """SELECT s.card_id, s.reviews, (SELECT count(*) FROM review r WHERE r.card_id = s.card_id)
    FROM card_state s ORDER BY s.card_id"""


def assert_counts_match_log(path: Path) -> int:
    """Every card's stored review count equals its rows in the log; returns the total."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(STORED_VS_LOG).fetchall()
    assert rows and all(stored == counted for _, stored, counted in rows), [r for r in rows if r[1] != r[2]][:5]
    return sum(r[2] for r in rows)


def test_grade_and_undo_keep_the_count(services: Services, clock: FixedClock) -> None:
    study = services.study
    one = card_id(study, "alpha-001")
    study.grade(study.get_card(one), 4)
    clock.advance(days=3)
    second = study.grade(study.get_card(one), 2)
    assert assert_counts_match_log(services.collection.path) == 2
    assert services.cards.listing(one).reviews == 2
    study.undo(second.review_id)
    assert assert_counts_match_log(services.collection.path) == 1
    assert services.cards.listing(one).reviews == 1


def test_imported_history_and_delete_keep_the_count(services: Services) -> None:
    services.imports.import_paths([FIXTURES / "anki_legacy.apkg"], with_history=True)
    total = assert_counts_match_log(services.collection.path)
    assert total > 0
    with sqlite3.connect(services.collection.path) as conn:
        reviewed = [r[0] for r in conn.execute("SELECT card_id FROM card_state WHERE reviews > 0")]
    assert services.cards.listing(reviewed[0]).user_card
    assert services.cards.delete(reviewed[:1]) == 1  # its reviews go with it (the cascade runs the triggers)
    assert assert_counts_match_log(services.collection.path) < total


def test_check_finds_and_repair_recomputes_a_wrong_count(services: Services) -> None:
    study = services.study
    study.grade(study.get_card(card_id(study, "alpha-002")), 5)
    path = services.collection.path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE card_state SET reviews = reviews + 7 WHERE card_id % 2 = 0")
    report = maintenance.check(path)
    assert any("review count" in problem for problem in report.problems)
    maintenance.check(path, repair=True)
    assert assert_counts_match_log(path) == 1
    assert not any("review count" in problem for problem in maintenance.check(path).problems)


def _as_version_5(path: Path) -> None:
    """Turn a current collection back into schema 5: no stored count, no triggers keeping it."""
    with sqlite3.connect(path) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'review_count_%'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("ALTER TABLE card_state DROP COLUMN reviews")
        conn.execute("PRAGMA user_version = 5")


def test_the_migration_fills_the_count_of_a_version_5_file(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    generate(path, 300, 3000, seed=3, today=date(2026, 3, 10))
    _as_version_5(path)
    make_engine(path).dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        conn.execute(
            "INSERT INTO review SELECT NULL, card_id, reviewed_at || 'x', study_day, grade, kind, seconds,"
            " repetitions_before, ef_before, interval_before, due_before, repeat_day_before, lapses_before,"
            " repetitions_after, ef_after, interval_after, due_after, repeat_day_after, lapses_after"
            " FROM review WHERE id = (SELECT min(id) FROM review)"
        )  # the triggers run after the migration
    assert assert_counts_match_log(path) > 3000


# --- every sort order against a plain reference -------------------------------------------------------

_REFERENCE_ROWS = """SELECT s.card_id, s.deck_id, d.name AS deck, s.topic_id, t.title, s.new_order, c.question,
    s.repetitions, s.interval, s.due, s.suspended, s.ef_x100, s.lapses,
    (SELECT count(*) FROM review r WHERE r.card_id = s.card_id) AS reviews
    FROM card_state s JOIN card c ON c.id = s.card_id JOIN deck d ON d.id = s.deck_id
    LEFT JOIN topic t ON t.id = s.topic_id WHERE s.active"""


def _reference(conn: sqlite3.Connection, words: tuple[str, ...], is_new: bool | None, sort: SortKey) -> list[int]:
    """Every matching id in `sort` order (ascending), computed the plain way: the prefix MATCH as a set,
    the review count counted, the order as Python tuples."""
    rows = conn.execute(_REFERENCE_ROWS).fetchall()
    match = fts_match(words)
    if match is not None:
        hits = {r[0] for r in conn.execute("SELECT rowid FROM card_fts WHERE card_fts MATCH ?", (match,))}
        rows = [r for r in rows if r["card_id"] in hits]
    if is_new is not None:
        rows = [r for r in rows if (r["due"] is None) == is_new]
    decks = sorted({(r["deck"].casefold(), r["deck_id"]) for r in rows})
    titles = sorted({((t or "").casefold(), tid) for tid, t in conn.execute("SELECT id, title FROM topic")})
    deck_rank = {d: i for i, (_, d) in enumerate(decks)}
    topic_rank = {t: i for i, (_, t) in enumerate(titles)}

    def stage(r: sqlite3.Row) -> int:
        return 0 if r["due"] is None else 1 if r["repetitions"] < 2 else 2 if r["interval"] < 21 else 3

    key = {
        SortKey.DECK: lambda r: (deck_rank[r["deck_id"]], topic_rank.get(r["topic_id"], -1), r["new_order"]),
        SortKey.QUESTION: lambda r: (r["question"].lower(),),
        SortKey.STATE: lambda r: (stage(r), r["suspended"], r["due"] or ""),
        SortKey.DUE: lambda r: (r["due"] is None, r["due"] or ""),
        SortKey.INTERVAL: lambda r: (r["interval"],),
        SortKey.EF: lambda r: (r["ef_x100"],),
        SortKey.LAPSES: lambda r: (r["lapses"],),
        SortKey.REVIEWS: lambda r: (r["reviews"],),
    }[sort]
    return [r["card_id"] for r in sorted(rows, key=lambda r: (*key(r), r["card_id"]))]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "c.sqlite3"
    generate(path, 400, 4000, seed=2, today=date(2026, 3, 10))
    with sqlite3.connect(path) as conn:  # some ties and gaps: suspended cards, equal review counts
        conn.execute("UPDATE card_state SET suspended = 1 WHERE card_id % 7 = 0")
        conn.execute("UPDATE card_state SET topic_id = NULL WHERE card_id % 11 = 0")  # ranked before every topic
    return path


QUERIES = [("", None), ("kafka", None), ("partition shuffle", None), ("lat", None), ("question 1", None),
           ("synthetic", False), ("zzz", None), ("", True)]  # fmt: skip


def test_deck_order_spelled_as_case_branches_lists_the_same(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids too large for a rank string take the CASE form; same order."""
    monkeypatch.setattr(card_search, "_RANK_IDS", 0)
    test_every_sort_order_lists_what_the_reference_lists(synthetic, SortKey.DECK)


@pytest.mark.parametrize("sort", list(SortKey))
def test_every_sort_order_lists_what_the_reference_lists(synthetic: Path, sort: SortKey) -> None:
    conn = sqlite3.connect(synthetic)
    conn.row_factory = sqlite3.Row
    try:
        for text, is_new in QUERIES:
            typed = text + ("" if is_new is None else " is:new" if is_new else " -is:new")
            query = parse_query(typed)
            expected = _reference(conn, query.words, is_new, sort)
            for descending in (False, True):
                want = expected[::-1] if descending else expected
                for limit in (37, 500):
                    page = card_search.search(
                        conn, query, date(2026, 3, 10), sort=sort, descending=descending, limit=limit
                    )
                    assert [row.id for row in page.rows] == want[:limit], (typed, sort, descending, limit)
                    assert page.total == len(expected)
                    reviews = dict(conn.execute("SELECT card_id, count(*) FROM review GROUP BY card_id").fetchall())
                    assert [row.reviews for row in page.rows] == [reviews.get(i, 0) for i in want[:limit]]
                assert card_search.count_matches(conn, query, date(2026, 3, 10)) == len(expected)
    finally:
        conn.close()


# --- a common tag checked last lists what the tag as a condition lists --------------------------------

TAG_QUERIES = ["tag:synthetic", "kafka tag:synthetic", "tag:third -is:new", "tag:third tag:synthetic lat",
               "tag:THIRD", "-tag:third tag:synthetic", "tag:third is:suspended"]  # fmt: skip


@pytest.fixture(scope="module")
def tagged(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic collection (every card tagged `synthetic`) with a third of its cards also tagged `third`."""
    path = tmp_path_factory.mktemp("tagged") / "c.sqlite3"
    path.write_bytes(synthetic.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE card SET tags = json_insert(tags, '$[#]', 'third') WHERE id % 3 = 0")
    return path


def _page_ids(conn: sqlite3.Connection, text: str, sort: SortKey, descending: bool, limit: int) -> list[int]:
    page = card_search.search(conn, parse_query(text), date(2026, 3, 10), sort=sort, descending=descending, limit=limit)
    return [row.id for row in page.rows]


@pytest.mark.parametrize("sort", [SortKey.DECK, SortKey.DUE, SortKey.QUESTION, SortKey.REVIEWS])
def test_a_common_tag_checked_last_lists_the_same(tagged: Path, sort: SortKey, monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes: list[bool] = []  # per call of the tags-last path: did it fill the page (else the full query ran)
    tags_last = card_search._tags_last

    def spy(*args: object, **kwargs: object) -> list[int] | None:
        ids = tags_last(*args, **kwargs)  # type: ignore[arg-type]
        outcomes.append(ids is not None)
        return ids

    conn = sqlite3.connect(tagged)
    try:
        for candidates in (8, 1):  # with one page of candidates, `third` (1 card in 3) cannot fill a page
            for text in TAG_QUERIES:
                for descending in (False, True):
                    for limit in (37, 500):
                        with monkeypatch.context() as m:
                            m.setattr(card_search, "_common_tags", lambda *_: ((), 1.0))  # every tag a condition
                            m.setattr(card_search, "_tags_last", None)  # (never reached)
                            want = _page_ids(conn, text, sort, descending, limit)
                        with monkeypatch.context() as m:
                            m.setattr(card_search, "_CANDIDATES", candidates)
                            m.setattr(card_search, "_tags_last", spy)
                            got = _page_ids(conn, text, sort, descending, limit)
                        assert got == want, (text, sort, descending, limit, candidates)
    finally:
        conn.close()
    assert True in outcomes and False in outcomes  # both the tags-last page and its fallback were exercised


def test_a_deck_filter_walks_the_index_only_for_a_small_deck(tagged: Path) -> None:
    """A deck of half the cards is scanned (a rowid lookup each through the index is ~4x slower); a deck of
    three is read through ix_state_totals. Both list the same cards as the plain reference."""
    conn = sqlite3.connect(tagged)
    try:
        conn.execute("INSERT INTO deck (name, source, role, created_at) VALUES ('Tiny', 'user', NULL, '2026-03-01')")
        tiny = conn.execute("SELECT id FROM deck WHERE name = 'Tiny'").fetchone()[0]
        conn.execute("UPDATE card_state SET deck_id = ?, topic_id = NULL WHERE card_id IN (5, 6, 7)", (tiny,))
        conn.execute("UPDATE card SET deck_id = ?, topic_id = NULL WHERE id IN (5, 6, 7)", (tiny,))
        plans = {}
        for name, negated in (("Synthetic Data Scientist", False), ("Tiny", False), ("Tiny", True)):
            statements: list[str] = []
            conn.set_trace_callback(statements.append)
            text = f'{"-" if negated else ""}deck:"{name}"'
            page = card_search.search(conn, parse_query(text), date(2026, 3, 10), sort=SortKey.DUE)
            conn.set_trace_callback(None)
            ids_sql = next(s for s in statements if s.startswith("SELECT s.card_id"))
            plans[text] = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + ids_sql))
            want = [
                r[0]
                for r in conn.execute(
                    "SELECT s.card_id FROM card_state s JOIN deck d ON d.id = s.deck_id"
                    f" WHERE s.active AND {'d.name != ?' if negated else 'd.name = ?'}"
                    " ORDER BY s.due IS NULL, s.due, s.card_id",
                    (name,),
                )
            ]
            assert [row.id for row in page.rows] == want[:500] and page.total == len(want), text
        assert "ix_state_totals" not in plans['deck:"Synthetic Data Scientist"'], plans
        assert "ix_state_totals" in plans['deck:"Tiny"'], plans
        assert "ix_state_totals" not in plans['-deck:"Tiny"'], plans
    finally:
        conn.rollback()
        conn.close()
