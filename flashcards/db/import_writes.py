"""Plan and write an import in one transaction: decks, topics, cards, states and imported review history.

The same planning code answers the preview (in a read transaction that is rolled back) and
does the import (under `BEGIN IMMEDIATE`), so the preview's counts are the import's counts.
Rows go in with `executemany` on the driver connection: an import of 100k cards is one
transaction of a few statements, not 100k ORM objects.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy.engine import Engine

from flashcards.core.import_models import FileImportPreview, ImportedCard, ImportedHistory, ParsedImport, SkippedRecord
from flashcards.db import search_index, topic_counts
from flashcards.db.codec import day_text

Row = tuple[Any, ...]  # the values of one queued statement

_CHUNK = 900
_SCAN_ABOVE = 5000
_IMPORT_CACHE_KIB = -131072
_CONTENT_KEYS = ("deck_id", "topic_id", "question", "notes", "key_points", "level", "tags", "sources")


class _Existing(NamedTuple):
    """A card already in the collection, as far as an import compares it."""

    id: int
    deck_id: int
    topic_id: int | None
    question: str
    notes: str
    key_points: str
    level: str | None
    tags: str
    sources: str
    source_file: str | None
    position: int
    active: bool
    due: str | None
    last_review_at: str | None


@dataclass
class _Plan:
    """Rows to write, gathered while every file is compared with the collection."""

    now: str
    deck_source: str
    next_card: int
    next_deck: int
    next_topic: int
    previews: list[FileImportPreview] = field(default_factory=list)
    decks: dict[str, int] = field(default_factory=dict)
    topics: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    deck_inserts: list[Row] = field(default_factory=list)
    deck_updates: list[Row] = field(default_factory=list)
    topic_inserts: list[Row] = field(default_factory=list)
    topic_updates: list[Row] = field(default_factory=list)
    card_inserts: dict[str, list[Row]] = field(default_factory=dict)  # by source file: (id, key, content..., position)
    state_inserts: list[Row] = field(default_factory=list)
    card_updates: list[Row] = field(default_factory=list)
    state_copies: list[Row] = field(default_factory=list)
    state_history: list[Row] = field(default_factory=list)
    review_inserts: list[Row] = field(default_factory=list)
    upstream_updates: list[Row] = field(default_factory=list)
    upstream: dict[int, Row] = field(default_factory=dict)
    edits_behind: list[str] = field(default_factory=list)
    deactivate: list[Row] = field(default_factory=list)
    planned: dict[str, tuple[str, str]] = field(default_factory=dict)
    claimed_ids: set[int] = field(default_factory=set)
    count_only: bool = False  # a preview: new cards are counted, their rows never built
    fresh_states: list[int] = field(default_factory=list)  # new cards whose state is a plain new one, made in SQL


def preview(engine: Engine, files: list[ParsedImport]) -> list[FileImportPreview]:
    """What importing `files` would do, file by file; nothing is written."""
    with _driver(engine) as conn:
        conn.execute("BEGIN")
        try:
            return _plan(conn, files, now="", deck_source="import", count_only=True).previews
        finally:
            conn.execute("ROLLBACK")


def apply(
    engine: Engine,
    files: list[ParsedImport],
    now: str,
    *,
    deck_source: str = "import",
    file_hashes: dict[str, str | None] | None = None,
    checkpoint: bool = True,
) -> list[FileImportPreview]:
    """Import `files` in one transaction (all or nothing); returns what was done, file by file.

    New decks are marked `deck_source` (`import`, or `bundled` for the bundled-deck sync).
    `file_hashes` records each deck file's content hash under its path key in the same
    transaction (None forgets a file that is gone), so an unchanged file is not parsed again.
    With `checkpoint=False` the commit leaves its WAL frames for the caller to checkpoint
    (Collection.checkpoint_in_background): copying a large import back into the file and
    syncing it again would double the commit's time, and the import is durable without it.
    """
    with _driver(engine) as conn:
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        autocheckpoint = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        try:
            conn.execute(f"PRAGMA cache_size = {_IMPORT_CACHE_KIB}")  # random key-index inserts thrash the default 2 MiB
            if not checkpoint:
                conn.execute("PRAGMA wal_autocheckpoint = 0")
            conn.execute("BEGIN IMMEDIATE")
            try:
                plan = _plan(conn, files, now, deck_source)
                _write(conn, plan)
                _record_hashes(conn, file_hashes or {}, now)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
        return plan.previews


@contextmanager
def _driver(engine: Engine) -> Iterator[sqlite3.Connection]:
    """The pooled sqlite3 connection (pragmas applied, autocommit at the driver so we issue BEGIN)."""
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        yield conn
    finally:
        raw.close()


def _record_hashes(conn: sqlite3.Connection, hashes: dict[str, str | None], now: str) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO deck_file (path, sha256, synced_at) VALUES (?,?,?)",
        [(key, digest, now) for key, digest in hashes.items() if digest is not None],
    )
    conn.executemany("DELETE FROM deck_file WHERE path = ?", [(key,) for key, digest in hashes.items() if digest is None])


def _plan(
    conn: sqlite3.Connection, files: list[ParsedImport], now: str, deck_source: str, *, count_only: bool = False
) -> _Plan:
    plan = _Plan(
        now=now,
        deck_source=deck_source,
        count_only=count_only,
        next_card=_max_id(conn, "card") + 1,
        next_deck=_max_id(conn, "deck") + 1,
        next_topic=_max_id(conn, "topic") + 1,
    )
    decks = {
        name: (did, role, desc)
        for did, name, role, desc in conn.execute("SELECT id, name, role, description FROM deck")
    }
    plan.decks = {name: value[0] for name, value in decks.items()}
    plan.topics = {
        (d, slug): (tid, title) for tid, d, slug, title in conn.execute("SELECT id, deck_id, slug, title FROM topic")
    }
    existing = _existing(conn, [card.key for f in files for card in f.cards])
    plan.upstream = {row[0]: tuple(row[1:]) for row in conn.execute(_UPSTREAM_SQL)}
    seen_reviews = _review_times(
        conn, [existing[c.key].id for f in files for c in f.cards if c.history and c.key in existing]
    )
    for item in files:
        _plan_decks(plan, item, decks)
        _plan_file(conn, plan, item, existing, seen_reviews)
    _keep_moved_cards(plan)
    return plan


def _keep_moved_cards(plan: _Plan) -> None:
    """A card that left one file but is in another file of this import moved: it is not removed."""
    moved = {card_id for _, card_id in plan.deactivate} & plan.claimed_ids
    if not moved:
        return
    plan.deactivate = [(now, card_id) for now, card_id in plan.deactivate if card_id not in moved]
    plan.previews = [
        replace(p, removed=tuple(k for k in p.removed if k not in plan.planned)) for p in plan.previews
    ]


def _max_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])  # noqa: S608 (fixed names)


_EXISTING_SQL = (
    "SELECT c.key, c.id, c.deck_id, c.topic_id, c.question, c.notes, c.key_points, c.level, c.tags, c.sources,"
    " c.source_file, c.position, c.active, s.due, s.last_review_at FROM card c LEFT JOIN card_state s ON s.card_id = c.id"
)


def _existing(conn: sqlite3.Connection, keys: list[str]) -> dict[str, _Existing]:
    """The cards already stored under any of `keys`: looked up by key for small imports, one scan for large ones."""
    unique = set(keys)
    if len(unique) > _SCAN_ABOVE:
        rows = (row for row in conn.execute(_EXISTING_SQL) if row[0] in unique)
    else:
        ordered = list(unique)
        rows = (
            row
            for start in range(0, len(ordered), _CHUNK)
            for row in conn.execute(
                f"{_EXISTING_SQL} WHERE c.key IN ({','.join('?' * len(ordered[start : start + _CHUNK]))})",
                ordered[start : start + _CHUNK],
            )
        )
    return {
        row[0]: _Existing(
            id=row[1], deck_id=row[2], topic_id=row[3], question=row[4], notes=row[5], key_points=row[6],
            level=row[7], tags=row[8], sources=row[9], source_file=row[10], position=row[11], active=bool(row[12]),
            due=row[13], last_review_at=row[14],
        )
        for row in rows
    }  # fmt: skip


def _review_times(conn: sqlite3.Connection, card_ids: list[int]) -> set[tuple[int, str]]:
    out: set[tuple[int, str]] = set()
    for start in range(0, len(card_ids), _CHUNK):
        chunk = card_ids[start : start + _CHUNK]
        sql = f"SELECT card_id, reviewed_at FROM review WHERE card_id IN ({','.join('?' * len(chunk))})"
        out.update(conn.execute(sql, chunk).fetchall())
    return out


def _plan_decks(plan: _Plan, item: ParsedImport, decks: dict[str, Row]) -> None:
    """Create missing decks; update role and description from deck files, as a sync does."""
    for info in item.decks:
        if info.name not in plan.decks:
            _deck_id(plan, info.name, info.role, info.description)
            continue
        did, role, desc = decks.get(info.name, (plan.decks[info.name], None, None))
        new_role, new_desc = info.role or role, info.description or desc
        if (new_role, new_desc) != (role, desc):
            plan.deck_updates.append((new_role, new_desc, did))
            decks[info.name] = (did, new_role, new_desc)


def _deck_id(plan: _Plan, name: str, role: str | None = None, description: str | None = None) -> int:
    if name not in plan.decks:
        plan.decks[name] = plan.next_deck
        plan.deck_inserts.append((plan.next_deck, name, role, description, plan.deck_source, plan.now))
        plan.next_deck += 1
    return plan.decks[name]


def _topic_id(plan: _Plan, deck_id: int, card: ImportedCard) -> int | None:
    if not card.topic:
        return None
    title = card.topic_title or card.topic
    found = plan.topics.get((deck_id, card.topic))
    if found is None:
        plan.topics[(deck_id, card.topic)] = (plan.next_topic, title)
        plan.topic_inserts.append((plan.next_topic, deck_id, card.topic, title))
        plan.next_topic += 1
        return plan.next_topic - 1
    if found[1] != title:
        plan.topics[(deck_id, card.topic)] = (found[0], title)
        plan.topic_updates.append((title, found[0]))
    return found[0]


def _plan_file(
    conn: sqlite3.Connection,
    plan: _Plan,
    item: ParsedImport,
    existing: dict[str, _Existing],
    seen: set[tuple[int, str]],
) -> None:
    counts = {"updated": 0, "unchanged": 0}
    new = reviews = 0
    skipped = list(item.skipped)
    keys: set[str] = set()
    planned, source, track, count_only = plan.planned, item.source, item.track_removals, plan.count_only
    inserts = plan.card_inserts.setdefault(item.path_key, [])
    for position, card in enumerate(item.cards):  # the hot loop of a large import: one pass, few calls per card
        key = card.key
        first = planned.get(key)
        if first is not None:
            skipped.append(SkippedRecord(card.record, f"same card as {first[0]} {first[1]} in this import"))
            continue
        planned[key] = (source, card.record)
        if track:
            keys.add(key)
        old = existing.get(key)
        if old is None:
            new += 1
            reviews += _new_reviews(card) if count_only else _plan_new(plan, card, inserts, position)
        else:
            outcome, added = _plan_existing(plan, card, old, item.path_key, position, seen)
            counts[outcome] += 1
            reviews += added
    removed = _plan_removals(conn, plan, item, keys) if item.track_removals else ()
    behind, plan.edits_behind = tuple(plan.edits_behind), []
    plan.previews.append(
        FileImportPreview(
            source=item.source, format=item.format, skipped=tuple(skipped), notes=item.notes,
            decks=tuple(d.name for d in item.decks), media=len(item.media), removed=removed,
            new=new, updated=counts["updated"], unchanged=counts["unchanged"], reviews=reviews,
            edits_behind=behind,
        )
    )  # fmt: skip


def _content(plan: _Plan, card: ImportedCard) -> Row:
    deck_id = plan.decks.get(card.deck) or _deck_id(plan, card.deck)  # ids start at 1
    return (
        deck_id,
        _topic_id(plan, deck_id, card) if card.topic else None,
        card.question,
        card.notes,
        _json(card.key_points),
        card.level,
        _json(card.tags),
        card.sources,
    )


@lru_cache(maxsize=4096)
def _json(values: tuple[str, ...]) -> str:
    # Cached: imports repeat the same few tag sets across thousands of cards.
    return json.dumps(list(values), ensure_ascii=False) if values else "[]"


def _new_reviews(card: ImportedCard) -> int:
    """How many reviews _plan_new would queue for `card` (a preview counts them without building rows)."""
    history = card.history
    if history is None or history.state.is_new and not history.reviews:
        return 0
    return len({r.reviewed_at for r in history.reviews})


def _plan_new(plan: _Plan, card: ImportedCard, inserts: list[Row], position: int) -> int:
    """Queue the inserts for a card not yet in the collection (into `inserts`, its file's card rows);
    return how many reviews it brings."""
    # _content, spelled out: this runs once per new card
    deck_id = plan.decks.get(card.deck) or _deck_id(plan, card.deck)  # ids start at 1
    topic_id = _topic_id(plan, deck_id, card) if card.topic else None
    card_id = plan.next_card
    plan.next_card = card_id + 1
    inserts.append(
        (card_id, card.key, deck_id, topic_id, card.question, card.notes, _json(card.key_points), card.level,
         _json(card.tags), card.sources, position)
    )  # fmt: skip
    history = card.history
    if history is None:
        plan.fresh_states.append(card_id)  # its state row is copied from the card row once it is written
        return 0
    if history.state.is_new and not history.reviews:
        suspended = history.suspended  # a suspended new Anki card stays suspended
        plan.state_inserts.append((card_id, deck_id, topic_id, position, 0, 250, 0, None, None, 0, suspended, None))
        return 0
    s = history.state
    plan.state_inserts.append(
        (card_id, deck_id, topic_id, position, s.repetitions, s.ef_x100, s.interval, day_text(s.due), day_text(s.repeat_day),
         s.lapses, history.suspended, history.last_review_at)
    )  # fmt: skip
    return _plan_reviews(plan, card_id, history, set())


def _plan_existing(
    plan: _Plan, card: ImportedCard, old: _Existing, path_key: str, position: int, seen: set[tuple[int, str]]
) -> tuple[str, int]:
    """Queue the updates for a card already present; return ('updated' or 'unchanged', reviews added)."""
    content = _content(plan, card)
    plan.claimed_ids.add(old.id)
    before = (old.deck_id, old.topic_id, old.question, old.notes, old.key_points, old.level, old.tags, old.sources)
    upstream_changed = False
    if old.id in plan.upstream:
        # The user edited this card: the file's text goes to card_upstream (flagged when it moved on), theirs stays.
        upstream_changed = content[2:] != plan.upstream[old.id]
        if upstream_changed:
            plan.upstream_updates.append((*content[2:], old.id))
            plan.edits_behind.append(card.key)
        content = (*content[:2], *before[2:])
    changed = content != before or not old.active or upstream_changed
    if changed or old.source_file != path_key or old.position != position:
        plan.card_updates.append((*content, path_key, position, plan.now if changed else None, old.id))
        plan.state_copies.append((content[0], content[1], position, old.id))
    reviews = 0
    if card.history is not None:
        reviews = _plan_reviews(plan, old.id, card.history, seen)
        if _history_wins(card.history, old):
            s = card.history.state
            plan.state_history.append(
                (s.repetitions, s.ef_x100, s.interval, day_text(s.due), day_text(s.repeat_day), s.lapses, card.history.suspended,
                 card.history.last_review_at, old.id)
            )  # fmt: skip
            changed = True
    return ("updated" if changed or reviews else "unchanged"), reviews


def _history_wins(history: ImportedHistory, old: _Existing) -> bool:
    """Imported progress replaces ours only if we have none, or the import's last review is newer."""
    if history.state.is_new and not history.reviews:
        return False
    if old.due is None and old.last_review_at is None:
        return True
    return bool(history.last_review_at and old.last_review_at and history.last_review_at > old.last_review_at)


def _plan_reviews(plan: _Plan, card_id: int, history: ImportedHistory, seen: set[tuple[int, str]]) -> int:
    added = 0
    for r in history.reviews:
        if (card_id, r.reviewed_at) in seen:
            continue
        plan.review_inserts.append(
            (card_id, r.reviewed_at, r.study_day.isoformat(), r.grade, r.kind, r.seconds, r.repetitions_before,
             r.ef_before, r.interval_before, day_text(r.due_before), r.lapses_before, r.repetitions_after, r.ef_after,
             r.interval_after, day_text(r.due_after), r.lapses_after)
        )  # fmt: skip
        seen.add((card_id, r.reviewed_at))
        added += 1
    return added


def _plan_removals(conn: sqlite3.Connection, plan: _Plan, item: ParsedImport, keys: set[str]) -> tuple[str, ...]:
    """Hide cards that came from this deck file before but are no longer in it (history kept)."""
    rows = conn.execute("SELECT id, key FROM card WHERE source_file = ? AND active", (item.path_key,)).fetchall()
    gone = [(card_id, key) for card_id, key in rows if key not in keys]
    plan.deactivate += [(plan.now, card_id) for card_id, _ in gone]
    return tuple(key for _, key in gone)




# Every statement an import writes with (tests/unit/test_schema.py checks their columns against the tables).

_DECK_INSERT = "INSERT INTO deck (id, name, role, description, source, created_at) VALUES (?,?,?,?,?,?)"

_DECK_UPDATE = "UPDATE deck SET role = ?, description = ? WHERE id = ?"

_TOPIC_INSERT = "INSERT INTO topic (id, deck_id, slug, title) VALUES (?,?,?,?)"

_TOPIC_UPDATE = "UPDATE topic SET title = ? WHERE id = ?"

# One statement per source file, its path and the import's time written in as literals (see _text_literal):
# four fewer values bound per row, a sixth of the insert's time.
_CARD_INSERT = (
    "INSERT INTO card (id, key, deck_id, topic_id, question, notes, key_points, level, tags, sources, position,"
    " source_file, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,{source_file},1,{now},{now})"
)

_STATE_INSERT = (
    "INSERT INTO card_state (card_id, deck_id, topic_id, active, new_order, repetitions, ef_x100, interval, due,"
    " repeat_day, lapses, suspended, buried_until, last_review_at) VALUES (?,?,?,1,?,?,?,?,?,?,?,?,NULL,?)"
)

# The state of a new card without imported progress, from its card row (ids appended: `BETWEEN ? AND ?` or `= ?`).
_FRESH_STATES = (
    "INSERT INTO card_state (card_id, deck_id, topic_id, active, new_order, repetitions, ef_x100, interval, due,"
    " repeat_day, lapses, suspended, buried_until, last_review_at)"
    " SELECT id, deck_id, topic_id, 1, position, 0, 250, 0, NULL, NULL, 0, 0, NULL, NULL FROM card WHERE id"
)

_CARD_UPDATE = (
    "UPDATE card SET deck_id=?, topic_id=?, question=?, notes=?, key_points=?, level=?, tags=?, sources=?,"
    " source_file=?, position=?, active=1, updated_at=coalesce(?, updated_at) WHERE id=?"
)

_STATE_COPY = "UPDATE card_state SET deck_id=?, topic_id=?, active=1, new_order=? WHERE card_id=?"

_STATE_HISTORY = (
    "UPDATE card_state SET repetitions=?, ef_x100=?, interval=?, due=?, repeat_day=?, lapses=?, suspended=?,"
    " last_review_at=? WHERE card_id=?"
)

_REVIEW_INSERT = (
    "INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before, ef_before,"
    " interval_before, due_before, repeat_day_before, lapses_before, repetitions_after, ef_after, interval_after,"
    " due_after, repeat_day_after, lapses_after) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,NULL,?)"
)

_CARD_DEACTIVATE = "UPDATE card SET active=0, updated_at=? WHERE id=?"

_UPSTREAM_SQL = "SELECT card_id, question, notes, key_points, level, tags, sources FROM card_upstream"

_UPSTREAM_UPDATE = (
    "UPDATE card_upstream SET question=?, notes=?, key_points=?, level=?, tags=?, sources=?, changed=1 WHERE card_id=?"
)

_STATE_DEACTIVATE = "UPDATE card_state SET active=0 WHERE card_id=?"

WRITE_STATEMENTS = (
    _DECK_INSERT,
    _DECK_UPDATE,
    _TOPIC_INSERT,
    _TOPIC_UPDATE,
    _CARD_INSERT,
    _STATE_INSERT,
    _FRESH_STATES + " = ?",
    _CARD_UPDATE,
    _STATE_COPY,
    _STATE_HISTORY,
    _REVIEW_INSERT,
    _CARD_DEACTIVATE,
    _STATE_DEACTIVATE,
    _UPSTREAM_UPDATE,
)


def _write(conn: sqlite3.Connection, plan: _Plan) -> None:
    """Run every queued statement (inside the caller's transaction); a bulk import suspends the topic_count
    triggers and rebuilds the counts once instead (see topic_counts.BULK_ROWS), in the same transaction."""
    touched = len(plan.state_inserts) + len(plan.fresh_states) + len(plan.state_copies)
    touched += len(plan.state_history) + len(plan.deactivate)
    if touched < topic_counts.BULK_ROWS:
        _write_rows(conn, plan)
        return
    for name in topic_counts.TRIGGER_NAMES:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    _write_rows(conn, plan)
    for statement in topic_counts.REBUILD:
        conn.execute(statement)
    for ddl in topic_counts.TRIGGERS:
        conn.execute(ddl)


def _text_literal(value: str) -> str:
    """`value` as an SQL string literal (quotes doubled: SQLite has no other escapes in one)."""
    return "'" + value.replace("'", "''") + "'"


def _write_rows(conn: sqlite3.Connection, plan: _Plan) -> None:
    conn.executemany(_DECK_INSERT, plan.deck_inserts)
    conn.executemany(_DECK_UPDATE, plan.deck_updates)
    conn.executemany(_TOPIC_INSERT, plan.topic_inserts)
    conn.executemany(_TOPIC_UPDATE, plan.topic_updates)
    batches = [(path_key, rows) for path_key, rows in plan.card_inserts.items() if rows]
    bulk = sum(len(rows) for _, rows in batches) >= topic_counts.BULK_ROWS
    suspended = search_index.suspend_insert_triggers(conn) if bulk else ()
    for path_key, rows in batches:
        sql = _CARD_INSERT.format(source_file=_text_literal(path_key), now=_text_literal(plan.now))
        conn.executemany(sql, rows)
    if bulk:
        search_index.fill_and_resume(conn, suspended, min(rows[0][0] for _, rows in batches))
    conn.executemany(_STATE_INSERT, plan.state_inserts)
    ids = plan.fresh_states
    if ids and ids[-1] - ids[0] == len(ids) - 1:  # consecutive (every new card of a CSV): one statement
        conn.execute(f"{_FRESH_STATES} BETWEEN ? AND ?", (ids[0], ids[-1]))
    else:
        conn.executemany(f"{_FRESH_STATES} = ?", [(card_id,) for card_id in ids])
    conn.executemany(_CARD_UPDATE, plan.card_updates)
    conn.executemany(_STATE_COPY, plan.state_copies)
    conn.executemany(_STATE_HISTORY, plan.state_history)
    conn.executemany(_REVIEW_INSERT, plan.review_inserts)
    conn.executemany(_UPSTREAM_UPDATE, plan.upstream_updates)
    conn.executemany(_CARD_DEACTIVATE, plan.deactivate)
    conn.executemany(_STATE_DEACTIVATE, [(cid,) for _, cid in plan.deactivate])
