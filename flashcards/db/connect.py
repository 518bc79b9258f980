"""The one sqlite3 connection factory for reads (no SQLAlchemy import), and SQLite errors as clear messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flashcards.core.errors import DatabaseError

BUSY_TIMEOUT_MS = 10_000
SCHEMA_VERSION = 3


def connect(path: Path, shared: bool = False) -> sqlite3.Connection:
    """Open a read connection to an existing collection, with the app's pragmas; rows read by column name.

    `shared` allows use from several threads (the caller serialises access, see Collection.read).
    Raises DatabaseError if the file cannot be read as SQLite.
    """
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=not shared
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    except sqlite3.DatabaseError as err:
        raise DatabaseError(f"{path}: cannot open the collection: {err}") from err


def storage_error(path: Path, err: BaseException) -> DatabaseError | None:
    """A DatabaseError with a clear message for an SQLite failure (raw or wrapped by SQLAlchemy), else None."""
    inner = err if isinstance(err, sqlite3.Error) else getattr(err, "orig", None)
    if not isinstance(inner, sqlite3.Error):
        return None
    text = str(inner)
    if "locked" in text or "busy" in text:
        hint = "another program kept the collection busy for too long; try again"
    elif "disk" in text or "full" in text:
        hint = "the disk is full or failing; nothing was written"
    else:
        hint = "the collection may be damaged or from another version; `flashcards check` tells more"
    return DatabaseError(f"{path}: {text} ({hint})")


def check_readable(path: Path) -> None:
    """Raise DatabaseError with a clear message if `path` exists but is not a usable SQLite file."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a collection file")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise DatabaseError(f"{path}: is not a flashcards collection or is damaged ({err})") from err
