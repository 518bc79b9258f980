"""The full-text index of the cards (SQLite FTS5): its table, the triggers that keep it in step, rebuild and check.

`card_fts` is an external-content FTS5 table over `card` (question, notes, key points and
tags; the last two as their stored JSON text, whose brackets and quotes the tokenizer
drops). It keeps no token positions (`detail='none'`: a fifth of the size, and a common
word's list of cards reads several times faster) and indexes 1-3 letter prefixes, so
search as you type stays fast from the first key; queries are ANDs of token prefixes
(core.card_query.fts_match), never phrases. Triggers on `card` update it inside the same transaction as every write to a
card's text, whichever path writes it (bundled sync, imports, edits, deletes), so the
index never lags behind the cards. `check --repair` rebuilds it from the cards.
"""

from __future__ import annotations

import sqlite3

INDEXED = ("question", "notes", "key_points", "tags")
_COLS = ", ".join(INDEXED)
_NEW = ", ".join(f"new.{c}" for c in INDEXED)
_OLD = ", ".join(f"old.{c}" for c in INDEXED)

CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS card_fts USING fts5({_COLS}, content='card', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail='none')"
)

TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS card_fts_insert AFTER INSERT ON card BEGIN
        INSERT INTO card_fts (rowid, {_COLS}) VALUES (new.id, {_NEW}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS card_fts_delete AFTER DELETE ON card BEGIN
        INSERT INTO card_fts (card_fts, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS card_fts_update AFTER UPDATE OF {_COLS} ON card BEGIN
        INSERT INTO card_fts (card_fts, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO card_fts (rowid, {_COLS}) VALUES (new.id, {_NEW}); END""",
)

_TAGS_OF_NEW = "INSERT OR IGNORE INTO card_tag (tag, card_id) SELECT lower(j.value), new.id FROM json_each(new.tags) j"

TAG_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS card_tag_insert AFTER INSERT ON card BEGIN {_TAGS_OF_NEW}; END""",
    """CREATE TRIGGER IF NOT EXISTS card_tag_delete AFTER DELETE ON card BEGIN
        DELETE FROM card_tag WHERE card_id = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS card_tag_update AFTER UPDATE OF tags ON card BEGIN
        DELETE FROM card_tag WHERE card_id = old.id; """ + _TAGS_OF_NEW + "; END",
)

REBUILD = "INSERT INTO card_fts (card_fts) VALUES ('rebuild')"

TAG_REBUILD = (
    "DELETE FROM card_tag",
    "INSERT OR IGNORE INTO card_tag (tag, card_id) SELECT lower(j.value), c.id FROM card c, json_each(c.tags) j",
)

_TAG_MISMATCH = """SELECT count(*) FROM (
    SELECT lower(j.value) AS tag, c.id AS card_id FROM card c, json_each(c.tags) j
    EXCEPT SELECT tag, card_id FROM card_tag) """

_MISSING_ROWS = "SELECT count(*) FROM card c WHERE NOT EXISTS (SELECT 1 FROM card_fts_docsize d WHERE d.id = c.id)"
_EXTRA_ROWS = "SELECT count(*) FROM card_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.id = d.id)"


STATEMENTS = (CREATE, *TRIGGERS, *TAG_TRIGGERS)

# A bulk insert of cards (an import of thousands) fills the index and the tag table with one statement each
# instead of a trigger per row, ten times faster: the two insert triggers are dropped, the rows written, the
# new cards (ids from `first`) indexed, and the triggers created again, all in the caller's transaction.
_INSERT_TRIGGERS = {"card_fts_insert": TRIGGERS[0], "card_tag_insert": TAG_TRIGGERS[0]}
_FILL = {
    "card_fts_insert": f"INSERT INTO card_fts (rowid, {_COLS}) SELECT id, {_COLS} FROM card WHERE id >= ?",
    "card_tag_insert": "INSERT OR IGNORE INTO card_tag (tag, card_id)"
    " SELECT lower(j.value), c.id FROM card c, json_each(c.tags) j WHERE c.id >= ?",
}
# FTS5 flushes its in-memory terms to a new on-disk segment every `hashsize` bytes (default 1 MiB) and merges
# segments as it goes; a bulk fill with a larger buffer writes a few large segments and merges far less.
_BULK_HASHSIZE = 32 << 20


def suspend_insert_triggers(conn: sqlite3.Connection) -> tuple[str, ...]:
    """Drop the per-row insert triggers of the index and the tag table; returns the names that existed."""
    names = tuple(
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'card'")
        if name in _INSERT_TRIGGERS
    )
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    return names


def fill_and_resume(conn: sqlite3.Connection, names: tuple[str, ...], first: int) -> None:
    """Index the cards with ids from `first` (just inserted) in one statement per table, then recreate `names`."""
    if "card_fts_insert" in names:
        (size,) = conn.execute("SELECT v FROM card_fts_config WHERE k = 'hashsize'").fetchone() or (None,)
        conn.execute(f"INSERT INTO card_fts (card_fts, rank) VALUES ('hashsize', {_BULK_HASHSIZE})")
        conn.execute(_FILL["card_fts_insert"], (first,))
        if size is None:
            conn.execute("DELETE FROM card_fts_config WHERE k = 'hashsize'")
        else:
            conn.execute("INSERT INTO card_fts (card_fts, rank) VALUES ('hashsize', ?)", (size,))
    if "card_tag_insert" in names:
        conn.execute(_FILL["card_tag_insert"], (first,))
    for name in names:
        conn.execute(_INSERT_TRIGGERS[name])


def problems(conn: sqlite3.Connection) -> int:
    """How many cards the index is out of step with (missing, left over, or holding other text); 0 when in step.

    Counts rows by the index's per-document sizes, then asks FTS5's own integrity check,
    which compares every indexed token with the card table.
    """
    has_table = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'card_fts'").fetchone()[0]
    if not has_table:
        return max(1, int(conn.execute("SELECT count(*) FROM card").fetchone()[0]))
    count = int(conn.execute(_MISSING_ROWS).fetchone()[0]) + int(conn.execute(_EXTRA_ROWS).fetchone()[0])
    count += int(conn.execute(_TAG_MISMATCH).fetchone()[0])
    count += int(conn.execute("SELECT count(*) FROM card_tag WHERE card_id NOT IN (SELECT id FROM card)").fetchone()[0])
    if count:
        return count
    try:
        conn.execute("INSERT INTO card_fts (card_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return 1
    return 0


def repair(conn: sqlite3.Connection) -> None:
    """Recreate the index and its triggers (if missing) and fill it again from the cards."""
    for ddl in (*STATEMENTS, REBUILD, *TAG_REBUILD):
        conn.execute(ddl)
