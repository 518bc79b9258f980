"""Build the SQLite engine (WAL, foreign keys, busy timeout) and create or migrate the schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, create_engine

from flashcards.core.errors import DatabaseError
from flashcards.db import (  # tables registers the tables on SQLModel.metadata
    review_counts,
    review_days,
    search_index,
    tables,
    topic_counts,
)
from flashcards.db.connect import BUSY_TIMEOUT_MS, SCHEMA_VERSION, check_readable, prepare_folder
from flashcards.db.maintenance import make_backup

# Tables the database keeps in step by triggers: (the DDL that creates the triggers, the statements that
# recompute the table from its source). review_day from the review log, topic_count from card_state, the
# full-text index and card_tag from the cards, card_state.reviews from the log.
DERIVED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "review_day": (tuple(review_days.TRIGGERS), tuple(review_days.REBUILD)),
    "topic_count": (tuple(topic_counts.TRIGGERS), tuple(topic_counts.REBUILD)),
    "search_index": (tuple(search_index.STATEMENTS), (search_index.REBUILD, *search_index.TAG_REBUILD)),
    "review_count": (review_counts.TRIGGERS, review_counts.REBUILD),
}


def install_derived(conn: Connection, name: str, rebuild: bool) -> None:
    """Create the triggers of derived table `name` (see DERIVED); with `rebuild`, recompute it."""
    ddl, recompute = DERIVED[name]
    for statement in ddl + (recompute if rebuild else ()):
        conn.exec_driver_sql(statement)


# card_state indexes on columns that version 2 does not have yet (leech comes with 4); 5 -> 6 and 6 -> 7 make them.
_LATER_STATE_INDEXES = frozenset({"ix_state_leech"})


def _migrate_1_to_2(conn: Connection) -> None:
    """Version 2 added lapses, and copies of topic, active flag and position, to card state; seconds to reviews;
    the deck_file table; the review_day totals; and the narrow indexes the counts use."""
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN topic_id INTEGER REFERENCES topic(id) ON DELETE SET NULL")
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1")
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN new_order INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql(
        "UPDATE card_state SET (topic_id, active, new_order) ="
        " (SELECT topic_id, active, position FROM card WHERE card.id = card_state.card_id)"
    )
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_review_day")
    for index in tables.ReviewRow.__table__.indexes:  # type: ignore[attr-defined]
        index.create(conn, checkfirst=True)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_state_deck_due")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_state_due")
    for index in tables.CardStateRow.__table__.indexes:  # type: ignore[attr-defined]
        if index.name not in _LATER_STATE_INDEXES:
            index.create(conn, checkfirst=True)
    conn.exec_driver_sql("ALTER TABLE review ADD COLUMN seconds FLOAT NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE review ADD COLUMN lapses_before INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE review ADD COLUMN lapses_after INTEGER NOT NULL DEFAULT 0")
    tables.DeckFileRow.__table__.create(conn)  # type: ignore[attr-defined]
    tables.ReviewDayRow.__table__.create(conn)  # type: ignore[attr-defined]
    install_derived(conn, "review_day", rebuild=True)


def _migrate_2_to_3(conn: Connection) -> None:
    """Version 3 added topic_count (per-topic totals kept by triggers) and the index of buried new cards."""
    tables.TopicCountRow.__table__.create(conn)  # type: ignore[attr-defined]
    for index in tables.CardStateRow.__table__.indexes:  # type: ignore[attr-defined]
        if index.name == "ix_state_buried_new":  # later versions' indexes may name columns not added yet
            index.create(conn, checkfirst=True)
    install_derived(conn, "topic_count", rebuild=True)


def _migrate_3_to_4(conn: Connection) -> None:
    """Version 4 added the flagged and leech marks to card state, the card_upstream table (the deck file's
    version of a card the user edited), and the full-text index and the card_tag table, filled from the cards."""
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN flagged BOOLEAN NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN leech BOOLEAN NOT NULL DEFAULT 0")
    tables.CardUpstreamRow.__table__.create(conn)  # type: ignore[attr-defined]
    tables.CardTagRow.__table__.create(conn)  # type: ignore[attr-defined]
    install_derived(conn, "search_index", rebuild=True)



def _v5_key_points(conn: Connection) -> None:
    """The key points ticked or missed per checklist review."""
    tables.ReviewKeyPointRow.__table__.create(conn)  # type: ignore[attr-defined]


def _v5_interview(conn: Connection) -> None:
    """The interviews the plan schedules toward."""
    tables.InterviewRow.__table__.create(conn)  # type: ignore[attr-defined]


def _v5_mock(conn: Connection) -> None:
    """The mock interviews and their answers."""
    tables.MockRow.__table__.create(conn)  # type: ignore[attr-defined]
    tables.MockAnswerRow.__table__.create(conn)  # type: ignore[attr-defined]


def _v5_deck_options(conn: Connection) -> None:
    """Each deck's own new-card and review limits and new-card order."""
    tables.DeckOptionRow.__table__.create(conn)  # type: ignore[attr-defined]


def _migrate_4_to_5(conn: Connection) -> None:
    """Version 5 added interview mode: checklist key points per review, interviews, mock interviews;
    and per-deck study options."""
    _v5_key_points(conn)
    _v5_interview(conn)
    _v5_mock(conn)
    _v5_deck_options(conn)


def _migrate_5_to_6(conn: Connection) -> None:
    """Version 6 added each card's review count to card_state (kept by triggers on the log) and the indexes
    the card browser walks in each sort order."""
    conn.exec_driver_sql("ALTER TABLE card_state ADD COLUMN reviews INTEGER NOT NULL DEFAULT 0")
    install_derived(conn, "review_count", rebuild=True)
    for index in tables.CardStateRow.__table__.indexes:  # type: ignore[attr-defined]
        index.create(conn, checkfirst=True)


def _migrate_6_to_7(conn: Connection) -> None:
    """Version 7 widened ix_review_day to cover the card and grade of each review (the stats screen's recent
    retention reads no review rows) and added ix_state_lapses and ix_state_leech (its most-forgotten cards and
    its leech count); files migrated from version 1 also get ix_card_deck_topic, which no earlier step made."""
    columns = conn.exec_driver_sql("SELECT count(*) FROM pragma_index_info('ix_review_day')").scalar_one()
    if columns < 5:  # a file migrated from version 1 already has the wide one (1 -> 2 creates it)
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_review_day")
    indexes = (
        *tables.ReviewRow.__table__.indexes,  # type: ignore[attr-defined]
        *tables.CardStateRow.__table__.indexes,  # type: ignore[attr-defined]
        *tables.CardRow.__table__.indexes,  # type: ignore[attr-defined]
    )  # CardRow's: ix_card_deck_topic, which a version 1 file never got
    for index in indexes:
        index.create(conn, checkfirst=True)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
    5: _migrate_5_to_6,
    6: _migrate_6_to_7,
}


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    """Per-connection pragmas; autocommit at the driver so we issue BEGIN ourselves."""
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _on_begin(conn: Connection) -> None:
    """Take the write lock at BEGIN so two writers queue on the busy timeout instead of failing.

    Sent on the driver's connection: through `exec_driver_sql` it cost a whole SQLAlchemy
    execution (about a tenth of a grade's time) for a statement with no result."""
    driver = conn.connection.driver_connection
    assert driver is not None  # a Connection in a transaction always holds a live driver connection
    driver.execute("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    """Open (creating if needed) the collection at `path`, migrated to SCHEMA_VERSION.

    Raises DatabaseError if the file is not a flashcards database or is newer than this app.
    """
    prepare_folder(path)
    check_readable(path)
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        _ensure_schema(engine)
    except sqlite3.DatabaseError as err:  # pragma: no cover - reached only through odd files
        raise DatabaseError(f"{path}: cannot open the collection: {err}") from err
    except Exception as err:
        inner = getattr(err, "orig", None)
        if isinstance(inner, sqlite3.DatabaseError):
            raise DatabaseError(f"{path}: cannot open the collection: {inner}") from err
        raise
    return engine


def _ensure_schema(engine: Engine) -> None:
    """Create a new schema, or apply each migration from the file's version in one transaction."""
    with engine.begin() as conn:
        version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        has_tables = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='card'"
        ).scalar_one()
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{engine.url.database}: written by a newer flashcards (schema {version}); "
                f"this version reads up to schema {SCHEMA_VERSION}"
            )
        if not has_tables:
            SQLModel.metadata.create_all(conn)
            for name in DERIVED:
                install_derived(conn, name, rebuild=False)
        else:
            if version < SCHEMA_VERSION:
                make_backup(Path(str(engine.url.database)), "pre-migration", datetime.now(UTC))
            for step in range(max(version, 1), SCHEMA_VERSION):
                MIGRATIONS[step](conn)
        if version != SCHEMA_VERSION:
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
