"""The Collection: the one owner of a collection file, its engine, its read connection, settings and day rule.

Every service takes a Collection; none opens the file on its own. Reads go through one
long-lived sqlite3 connection (rows readable by column name) guarded by a lock, so a
grade's next-card read costs no connection set-up; writes go through the SQLModel engine,
created on first use so that start-up never imports SQLAlchemy.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flashcards.core.clock import Clock, DayRule, SystemClock, to_utc_text
from flashcards.core.errors import DatabaseError
from flashcards.core.models import Settings
from flashcards.db import connect

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

# Grades are committed without SQLite's automatic checkpoint (which copies the WAL into the file and fsyncs
# it inside whichever commit crosses 1000 pages, the slowest grade of every few dozen); a background thread
# checkpoints after this many grades instead.
GRADES_PER_CHECKPOINT = 32


class Collection:
    """One collection file with its clock and the bundled decks folder it syncs from."""

    def __init__(self, path: Path, clock: Clock | None = None, decks_dir: Path | None = None) -> None:
        self.path = path
        self.clock: Clock = clock or SystemClock()
        self.decks_dir = decks_dir
        self._engine: Engine | None = None
        self._reader: sqlite3.Connection | None = None
        self._read_lock = threading.RLock()
        self._engine_lock = threading.Lock()
        self._settings: Settings | None = None
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file once opened
        self._grader: Connection | None = None
        self._grade_lock = threading.Lock()
        self._grades_since_checkpoint = 0
        self._checkpointing: threading.Thread | None = None
        self._checkpoint_lock = threading.Lock()

    # -- connections -------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The SQLModel engine, created (and the schema created or migrated) on first use."""
        # Deferred: SQLAlchemy costs ~150 ms to import and the home screen never needs it. Imported before
        # the lock is taken, so that `close` (on quit) never waits for the warm-up thread's import.
        from flashcards.db.engine import make_engine

        with self._engine_lock:
            if self._engine is None:
                self._engine = make_engine(self.path)
                self._remember_file()
            else:
                self._check_same_file()
            return self._engine

    def _remember_file(self) -> None:
        if self._identity is None:
            try:
                info = os.stat(self.path)
            except OSError:
                return
            self._identity = (info.st_dev, info.st_ino)

    def _check_same_file(self) -> None:
        """Refuse to go on if the file opened earlier was deleted or replaced meanwhile: writing on would go to
        a file nobody can see (or a new empty one), and the user's work would silently vanish."""
        if self._identity is None:
            return
        try:
            info = os.stat(self.path)
            same = (info.st_dev, info.st_ino) == self._identity
        except OSError:
            same = False
        if not same:
            raise DatabaseError(
                f"{self.path}: the collection file was deleted or replaced while flashcards was running; "
                "nothing more is written. Restart flashcards (`flashcards restore` lists the backups)"
            )

    def check_location(self) -> None:
        """Raise DatabaseError with a clear message if the collection cannot live at `path` (its folder is a
        file or cannot be made, the file is not a regular file, unreadable or read-only); cheap, no schema work."""
        connect.prepare_folder(self.path)
        connect.check_readable(self.path)

    @property
    def engine_ready(self) -> bool:
        """True once the engine exists (the schema is current)."""
        return self._engine is not None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The long-lived read connection, for one caller at a time; SQLite failures become DatabaseError."""
        with self._read_lock:
            if self._reader is None:
                self._reader = connect.connect(self.path, shared=True)
                self._remember_file()
            else:
                self._check_same_file()
            try:
                yield self._reader
            except sqlite3.Error as err:
                translated = connect.storage_error(self.path, err)
                raise (translated or err) from err

    @contextmanager
    def grader(self) -> Iterator[sqlite3.Connection]:
        """The long-lived write connection for grades, for one caller at a time (no pool checkout per grade):
        the driver connection of one of the engine's connections, so it has the engine's pragmas (WAL,
        `synchronous=FULL`, foreign keys, busy timeout) and is in autocommit mode (the caller BEGINs).

        It does not checkpoint on commit; every GRADES_PER_CHECKPOINT uses a background
        thread does (see `_checkpoint`), so no grade waits for the WAL to be copied back.
        """
        engine = self.engine
        with self._grade_lock:
            if self._grader is None:
                self._grader = engine.connect()
                driver = self._grader.connection.driver_connection  # outside a transaction: no autobegin
                assert driver is not None  # a freshly opened Connection holds a live driver connection
                driver.execute("PRAGMA wal_autocheckpoint = 0")
            driver = self._grader.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            yield driver
            self._grades_since_checkpoint += 1
            if self._grades_since_checkpoint >= GRADES_PER_CHECKPOINT and self.checkpoint_in_background():
                self._grades_since_checkpoint = 0

    def checkpoint_in_background(self) -> bool:
        """Start a thread that checkpoints the WAL (see `_checkpoint`), unless one is still running.

        For writers that commit with `wal_autocheckpoint = 0` (grades, large imports): they return
        as soon as their commit is durable in the WAL. Returns whether a thread was started.
        """
        with self._checkpoint_lock:
            if self._checkpointing is not None and self._checkpointing.is_alive():
                return False
            self._checkpointing = threading.Thread(target=self._checkpoint, name="checkpoint", daemon=True)
            self._checkpointing.start()
            return True

    def _checkpoint(self) -> None:
        """Copy committed WAL frames back into the file (PASSIVE: never blocks a reader or a writer)."""
        try:
            conn = connect.connect(self.path)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                conn.close()
        except (sqlite3.Error, DatabaseError):
            pass  # the next checkpoint (or SQLite's own, on the other connections) does it

    @contextmanager
    def extra_reader(self) -> Iterator[sqlite3.Connection]:
        """A separate short-lived read connection, for reads that run in parallel (the stats report)."""
        conn = connect.connect(self.path)
        try:
            yield conn
        except sqlite3.Error as err:
            translated = connect.storage_error(self.path, err)
            raise (translated or err) from err
        finally:
            conn.close()

    def close(self) -> None:
        """Release the read connection and the engine, after any running checkpoint (a restore may replace the
        file and its WAL next); cached settings are forgotten."""
        with self._checkpoint_lock:
            running = self._checkpointing
        if running is not None:
            running.join()
        with self._read_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        with self._grade_lock:
            if self._grader is not None:
                self._grader.close()
                self._grader = None
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
        self._settings = None
        self._identity = None

    # -- time ----------------------------------------------------------------------------------

    def now_text(self) -> str:
        """The clock's current instant as stored UTC text."""
        return to_utc_text(self.clock.now())

    def day_rule(self, settings: Settings | None = None) -> DayRule:
        """The time zone and rollover hour that turn instants into study days."""
        s = settings or self.settings()
        return DayRule(zone=zone(s.timezone or local_zone_name()), rollover_hour=s.rollover_hour)

    def zone_note(self) -> str | None:
        """Why the study day does not follow $TZ (set but unreadable), when no zone is chosen in Settings."""
        return None if self.settings().timezone else local_zone()[1]

    def today(self) -> date:
        """The current study day."""
        return self.day_rule().study_day(self.clock.now())

    # -- settings ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The stored settings, defaults for anything unset or unreadable (cached until saved)."""
        if self._settings is None:
            self._settings = self._load_settings()
        return self._settings

    def _load_settings(self) -> Settings:
        from flashcards.db import reads

        if not self.path.exists():
            return Settings()
        with self.read() as conn:
            stored = reads.settings(conn)
        return settings_from_text(stored)

    def save_settings(self, new: Settings) -> Settings:
        """Validate and store settings in one transaction. Raises ValueError naming a bad field."""
        from flashcards.db import writes

        new.validated()
        if new.timezone:
            zone(new.timezone, strict=True)
        writes.save_settings(self.engine, {k: str(v) for k, v in asdict(new).items()})
        self._settings = new
        return new


def settings_from_text(stored: dict[str, str]) -> Settings:
    """Settings from their stored text values; defaults for anything unset, and all defaults if invalid."""
    values: dict[str, int | str] = {}
    for f in fields(Settings):
        if f.name in stored:
            raw = stored[f.name]
            is_int = f.type in ("int", int)
            if is_int and not raw.lstrip("-").isdigit():
                continue
            values[f.name] = int(raw) if is_int else raw
    try:
        return Settings(**values).validated()  # type: ignore[arg-type]  # each value matches its field's type
    except (TypeError, ValueError):
        return Settings()


_POSIX_FIXED = re.compile(r"^(?:[A-Za-z]{3,}|<[^>]+>)(?P<sign>[+-]?)(?P<hours>\d{1,2})(?::(?P<minutes>\d{2}))?$")


def local_zone_name() -> str:
    """The IANA name of the machine's time zone (see local_zone)."""
    return local_zone()[0]


def local_zone() -> tuple[str, str | None]:
    """(IANA zone name, note): $TZ if it names a zone (`Europe/Berlin`, `:EST5EDT`) or is a fixed-offset
    POSIX rule (`JST-9` -> `Etc/GMT-9`); else tzlocal's answer ($TZ as a path, /etc/localtime), else UTC.
    The note says when $TZ was set but could not be honoured, and what is used instead; else None."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named and not named.startswith("/"):
        try:
            ZoneInfo(named)
            return named, None
        except (ZoneInfoNotFoundError, ValueError):
            pass
        fixed = _POSIX_FIXED.match(named)
        if fixed and fixed["minutes"] in (None, "00") and int(fixed["hours"]) <= 12:
            hours = int(fixed["hours"])
            # POSIX counts hours west of UTC, as the Etc/GMT zones do: JST-9 is Etc/GMT-9 (UTC+9).
            return ("UTC" if hours == 0 else f"Etc/GMT{'-' if fixed['sign'] == '-' else '+'}{hours}"), None
    # Deferred: tzlocal is only needed once per process, when the first study day is computed.
    import tzlocal

    try:
        fallback = tzlocal.get_localzone_name() or "UTC"
    except (ZoneInfoNotFoundError, ValueError, OSError):
        fallback = "UTC"
    if named and not named.startswith("/"):
        return fallback, (
            f"TZ={named!r} is not a time zone flashcards can read (a POSIX rule with daylight-saving changes or an "
            f"unknown name); study days follow {fallback}. Set TZ=Area/City or choose a zone in Settings"
        )
    return fallback, None


def zone(name: str, strict: bool = False) -> ZoneInfo:
    """A ZoneInfo for `name`; UTC for an unknown name unless `strict`, which raises ValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        if strict:
            raise ValueError(f"unknown time zone {name!r}") from err
        return ZoneInfo("UTC")
