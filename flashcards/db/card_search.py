"""The card browser's reads: a parsed query (core.card_query) as one SQL statement over the cards and their index.

Free words go to the FTS5 index (db/search_index.py) as one bound MATCH parameter built by
`core.card_query.fts_match`; filters become conditions with bound parameters. Deck, topic
and role names are matched in Python (Unicode case folding, `*` wildcards) against the few
deck and topic rows, then filtered by id.
"""

from __future__ import annotations

import fnmatch
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flashcards.core import card_query
from flashcards.core.browse import CardListing, SearchPage, SortKey, stage
from flashcards.core.card_query import CardQuery, CardStatus, Field, Filter, fts_match
from flashcards.core.stats import MATURE_DAYS
from flashcards.db.codec import parse_day

_FROM = """FROM card c JOIN card_state s ON s.card_id = c.id JOIN deck d ON d.id = c.deck_id
    LEFT JOIN topic t ON t.id = c.topic_id"""

_SELECT = """SELECT c.id, c.key, c.deck_id, d.name AS deck_name, d.source AS deck_source, t.slug, t.title,
    c.question, s.repetitions, s.ef_x100, s.interval, s.due, s.lapses, s.suspended, s.buried_until, s.flagged,
    s.leech, s.reviews,
    EXISTS (SELECT 1 FROM card_upstream u WHERE u.card_id = c.id) AS edited"""

_STATUS_SQL = {
    CardStatus.NEW: "s.due IS NULL",
    CardStatus.LEARNING: "s.due IS NOT NULL AND s.repetitions < 2",
    CardStatus.YOUNG: f"s.due IS NOT NULL AND s.repetitions >= 2 AND s.interval < {MATURE_DAYS}",
    CardStatus.MATURE: f"s.due IS NOT NULL AND s.repetitions >= 2 AND s.interval >= {MATURE_DAYS}",
    CardStatus.DUE: "s.due <= :today",
    CardStatus.SUSPENDED: "s.suspended",
    CardStatus.BURIED: "s.buried_until > :today",
    CardStatus.FLAGGED: "s.flagged",
    CardStatus.LEECH: "s.leech",
    CardStatus.EDITED: "EXISTS (SELECT 1 FROM card_upstream u WHERE u.card_id = s.card_id)",
}

_STAGE_ORDER = f"CASE WHEN s.due IS NULL THEN 0 WHEN s.repetitions < 2 THEN 1 WHEN s.interval < {MATURE_DAYS} THEN 2 ELSE 3 END"

_ORDER = {
    SortKey.QUESTION: ("c.question COLLATE NOCASE",),
    SortKey.STATE: (_STAGE_ORDER, "s.suspended", "s.due"),
    SortKey.DUE: ("s.due IS NULL", "s.due"),
    SortKey.INTERVAL: ("s.interval",),
    SortKey.EF: ("s.ef_x100",),
    SortKey.LAPSES: ("s.lapses",),
    SortKey.REVIEWS: ("s.reviews",),
}


@dataclass
class _Where:
    """Conditions on card_state (alias s; card c only where a filter needs its text) and their parameters."""

    parts: list[str] = field(default_factory=lambda: ["s.active"])
    params: dict[str, object] = field(default_factory=dict)
    fts: str | None = None  # the bound MATCH parameter, when free words go to the index
    # Deck and topic conditions by the share of the cards they hold (see _in): with only broad ones,
    # card_state is scanned rather than read through ix_state_totals.
    narrow: int = 0
    broad: int = 0

    def source(self, card: bool) -> str:
        """The FROM clause: the index's matches drive the loop (each looks its state up by rowid), so a
        word matching most cards streams its list instead of first building a set of every rowid."""
        if self.fts:
            tables = "card_fts f CROSS JOIN card_state s ON s.card_id = f.rowid"
        else:
            tables = "card_state s NOT INDEXED" if self.broad and not self.narrow else "card_state s"
        return tables + (" JOIN card c ON c.id = s.card_id" if card else "")

    def bind(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def add(self, condition: str, negated: bool) -> None:
        self.parts.append(f"NOT ({condition})" if negated else f"({condition})")

    def sql(self) -> str:
        fts = [f"f.card_fts MATCH {self.fts}"] if self.fts else []
        return " AND ".join(fts + self.parts)

    @property
    def needs_card(self) -> bool:
        """True when a condition reads the card table (level and tag filters)."""
        return any("c." in part for part in self.parts)


def _names_match(pattern: str, name: str | None) -> bool:
    """Case-insensitive equality, or a glob when the pattern holds `*` or `?`."""
    if name is None:
        return False
    pattern, name = pattern.casefold(), name.casefold()
    return fnmatch.fnmatchcase(name, pattern) if any(ch in pattern for ch in "*?[") else name == pattern


def _ids(values: list[int]) -> str:
    return ",".join(str(int(v)) for v in values) or "NULL"


def _in(conn: sqlite3.Connection, where: _Where, column: str, ids: list[int], negated: bool) -> str:
    """`s.<column> IN (ids)`, counted in `where` as broad when the ids hold over a tenth of the active cards
    or the condition is `negated` (all but a small deck: no index narrows that down).

    Through ix_state_totals, each of tens of thousands of cards is a lookup by rowid, ~4x the time of
    a scan of card_state (37 ms against 10 at 100k cards for a deck of half of them); for a small deck
    the index is the faster way. The shares come from topic_count (db/topic_counts.py), a few rows.
    """
    key = "deck_id" if column == "deck_id" else "topic_key"
    held, active = conn.execute(
        f"SELECT coalesce(sum(CASE WHEN {key} IN ({_ids(ids)}) THEN total END), 0), coalesce(sum(total), 0)"
        " FROM topic_count"
    ).fetchone()
    if negated or held * 10 > active:
        where.broad += 1
    else:
        where.narrow += 1
    return f"s.{column} IN ({_ids(ids)})"


def _condition(conn: sqlite3.Connection, where: _Where, item: Filter) -> str:
    """The SQL condition for one filter (parameters bound into `where`)."""
    value = item.value
    if item.field == Field.DECK:
        decks = [d for d, name in conn.execute("SELECT id, name FROM deck") if _names_match(value, name)]
        return _in(conn, where, "deck_id", decks, item.negated)
    if item.field == Field.ROLE:
        decks = [d for d, role in conn.execute("SELECT id, role FROM deck") if _names_match(value, role)]
        return _in(conn, where, "deck_id", decks, item.negated)
    if item.field == Field.TOPIC:
        topics = [
            tid
            for tid, slug, title in conn.execute("SELECT id, slug, title FROM topic")
            if _names_match(value, slug) or _names_match(value, title)
        ]
        return _in(conn, where, "topic_id", topics, item.negated)
    if item.field == Field.LEVEL:
        return f"c.level = {where.bind(value.casefold())}"
    if item.field == Field.TAG:
        if value.casefold() == CardStatus.LEECH.value:
            return f"({_STATUS_SQL[CardStatus.LEECH]} OR s.card_id IN (SELECT card_id FROM card_tag WHERE tag = 'leech'))"
        return f"s.card_id IN (SELECT card_id FROM card_tag WHERE tag = lower({where.bind(value)}))"
    return _STATUS_SQL[CardStatus(value)]


def _where(conn: sqlite3.Connection, query: CardQuery, today: date, skip: tuple[Filter, ...] = ()) -> _Where:
    """The conditions of `query`, leaving out the filters in `skip` (applied apart, see _tags_last)."""
    where = _Where()
    where.params["today"] = today.isoformat()
    match = _match(conn, query.words)
    if match is not None:
        where.fts = where.bind(match)
    elif query.words:
        where.add("0", False)
    for item in query.filters:
        if item not in skip:
            where.add(_condition(conn, where, item), item.negated)
    return where


# A tag on most cards costs more as a condition than the rest of the query: SQLite builds the set of
# every card holding it (~20 ms at 100k cards) before the first row. Such a tag is checked last instead,
# on the first cards in order that match everything else: enough of them to fill the page half again
# at the tag's share of the cards, at most _CANDIDATES pages.
_CANDIDATES = 8
_COMMON_SHARE = 4  # a tag on at least a quarter of the active cards is common


def _common_tags(conn: sqlite3.Connection, query: CardQuery) -> tuple[tuple[Filter, ...], float]:
    """The filters of `query` requiring a tag held by at least 1/_COMMON_SHARE of the active cards, and
    the share of the active cards expected to hold all of them (as if the tags were independent)."""
    leech = CardStatus.LEECH.value
    tags = [f for f in query.filters if f.field == Field.TAG and not f.negated and f.value.casefold() != leech]
    if not tags:
        return (), 1.0
    (active,) = conn.execute("SELECT coalesce(sum(total), 0) FROM topic_count").fetchone()
    common, share = [], 1.0
    for item in tags:
        (held,) = conn.execute("SELECT count(*) FROM card_tag WHERE tag = lower(?)", (item.value,)).fetchone()
        if active > 0 and held * _COMMON_SHARE >= active:
            common.append(item)
            share *= min(1.0, held / active)
    return tuple(common), share


def _tags_last(
    conn: sqlite3.Connection, where: _Where, source: str, order: str, tags: tuple[Filter, ...], cap: int, limit: int
) -> list[int] | None:
    """The first `limit` ids in `order` matching `where` and holding every tag of `tags`, or None when the
    first `cap` cards matching `where` hold too few of them to fill the page.

    Exact: the candidates are a prefix of the full order, so the first `limit` of them holding the
    tags are the first `limit` of all cards holding them.
    """
    sql = f"SELECT s.card_id FROM {source} WHERE {where.sql()} ORDER BY {order} LIMIT {int(cap)}"
    candidates = [r[0] for r in conn.execute(sql, where.params)]
    keep = set(candidates)
    for item in tags:
        rows = conn.execute(
            f"SELECT card_id FROM card_tag WHERE tag = lower(?) AND card_id IN ({_ids(candidates)})", (item.value,)
        )
        keep.intersection_update(r[0] for r in rows)
    ids = [i for i in candidates if i in keep][:limit]
    if len(ids) < limit and len(candidates) == cap:
        return None
    return ids


# A prefix longer than the index's prefix lengths (search_index.CREATE: 1-3 letters) makes FTS5 merge every
# matching term's list in memory before the first row, and again for each probe: tens of ms for a common
# word. Spelled as an OR of the index's own terms with that prefix (read from its vocabulary), the same
# cards stream from the term lists. A prefix with more terms than this keeps the `*` form.
_MAX_TERMS = 16
_INDEXED_PREFIX = 3


def _match(conn: sqlite3.Connection, words: tuple[str, ...]) -> str | None:
    """The MATCH expression of `words` (core.card_query.fts_match), with long ASCII prefixes spelled as terms."""
    tokens = [token for word in words for token in card_query.tokens(word)]
    if not tokens:
        return fts_match(words)
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.card_vocab USING fts5vocab(main, card_fts, row)")
    parts = []
    for token in tokens:
        part = f'"{token}"*'
        if len(token) > _INDEXED_PREFIX and token.isascii():
            low = token.lower()
            terms = [
                r[0]
                for r in conn.execute(
                    "SELECT term FROM temp.card_vocab WHERE term >= ? AND term < ? LIMIT ?",
                    (low, low + "\U0010ffff", _MAX_TERMS + 1),
                )
            ]
            if len(terms) <= _MAX_TERMS and all(t.isascii() and t.isalnum() for t in terms):
                part = "(" + " OR ".join(f'"{t}"' for t in terms) + ")" if terms else '"' + low + '"'
        parts.append(part)
    return " AND ".join(parts)


_RANK_IDS = 20_000  # above this id, a rank string would be long: the ranks are spelled as CASE branches


def _rank(column: str, ranks: dict[int, int], width: int) -> str:
    """An expression giving each id in `ranks` its rank as `width` digits, and NULL for a NULL `column`.

    The ranks are spelled as one fixed-width string indexed by id (`substr`), not a CASE of a branch per
    deck or topic: a CASE tests its branches in turn for each of 100k rows, several times slower to sort.
    """
    if not ranks:
        return "NULL"
    if min(ranks) < 1 or max(ranks) > _RANK_IDS:
        return f"CASE {column} " + " ".join(f"WHEN {int(i)} THEN '{n:0{width}}'" for i, n in ranks.items()) + " END"
    cells = [" " * width] * max(ranks)
    for i, n in ranks.items():
        cells[i - 1] = f"{n:0{width}}"
    return f"substr('{''.join(cells)}', {column} * {width} - {width - 1}, {width})"


def _deck_order(conn: sqlite3.Connection) -> tuple[str, ...]:
    """ORDER BY terms for deck name, then topic title (cards without a topic first), then file order.

    Topics belong to a deck (a card moved to another deck loses its topic), so one rank per topic, and
    one per deck for its cards without a topic, spell deck and topic in a single key: one lookup per row
    for a sort of ~100k matches, not two. The decks and topics are few; the sort stays on card_state.
    """
    decks = sorted(conn.execute("SELECT id, name FROM deck").fetchall(), key=lambda r: (r[1].casefold(), r[0]))
    place = {int(d): n for n, (d, _) in enumerate(decks)}
    topics = sorted(
        ((int(t), int(d), (title or "").casefold()) for t, d, title in conn.execute("SELECT id, deck_id, title FROM topic")),
        key=lambda r: (place.get(r[1], len(place)), r[2], r[0]),
    )
    deck_ranks: dict[int, int] = {}
    topic_ranks: dict[int, int] = {}
    by_deck: dict[int, list[int]] = {}
    for topic_id, deck_id, _ in topics:
        by_deck.setdefault(deck_id, []).append(topic_id)
    for deck_id in [*place, *(d for d in by_deck if d not in place)]:
        deck_ranks[deck_id] = len(deck_ranks) + len(topic_ranks)
        for topic_id in by_deck.get(deck_id, []):
            topic_ranks[topic_id] = len(deck_ranks) + len(topic_ranks)
    width = len(str(len(deck_ranks) + len(topic_ranks)))
    key = f"coalesce({_rank('s.topic_id', topic_ranks, width)}, {_rank('s.deck_id', deck_ranks, width)})"
    return (key, "s.new_order")


def search(
    conn: sqlite3.Connection,
    query: CardQuery,
    today: date,
    *,
    text: str = "",
    sort: SortKey = SortKey.DECK,
    descending: bool = False,
    limit: int = 500,
    count: bool = True,
) -> SearchPage:
    """The first `limit` active cards matching `query` on study day `today`, in `sort` order, and the total.

    Two steps: the ids in order from the narrow card_state rows (the card text is read only
    when a filter or the question sort needs it), then the listed cards' details. Without
    `count`, a full page's total is left None (the browser counts in a second step).
    """
    terms = _deck_order(conn) if sort == SortKey.DECK else _ORDER[sort]
    direction = " DESC" if descending else ""
    order = ", ".join(f"{term}{direction}" for term in (*terms, "s.card_id"))
    ids = None
    tags, share = _common_tags(conn, query) if limit > 0 else ((), 1.0)
    where = _where(conn, query, today, skip=tags)
    if tags:
        cap = min(_CANDIDATES * limit, int(1.5 * limit / share) + 1)
        ids = _tags_last(conn, where, where.source(where.needs_card or sort == SortKey.QUESTION), order, tags, cap, limit)
    if ids is None:
        for item in tags:  # too few candidates held them: the full query, with the tags as conditions
            where.add(_condition(conn, where, item), item.negated)
        source = where.source(where.needs_card or sort == SortKey.QUESTION)
        sql = f"SELECT s.card_id FROM {source} WHERE {where.sql()} ORDER BY {order} LIMIT {int(limit)}"
        ids = [r[0] for r in conn.execute(sql, where.params)]
    rows = {r[0]: r for r in _plain(conn).execute(f"{_SELECT} {_FROM} WHERE c.id IN ({_ids(ids)})")}
    listings = tuple(_listing(rows[i], today) for i in ids if i in rows)
    total: int | None = len(ids)
    if len(ids) >= limit:
        total = count_matches(conn, query, today) if count else None
    return SearchPage(text, listings, total, sort, descending)


def count_matches(conn: sqlite3.Connection, query: CardQuery, today: date) -> int:
    """How many active cards match `query`."""
    where = _where(conn, query, today)
    sql = f"SELECT count(*) FROM {where.source(where.needs_card)} WHERE {where.sql()}"
    return int(conn.execute(sql, where.params).fetchone()[0])


def matching_ids(conn: sqlite3.Connection, query: CardQuery, today: date) -> list[int]:
    """The ids of every active card matching `query`, in id order."""
    where = _where(conn, query, today)
    sql = f"SELECT s.card_id FROM {where.source(where.needs_card)} WHERE {where.sql()} ORDER BY s.card_id"
    return [r[0] for r in conn.execute(sql, where.params)]


def _plain(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor giving plain tuples: a page of 500 listings reads its columns by position, not by name."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def _listing(row: tuple[Any, ...], today: date) -> CardListing:
    """One row of _SELECT (its column order) as a listing."""
    (card_id, key, deck_id, deck, deck_source, slug, title, question, repetitions, ef_x100, interval, due_text,
     lapses, suspended, buried_text, flagged, leech, reviews, edited) = row  # fmt: skip
    due = parse_day(due_text)
    buried = parse_day(buried_text)
    return CardListing(
        id=card_id, key=key, deck_id=deck_id, deck=deck, topic=slug, topic_title=title, question=question,
        stage=stage(due, repetitions, interval), due=due, interval=interval, ef_x100=ef_x100, lapses=lapses,
        reviews=reviews, suspended=bool(suspended), buried=buried is not None and buried > today,
        flagged=bool(flagged), leech=bool(leech), edited=bool(edited), user_card=deck_source != "bundled",
    )  # fmt: skip


def file_version(conn: sqlite3.Connection, card_id: int) -> dict[str, object] | None:
    """The deck file's version of a card the user edited (text columns and `changed`), or None if not edited."""
    row = conn.execute(
        "SELECT question, notes, key_points, level, tags, sources, changed FROM card_upstream WHERE card_id = ?",
        (card_id,),
    ).fetchone()
    return {key: row[key] for key in row.keys()} if row is not None else None


def changed_upstream(conn: sqlite3.Connection) -> list[int]:
    """Cards the user edited whose deck file has changed since (waiting for take-or-keep)."""
    return [r[0] for r in conn.execute("SELECT card_id FROM card_upstream WHERE changed ORDER BY card_id")]


def user_decks(conn: sqlite3.Connection) -> list[str]:
    """The names of every deck that is not a bundled one, by name."""
    return [r[0] for r in conn.execute("SELECT name FROM deck WHERE source != 'bundled' ORDER BY name")]


def listing(conn: sqlite3.Connection, card_id: int, today: date) -> CardListing | None:
    """One card as the browser lists it (active or not), or None."""
    row = _plain(conn).execute(f"{_SELECT} {_FROM} WHERE c.id = :id", {"id": card_id}).fetchone()
    return _listing(row, today) if row is not None else None


def card_id_of(conn: sqlite3.Connection, ref: str) -> int | None:
    """The id of the card named by `ref`: its number, else its key; None if there is none."""
    if ref.strip().isdigit():
        row = conn.execute("SELECT id FROM card WHERE id = ?", (int(ref),)).fetchone()
    else:
        row = conn.execute("SELECT id FROM card WHERE key = ?", (ref.strip(),)).fetchone()
    return int(row[0]) if row is not None else None
