"""StudyService: decks, today's queue, grades, undo, bury, suspend, settings, backups, progress.

Reads go through plain sqlite3 (fast start); writes go through SQLModel in the db layer,
which is imported on first write so the home screen never waits for SQLAlchemy.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flashcards import paths
from flashcards.core import sm2
from flashcards.core.clock import Clock, DayRule, SystemClock, to_utc_text
from flashcards.core.deck_format import parse_deck
from flashcards.core.errors import NotFoundError
from flashcards.core.models import (
    Card,
    DeckSummary,
    GradeResult,
    HomeSnapshot,
    QueueItem,
    ReviewRecord,
    SessionSummary,
    Settings,
    SyncReport,
    TodayProgress,
)
from flashcards.db import fast, reads
from flashcards.db.reads import Scope
from flashcards.services.errors import storage_errors
from flashcards.services.prefetch import HomePrefetch

if TYPE_CHECKING:
    from flashcards.db.engine import Engine
    from flashcards.db.maintenance import Backup, CheckReport
    from flashcards.db.writes import FileToSync

BUNDLED_PREFIX = "bundled:"


@dataclass(frozen=True)
class QueueCounts:
    """What is left today in a scope after the daily limits: due reviews, new cards, repeats."""

    due: int
    new: int
    repeats: int

    @property
    def total(self) -> int:
        """All cards left."""
        return self.due + self.new + self.repeats


class StudyService:
    """One collection file, a clock and the day rule; every method is one short transaction."""

    def __init__(self, db_path: Path, clock: Clock | None = None, decks_dir: Path | None = None) -> None:
        self.db_path = db_path
        self.clock: Clock = clock or SystemClock()
        self.decks_dir = decks_dir if decks_dir is not None else paths.bundled_decks_dir()
        self._engine: Engine | None = None
        self._settings: Settings | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The SQLModel engine, created (and the schema migrated) on first use."""
        if self._engine is None:
            from flashcards.db.engine import make_engine

            self._engine = make_engine(self.db_path)
        return self._engine

    def needs_setup(self) -> bool:
        """True if the file is missing, on an old schema, or the bundled decks changed since last sync."""
        if not self.db_path.exists():
            return True
        fast.check_readable(self.db_path)
        with self._read() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != fast.SCHEMA_VERSION:
                return True
            stored = dict(conn.execute("SELECT path, sha256 FROM deck_file").fetchall())
        current = {key: digest for key, digest, _ in self._bundled_files()}
        bundled_stored = {k: v for k, v in stored.items() if k.startswith(BUNDLED_PREFIX)}
        return current != bundled_stored

    def open(self) -> SyncReport:
        """Create or migrate the collection and sync the bundled decks; cheap when nothing changed.

        Raises DatabaseError for a file that is not a collection and DeckFormatError
        (nothing written) if a bundled deck file is malformed.
        """
        if not self.needs_setup():
            return SyncReport()
        self.engine  # noqa: B018  (creates and migrates the schema)
        return self.sync_bundled()

    def close(self) -> None:
        """Release the engine's connections and forget cached settings."""
        self._settings = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _read(self) -> _ReadConnection:
        return _ReadConnection(self.db_path)

    def _now(self) -> str:
        return to_utc_text(self.clock.now())

    # -- days and settings -------------------------------------------------------------------

    def settings(self) -> Settings:
        """The stored settings, defaults for anything unset or unreadable (cached until saved)."""
        if self._settings is None:
            self._settings = self._load_settings()
        return self._settings

    def _load_settings(self) -> Settings:
        with self._read() as conn:
            stored = reads.settings(conn)
        values: dict[str, object] = {}
        for f in fields(Settings):
            if f.name in stored:
                raw = stored[f.name]
                values[f.name] = int(raw) if f.type in ("int", int) and raw.lstrip("-").isdigit() else raw
        try:
            return Settings(**values).validated()  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return Settings()

    @storage_errors
    def save_settings(self, new: Settings) -> Settings:
        """Validate and store settings. Raises ValueError naming a bad field."""
        from flashcards.db import writes

        new.validated()
        if new.timezone:
            _zone(new.timezone, strict=True)
        writes.save_settings(self.engine, {k: str(v) for k, v in asdict(new).items()})
        self._settings = new
        return new

    def day_rule(self, settings: Settings | None = None) -> DayRule:
        """The time zone and rollover hour that turn instants into study days."""
        s = settings or self.settings()
        return DayRule(zone=_zone(s.timezone or paths.local_zone_name()), rollover_hour=s.rollover_hour)

    def today(self) -> date:
        """The current study day."""
        return self.day_rule().study_day(self.clock.now())

    # -- decks -------------------------------------------------------------------------------

    def _bundled_files(self) -> list[tuple[str, str, Path]]:
        out = []
        if self.decks_dir.is_dir():
            for path in sorted(self.decks_dir.glob("*.md")):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                out.append((BUNDLED_PREFIX + path.name, digest, path))
        return out

    @storage_errors
    def sync_bundled(self) -> SyncReport:
        """Load new or changed bundled deck files; cards gone from them are kept but hidden."""
        from flashcards.db.writes import FileToSync

        with self._read() as conn:
            stored = dict(conn.execute("SELECT path, sha256 FROM deck_file").fetchall())
        current = self._bundled_files()
        changed = [
            FileToSync(parse_deck(p.read_text(encoding="utf-8"), p.name, strict=True), key, digest)
            for key, digest, p in current
            if stored.get(key) != digest
        ]
        present = {key for key, _, _ in current}
        gone = tuple(k for k in stored if k.startswith(BUNDLED_PREFIX) and k not in present)
        report = self._sync(changed, "bundled", gone)
        return SyncReport(
            report.added, report.updated, report.unchanged, report.removed, report.files, len(current) - len(changed)
        )

    def _sync(self, files: list[FileToSync], source: str, gone: tuple[str, ...] = ()) -> SyncReport:
        from flashcards.db import writes

        if not files and not gone:
            return SyncReport()
        return writes.sync_files(self.engine, files, self._now(), source, gone)

    def deck_summaries(self) -> list[DeckSummary]:
        """Every deck with its counts for today."""
        today = self.today()
        with self._read() as conn:
            return reads.deck_summaries(conn, today)

    def find_deck(self, name: str) -> DeckSummary:
        """The deck called `name` (case-insensitive). Raises NotFoundError."""
        for deck in self.deck_summaries():
            if deck.name.casefold() == name.casefold():
                return deck
        raise NotFoundError(f"no deck named {name!r}")

    # -- the daily queue ---------------------------------------------------------------------

    def _limits_left(self, conn: object, today: date, settings: Settings) -> tuple[int, int]:
        reviews_done, new_done = reads.done_today(conn, today)  # type: ignore[arg-type]
        return max(0, settings.reviews_per_day - reviews_done), max(0, settings.new_per_day - new_done)

    def queue_counts(self, scope: Scope = Scope(), extra_new: int = 0) -> QueueCounts:
        """Cards left today in `scope` after the daily limits (plus `extra_new` past the new limit)."""
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        with self._read() as conn:
            due, new, repeats = reads.count_available(conn, scope, today)
            reviews_left, new_left = self._limits_left(conn, today, settings)
        return QueueCounts(min(due, reviews_left), min(new, new_left + extra_new), repeats)

    def next_card(self, scope: Scope = Scope(), exclude: tuple[int, ...] = (), extra_new: int = 0) -> QueueItem | None:
        """The next card to study: due reviews, then new cards within the limit, then same-day repeats.

        `exclude` skips cards the session has put aside (e.g. the card just shown, so a
        repeat does not come straight back while others wait).
        """
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        with self._read() as conn:
            reviews_left, new_left = self._limits_left(conn, today, settings)
            if reviews_left > 0:
                card = reads.next_due(conn, scope, today, exclude)
                if card is not None:
                    return QueueItem(card, "review")
            if new_left + extra_new > 0:
                card = reads.next_new(conn, scope, today, exclude)
                if card is not None:
                    return QueueItem(card, "new")
            card = reads.next_repeat(conn, scope, today, exclude)
            if card is None and exclude:
                card = reads.next_repeat(conn, scope, today, ())
            return QueueItem(card, "repeat") if card is not None else None

    def practice_cards(self, scope: Scope, limit: int = 50) -> list[Card]:
        """Cards of a scope for practice outside the schedule (grades there are not recorded)."""
        today = self.today()
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {reads._CARD_COLUMNS} {reads._CARD_FROM} WHERE c.active AND {scope.where()} "
                "ORDER BY c.deck_id, c.position LIMIT :limit",
                {**scope.params(), "limit": limit, "today": today.isoformat()},
            ).fetchall()
        return [reads.row_to_card(r) for r in rows]

    def get_card(self, card_id: int) -> Card:
        """One card by id. Raises NotFoundError."""
        with self._read() as conn:
            card = reads.get_card(conn, card_id)
        if card is None:
            raise NotFoundError(f"no card with id {card_id}")
        return card

    def preview(self, card: Card) -> dict[int, str]:
        """What each grade would do to `card` today, e.g. {4: '6d'}."""
        return sm2.preview(card.state, self.today())

    # -- actions -----------------------------------------------------------------------------

    @storage_errors
    def grade(self, card: Card, grade: int, seconds: float = 0.0) -> GradeResult:
        """Grade a card as shown; committed before returning.

        Raises StaleCardError if it was already graded since `card` was read (no double
        grades), ValueError for a grade outside 0-5.
        """
        from flashcards.db import writes

        now = self.clock.now()
        day = self.day_rule().study_day(now)
        return writes.grade_card(self.engine, card.id, card.state, grade, day, to_utc_text(now), seconds)

    @storage_errors
    def undo(self) -> Card:
        """Undo the newest grade of today; returns the card as it is again. Raises NothingToUndoError."""
        from flashcards.db import writes

        card_id = writes.undo_last(self.engine, self.today())
        return self.get_card(card_id)

    @storage_errors
    def bury(self, card_id: int) -> None:
        """Hide a card until tomorrow's study day."""
        from flashcards.db import writes

        writes.bury(self.engine, card_id, self.today())

    @storage_errors
    def suspend(self, card_id: int, suspended: bool = True) -> None:
        """Suspend a card, or unsuspend it with `suspended=False`."""
        from flashcards.db import writes

        writes.set_suspended(self.engine, card_id, suspended)

    # -- backups and repair ------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        """Take a backup now with SQLite's online backup API; returns its path."""
        from flashcards.db import maintenance

        return maintenance.make_backup(self.db_path, reason, self.clock.now())

    def daily_backup(self) -> Path | None:
        """On the first call of a calendar day, back up and prune old daily backups; else do nothing."""
        from flashcards.db import maintenance

        if not self.db_path.exists():
            return None
        today = self.clock.now().date()
        if maintenance.has_backup_on(self.db_path, today, "daily"):
            return None
        made = maintenance.make_backup(self.db_path, "daily", self.clock.now())
        maintenance.prune_daily(self.db_path, self.settings().backup_days, today)
        return made

    def backups(self) -> list[Backup]:
        """Backups of this collection, newest first."""
        from flashcards.db import maintenance

        return maintenance.list_backups(self.db_path)

    def check(self, repair: bool = False) -> CheckReport:
        """SQLite's integrity check plus the app's consistency checks; `repair` fixes what it can."""
        from flashcards.db import maintenance

        if repair:
            self.backup("pre-repair")
        return maintenance.check(self.db_path, repair)

    def restore(self, backup: Path) -> Path | None:
        """Replace the collection with a backup; returns the safety copy of the replaced file."""
        from flashcards.db import maintenance

        self.close()
        return maintenance.restore(backup, self.db_path, self.clock.now())

    # -- progress ----------------------------------------------------------------------------

    def streak(self) -> int:
        """Consecutive study days with reviews, ending today (or yesterday if today has none yet)."""
        today = self.today()
        with self._read() as conn:
            days = reads.review_days(conn)
        return _current_streak(days, today)

    def progress(self, scope: Scope = Scope()) -> TodayProgress:
        """Today's numbers for the home screen."""
        settings = self.settings()
        today = self.day_rule(settings).study_day(self.clock.now())
        counts = self.queue_counts(scope)
        with self._read() as conn:
            reviews_done, new_done = reads.done_today(conn, today)
            next_day = reads.next_due_day(conn, today)
            days = reads.review_days(conn)
        return TodayProgress(
            day=today,
            reviewed=reviews_done + new_done,
            new_learned=new_done,
            due_left=counts.due,
            new_left=counts.new,
            repeats_left=counts.repeats,
            streak=_current_streak(days, today),
            next_due=next_day,
        )

    def home_snapshot(self, report: SyncReport | None = None) -> HomeSnapshot:
        """Today, the decks with their counts, today's progress and the settings, for the home screen."""
        settings = self.settings()
        return HomeSnapshot(
            today=self.today(),
            decks=self.deck_summaries(),
            progress=self.progress(),
            settings=settings,
            report=report,
        )

    def prefetch_home(self) -> HomePrefetch:
        """Start reading the home snapshot in a thread (SQLite releases the GIL while it works),
        so it is ready by the time the UI toolkit has been imported."""
        return HomePrefetch(self)

    def session_summary(self, since_utc: str) -> SessionSummary:
        """Totals of the reviews logged since `since_utc`, and what falls due soon."""
        today = self.today()
        with self._read() as conn:
            reviewed, correct, repeats, seconds = reads.session_totals(conn, since_utc)
            tomorrow = reads.due_between(conn, today + timedelta(days=1), today + timedelta(days=1))
            week = reads.due_between(conn, today + timedelta(days=1), today + timedelta(days=7))
        return SessionSummary(reviewed, correct, repeats, seconds, tomorrow, week)

    def card_history(self, card_id: int) -> list[ReviewRecord]:
        """A card's reviews, oldest first."""
        with self._read() as conn:
            return reads.reviews_of_card(conn, card_id)

    @storage_errors
    def unbury(self, card_id: int) -> None:
        """Make a buried card available again today (the TUI's undo of `bury`)."""
        from flashcards.db import writes

        # A card buried until today is available today (see reads._AVAILABLE).
        writes.bury(self.engine, card_id, self.today() - timedelta(days=1))


def _current_streak(days: list[date], today: date) -> int:
    """The current run of study days (core.stats.streak, imported here so start-up does not pay for it)."""
    from flashcards.core.stats import streak

    return streak(days, today).current


def _zone(name: str, strict: bool = False) -> ZoneInfo:
    """A ZoneInfo for `name`; UTC for an unknown name unless `strict`, which raises ValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        if strict:
            raise ValueError(f"unknown time zone {name!r}") from err
        return ZoneInfo("UTC")


class _ReadConnection:
    """A context manager around one short-lived sqlite3 connection."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):  # noqa: ANN204
        self.conn = fast.connect(self.path)
        return self.conn

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self.conn.close()
        if exc is not None and (translated := fast.storage_error(self.path, exc)) is not None:
            raise translated from exc
