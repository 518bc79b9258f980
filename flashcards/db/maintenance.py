"""Backups (SQLite's online backup API), pruning, restore, and integrity and consistency checks."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flashcards.core.errors import DatabaseError
from flashcards.db import review_counts, review_days, search_index, topic_counts
from flashcards.db.connect import BUSY_TIMEOUT_MS, SCHEMA_VERSION

# A finished backup is named `<stem>-<YYYYMMDD>-<HHMMSS>-<reason>.<cards>cards.sqlite3`: the card count it
# claims is part of the name, given only once the copy is complete (older backups have no count).
_NAME_RE = re.compile(
    r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})-(?P<reason>[a-z-]+?)(?P<dup>-*)(?:\.(?P<cards>\d+)cards)?\.sqlite3$"
)
_PARTIAL = ".partial"  # a copy in progress; never listed, removed when found stale
_STALE_PARTIAL_S = 3600
_APP_TABLES = frozenset({"deck", "card", "card_state", "review"})
# Backups of these kinds are kept to the newest few; daily ones by age; manual ones forever.
_KEEP_NEWEST = {"pre-import": 5, "pre-restore": 5, "pre-repair": 5, "pre-migration": 5}


@dataclass(frozen=True)
class Backup:
    """One backup file and when and why it was made."""

    path: Path
    taken: datetime
    reason: str
    cards: int | None = None  # the card count the copy claims (None for backups made before counts)


@dataclass(frozen=True)
class CheckReport:
    """What `check` found (and, with repair, fixed)."""

    integrity: str
    problems: tuple[str, ...]
    repaired: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when SQLite and the app's own checks found nothing left to fix."""
        return self.integrity == "ok" and (not self.problems or bool(self.repaired))


def backup_dir(db_path: Path) -> Path:
    """Where backups of `db_path` go: a `backups` folder beside it."""
    return db_path.parent / "backups"


def make_backup(db_path: Path, reason: str, now: datetime) -> Path:
    """Copy the collection with SQLite's backup API (safe while the app runs); return the copy.

    The copy is written under a temporary name and renamed only once it is complete and verified, so a
    backup killed mid-way never looks like a backup (it is left as a `.partial` file, removed later)."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(folder, now)
    base = f"{db_path.stem}-{now:%Y%m%d-%H%M%S}-{reason}"
    partial = folder / f".{base}-{os.getpid()}{_PARTIAL}"
    src = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        cards = _card_count(partial)
        if cards is None:
            raise sqlite3.DatabaseError("the copy has no flashcards tables")
        target = _free_name(folder, base, cards)
        os.replace(partial, target)
    except sqlite3.DatabaseError as err:
        raise DatabaseError(f"{db_path}: backup failed: {err}") from err
    finally:
        src.close()
        partial.unlink(missing_ok=True)
        Path(str(partial) + "-journal").unlink(missing_ok=True)
    return target


def _free_name(folder: Path, base: str, cards: int) -> Path:
    target = folder / f"{base}.{cards}cards.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}{'-' * n}.{cards}cards.sqlite3"
    return target


def _remove_stale_partials(folder: Path, now: datetime) -> None:
    """Delete copies left by a backup that was killed (older than an hour, so never one still running)."""
    for path in folder.glob(f".*{_PARTIAL}*"):
        try:
            if now.timestamp() - path.stat().st_mtime > _STALE_PARTIAL_S:
                path.unlink()
        except OSError:
            pass


def _card_count(path: Path) -> int | None:
    """The number of cards in a backup, or None if it is not a flashcards collection (tables, user_version)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if not _APP_TABLES <= names or not 1 <= version <= SCHEMA_VERSION:
                return None
            return int(conn.execute("SELECT count(*) FROM card").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def backup_problem(item: Backup) -> str | None:
    """Why `item` cannot be restored (not a collection, wrong version, fewer cards than it claims), or None."""
    cards = _card_count(item.path)
    if cards is None:
        return "is not a complete flashcards backup (no app tables or an unknown schema version)"
    if item.cards is not None and cards < item.cards:
        return f"holds {cards} cards but was taken with {item.cards}"
    return None


def list_backups(db_path: Path) -> list[Backup]:
    """Backup files of `db_path` by name, newest first (see `backup_problem` before trusting one)."""
    out: list[Backup] = []
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return out
    for path in folder.glob(f"{db_path.stem}-*.sqlite3"):
        match = _NAME_RE.match(path.name)
        if match and match["stem"] == db_path.stem:
            taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
            cards = int(match["cards"]) if match["cards"] is not None else None
            out.append(Backup(path, taken, match["reason"], cards))
    return sorted(out, key=lambda b: (b.taken, b.path.name), reverse=True)


def prune_daily(db_path: Path, keep_days: int, today: date) -> list[Path]:
    """Delete daily backups older than `keep_days` days and all but the newest few safety copies of each
    kind (pre-import, pre-restore, ...); manual backups are kept. Returns what was removed."""
    removed = []
    seen: dict[str, int] = {}
    for item in list_backups(db_path):
        seen[item.reason] = seen.get(item.reason, 0) + 1
        old_daily = item.reason == "daily" and (today - item.taken.date()).days >= keep_days
        surplus = item.reason in _KEEP_NEWEST and seen[item.reason] > _KEEP_NEWEST[item.reason]
        if old_daily or surplus:
            item.path.unlink(missing_ok=True)
            removed.append(item.path)
    return removed


def has_backup_on(db_path: Path, day: date, reason: str) -> bool:
    """True if a backup of `reason` was taken on calendar `day`."""
    return any(b.reason == reason and b.taken.date() == day for b in list_backups(db_path))


def integrity(path: Path) -> str:
    """SQLite's `PRAGMA integrity_check` answer ('ok' when healthy). Raises DatabaseError if unreadable."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise DatabaseError(f"{path}: is not a flashcards collection or is damaged ({err})") from err
    return "; ".join(r[0] for r in rows)


_CONSISTENCY: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "cards without a scheduling state": (
        "SELECT count(*) FROM card c WHERE NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id)",
        "INSERT INTO card_state (card_id, deck_id, topic_id, active, new_order, repetitions, ef_x100, interval, lapses,"
        " suspended) SELECT id, deck_id, topic_id, active, position, 0, 250, 0, 0, 0 FROM card c"
        " WHERE NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id)",
    ),
    "scheduling states without a card": (
        "SELECT count(*) FROM card_state s WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.id = s.card_id)",
        "DELETE FROM card_state WHERE card_id NOT IN (SELECT id FROM card)",
    ),
    "reviews of cards that do not exist": (
        "SELECT count(*) FROM review r WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.id = r.card_id)",
        "DELETE FROM review WHERE card_id NOT IN (SELECT id FROM card)",
    ),
    "scheduling states whose deck, topic, active flag or order differ from their card": (
        "SELECT count(*) FROM card_state s JOIN card c ON c.id = s.card_id WHERE s.deck_id != c.deck_id"
        " OR s.topic_id IS NOT c.topic_id OR s.active != c.active OR s.new_order != c.position",
        "UPDATE card_state SET (deck_id, topic_id, active, new_order) ="
        " (SELECT deck_id, topic_id, active, position FROM card WHERE card.id = card_state.card_id)",
    ),
    "study days whose totals differ from the review log": (review_days.MISMATCHES, review_days.REBUILD),
    "topics whose card counts differ from the cards": (topic_counts.MISMATCHES, topic_counts.REBUILD),
    "cards whose review count differs from the review log": (review_counts.MISMATCHES, review_counts.REBUILD),
    "scheduling states with an E-Factor below 1.3 or an interval outside 0-36500 days": (
        "SELECT count(*) FROM card_state WHERE ef_x100 < 130 OR interval < 0 OR interval > 36500",
        "UPDATE card_state SET ef_x100 = max(ef_x100, 130), interval = min(max(interval, 0), 36500)",
    ),
    "scheduling states with a due date that is not a date or lies beyond the longest interval": (
        "SELECT count(*) FROM card_state WHERE due IS NOT NULL"
        " AND (date(due) IS NULL OR date(due) != due OR due > date('now', '+36600 days'))",
        "UPDATE card_state SET due = min(date('now', '+' || interval || ' days'), date('now', '+36500 days'))"
        " WHERE due IS NOT NULL AND (date(due) IS NULL OR date(due) != due OR due > date('now', '+36600 days'))",
    ),
}


def check(path: Path, repair: bool = False) -> CheckReport:
    """Run SQLite's integrity check and the app's consistency checks; with `repair`, fix them in one transaction."""
    result = integrity(path)
    problems: list[str] = []
    repaired: list[str] = []
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for label, (count_sql, fix_sql) in _CONSISTENCY.items():
            count = conn.execute(count_sql).fetchone()[0]
            if count:
                problems.append(f"{count} {label}")
                if repair:
                    for statement in (fix_sql,) if isinstance(fix_sql, str) else fix_sql:
                        conn.execute(statement)
                    repaired.append(f"fixed {count} {label}")
        out_of_step = search_index.problems(conn)
        if out_of_step:
            problems.append(f"{out_of_step} card(s) out of step with the search index")
            if repair:
                search_index.repair(conn)
                repaired.append("rebuilt the search index from the cards")
        conn.execute("COMMIT" if repair else "ROLLBACK")
    except sqlite3.DatabaseError as err:
        raise DatabaseError(f"{path}: consistency check failed: {err}") from err
    finally:
        conn.close()
    return CheckReport(result, tuple(problems), tuple(repaired))


def restore(backup: Path, db_path: Path, now: datetime) -> Path | None:
    """Replace the collection with `backup` after checking it; the current file is backed up first.

    The app must not be running on `db_path` meanwhile; the swap itself is an atomic rename.

    Returns the safety copy of the replaced collection (None if there was none).
    Raises DatabaseError if the backup itself is damaged.
    """
    if integrity(backup) != "ok":
        raise DatabaseError(f"{backup}: the backup fails SQLite's integrity check; not restored")
    match = _NAME_RE.match(backup.name)
    claimed = int(match["cards"]) if match and match["cards"] is not None else None
    problem = backup_problem(Backup(backup, datetime.min, "", claimed))
    if problem:
        raise DatabaseError(f"{backup}: {problem}; not restored")
    safety = None
    if db_path.exists():
        try:
            safety = make_backup(db_path, "pre-restore", now)
        except DatabaseError:
            safety = None  # the current file is unreadable; restoring over it is the point
    staging = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, staging)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(staging, db_path)
    return safety
