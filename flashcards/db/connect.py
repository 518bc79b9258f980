"""The one sqlite3 connection factory for reads (no SQLAlchemy import), and SQLite errors as clear messages."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flashcards.core.errors import DatabaseError

BUSY_TIMEOUT_MS = 10_000
SCHEMA_VERSION = 7


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
        busy = import_in_progress(path)
        if busy:
            hint = f"an import is running in another flashcards ({busy}); wait for it to finish and try again"
        else:
            hint = "another program kept the collection busy for too long; try again"
    elif "readonly" in text or "unable to open" in text:
        hint = access_hint(path)
    elif "disk" in text or "full" in text:
        hint = "the disk is full or failing; nothing was written"
    else:
        hint = "the collection may be damaged or from another version; `flashcards check` tells more"
    return DatabaseError(f"{path}: {text} ({hint})")


def prepare_folder(path: Path) -> None:
    """Create the folder that holds collection `path`, or raise DatabaseError saying why it cannot be."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise DatabaseError(
            f"{folder}: is a file, not a folder; point FLASHCARDS_HOME (or --db) at a folder (or file) you can write"
        ) from err
    except NotADirectoryError as err:
        raise DatabaseError(f"{folder}: part of this path is a file, not a folder") from err
    except OSError as err:
        raise DatabaseError(f"{folder}: cannot create the data folder ({err.strerror or err})") from err
    if not folder.is_dir():
        raise DatabaseError(f"{folder}: is not a folder")


def check_readable(path: Path) -> None:
    """Raise DatabaseError with a clear message if `path` exists but is not a usable SQLite file."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a collection file")
    if not path.is_file():
        raise DatabaseError(f"{path}: is not a regular file (a device or socket?); point --db at a collection file")
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"{path}: cannot be read (permission denied)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        if "unable to open" in str(err) or "readonly" in str(err):
            raise DatabaseError(f"{path}: cannot be opened ({err}); {access_hint(path)}") from err
        raise DatabaseError(f"{path}: is not a flashcards collection or is damaged ({err})") from err
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise DatabaseError(f"{path}: {access_hint(path)}")


def access_hint(path: Path) -> str:
    """Why SQLite may fail to open or write `path` although the file is fine: permissions on it or its folder."""
    if not os.access(path.parent, os.W_OK):
        return (
            f"its folder {path.parent} is read-only, and SQLite writes its journal beside the collection; "
            "make the folder writable, or copy the collection to a writable place and open it with --db"
        )
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only (or immutable); make it writable, or open a copy with --db"
    return "check the permissions of the file and its folder"


def import_marker(path: Path) -> Path:
    """The file an import's commit holds while it writes to collection `path` (its pid and start time)."""
    return path.with_name(path.name + ".importing")


def import_in_progress(path: Path) -> str | None:
    """'pid N, started T' if a live process is committing an import into `path`, else None."""
    marker = import_marker(path)
    try:
        pid_text, _, started = marker.read_text(encoding="utf-8").partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return f"pid {pid}, started {started.strip()}"


@contextmanager
def import_running(path: Path) -> Iterator[None]:
    """Hold the import marker of collection `path` while an import writes (see import_in_progress); a
    marker left by a killed import names a dead pid and is ignored."""
    marker = import_marker(path)
    try:
        marker.write_text(f"{os.getpid()} {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", encoding="utf-8")
    except OSError:
        pass  # the marker only improves a message; never block an import over it
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)
