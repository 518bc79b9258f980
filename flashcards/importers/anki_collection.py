"""Read an extracted Anki collection (schema 11 JSON or schema 18 tables) into plain values."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from flashcards.core.errors import DeckFormatError, ImportCancelled
from flashcards.importers import limits, protobuf
from flashcards.importers.limits import MAX_CARDS_PER_NOTE, MAX_FIELD_CHARS, MAX_SQLITE_VALUE_BYTES, size

KIND_CLOZE = 1


@dataclass(frozen=True)
class Notetype:
    """A note type: its field names and card templates (name, question format, answer format)."""

    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]


class Note(NamedTuple):
    """A note: GUID, note type, tags and field values (HTML)."""

    id: int
    guid: str
    mid: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


class AnkiCard(NamedTuple):
    """A card row: which note and template, where it lives and its Anki scheduling fields."""

    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    odue: int
    odid: int


class RevlogEntry(NamedTuple):
    """One review log row: ms timestamp, button (1-4), new and last interval, ease in permille, ms taken, kind."""

    id: int
    cid: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time: int
    type: int


@dataclass
class Collection:
    """The parts of a collection an import uses."""

    crt: int
    schema: int
    notetypes: dict[int, Notetype]
    decks: dict[int, str]
    notes: dict[int, Note]
    cards: list[AnkiCard]
    revlog: dict[int, list[RevlogEntry]] = field(default_factory=dict)


# The tables each schema reads; each must be a plain table (a view can run any query, recursive or random).
_LEGACY_TABLES = ("col", "notes", "cards")
_MODERN_TABLES = (*_LEGACY_TABLES, "notetypes", "fields", "templates", "decks")


class _Aborted(Exception):
    """The progress handler stopped a query: cancelled, or over the time budget."""


def read_collection(path: Path, source: str, member: str, with_history: bool) -> Collection:
    """Read notes, cards, note types, decks (and with `with_history` the review log) from `path`.

    The file is untrusted: it is opened read-only with `trusted_schema` off, a length limit on
    every value, a time budget (limits.SQLITE_SECONDS), and the tables read must be real
    tables, not views. Raises DeckFormatError naming `member` (and the note) if it is not a
    readable Anki collection or breaks a limit; ImportCancelled if the import was cancelled.
    """
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as err:
        raise DeckFormatError(source, None, f"{member} cannot be opened ({err})") from err
    deadline = limits.Deadline(limits.SQLITE_SECONDS)
    guard = limits.current()
    stopped: list[str] = []

    def progress() -> int:
        if guard.cancel.is_set():
            stopped.append("cancelled")
        elif deadline.expired():
            stopped.append("slow")
        return 1 if stopped else 0

    try:
        _untrusted(conn)
        conn.set_progress_handler(progress, 10_000)
        conn.create_collation("unicase", _unicase)
        return _read(conn, source, member, with_history)
    except sqlite3.Error as err:
        if stopped == ["cancelled"]:
            raise ImportCancelled("import cancelled") from err
        if stopped:
            raise DeckFormatError(
                source, None, f"{member}: reading it took more than {limits.SQLITE_SECONDS:g} s; refused"
            ) from err
        if "too big" in str(err):
            raise DeckFormatError(
                source, None, f"{member} holds a value over the {size(MAX_SQLITE_VALUE_BYTES)} limit; refused"
            ) from err
        raise DeckFormatError(source, None, f"{member} is not a readable Anki collection ({err})") from err
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DeckFormatError(source, None, f"{member} has a damaged note type or deck list ({err})") from err
    finally:
        conn.close()


def _untrusted(conn: sqlite3.Connection) -> None:
    """Treat the file as hostile: no schema-defined functions with side effects, no huge values, no memory map."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA mmap_size = 0")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_SQLITE_VALUE_BYTES)


def _check_tables(conn: sqlite3.Connection, source: str, member: str, names: tuple[str, ...]) -> None:
    """Refuse a collection whose tables are views, virtual tables or have generated columns."""
    kinds = {
        name: (kind, sql or "")
        for name, kind, sql in conn.execute(
            f"SELECT name, type, sql FROM sqlite_schema WHERE name IN ({','.join('?' * len(names))})", names
        )
    }
    for name in names:
        kind, sql = kinds.get(name, ("", ""))
        if not kind:
            raise DeckFormatError(source, None, f"{member} is not a readable Anki collection (no table {name!r})")
        if kind != "table" or sql.lstrip()[:14].upper().startswith("CREATE VIRTUAL"):
            raise DeckFormatError(
                source, None, f"{member}: {name!r} is a {kind or 'virtual table'}, not a table; refused"
            )
        generated = [row[1] for row in conn.execute(f"PRAGMA table_xinfo({name})") if row[6] in (2, 3)]
        if generated:
            raise DeckFormatError(
                source, None, f"{member}: table {name!r} has a generated column {generated[0]!r}; refused"
            )


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _read(conn: sqlite3.Connection, source: str, member: str, with_history: bool) -> Collection:
    _check_tables(conn, source, member, _LEGACY_TABLES)
    crt, schema = conn.execute("SELECT crt, ver FROM col").fetchone()
    if schema >= 15:
        _check_tables(conn, source, member, _MODERN_TABLES)
        notetypes, decks = _modern_notetypes(conn), _modern_decks(conn)
    else:
        models, deck_json = conn.execute("SELECT models, decks FROM col").fetchone()
        notetypes, decks = _legacy_notetypes(json.loads(models)), _legacy_decks(json.loads(deck_json))
    notes = _notes(conn, source, member)
    cards = _cards(conn, source, notes)
    revlog: dict[int, list[RevlogEntry]] = {}
    if with_history:
        _check_tables(conn, source, member, ("revlog",))
        for row in conn.execute("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY cid, id"):
            revlog.setdefault(row[1], []).append(RevlogEntry(*row))
    return Collection(crt, schema, notetypes, decks, notes, cards, revlog)


def _notes(conn: sqlite3.Connection, source: str, member: str) -> dict[int, Note]:
    """Every note, each field within MAX_FIELD_CHARS; a value over SQLite's length limit is named by its note."""
    notes: dict[int, Note] = {}
    last = None
    try:
        for nid, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"):
            last = nid
            fields = tuple(flds.split("\x1f"))
            for value in fields:
                if len(value) > MAX_FIELD_CHARS:
                    raise limits.field_too_big(source, None, f"note {guid!r}", len(value))
            notes[nid] = Note(nid, guid, mid, tuple(tags.split()), fields)
    except sqlite3.DataError as err:
        if "too big" not in str(err):
            raise
        raise DeckFormatError(
            source,
            None,
            f"{member}: {_oversized_note(conn, last)} holds a value over the {size(MAX_SQLITE_VALUE_BYTES)} limit; refused",
        ) from err
    return notes


def _oversized_note(conn: sqlite3.Connection, last: int | None) -> str:
    """Which note after `last` cannot be read (the cursor reads a row ahead, so try the next few one by one)."""
    after = conn.execute("SELECT id FROM notes WHERE ? IS NULL OR id > ? ORDER BY id LIMIT 3", (last, last)).fetchall()
    for (nid,) in after:
        try:
            conn.execute("SELECT flds, tags FROM notes WHERE id = ?", (nid,)).fetchone()
        except sqlite3.DataError:
            try:
                (guid,) = conn.execute("SELECT guid FROM notes WHERE id = ?", (nid,)).fetchone()
                return f"note {guid!r}"
            except sqlite3.DataError:
                return f"note {nid}"
    return "a note"


def _cards(conn: sqlite3.Connection, source: str, notes: dict[int, Note]) -> list[AnkiCard]:
    """Every card, at most MAX_CARDS_PER_NOTE per note (so one note cannot turn into thousands of cards)."""
    cards: list[AnkiCard] = []
    run_nid, run = None, 0
    for row in conn.execute(
        "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid FROM cards ORDER BY nid, ord"
    ):
        card = AnkiCard(*row)
        run = run + 1 if card.nid == run_nid else 1
        run_nid = card.nid
        if run > MAX_CARDS_PER_NOTE:
            note = notes.get(card.nid)
            name = f"note {note.guid!r}" if note else f"note {card.nid}"
            raise DeckFormatError(source, None, f"{name}: more than {MAX_CARDS_PER_NOTE} cards from one note; refused")
        cards.append(card)
    return cards


def _legacy_notetypes(models: dict[str, Any]) -> dict[int, Notetype]:
    out: dict[int, Notetype] = {}
    for model in models.values():
        flds = sorted(model["flds"], key=lambda f: f["ord"])
        tmpls = sorted(model["tmpls"], key=lambda t: t["ord"])
        out[int(model["id"])] = Notetype(
            id=int(model["id"]),
            name=str(model["name"]),
            cloze=model.get("type", 0) == KIND_CLOZE,
            fields=tuple(str(f["name"]) for f in flds),
            templates=tuple((str(t["name"]), str(t["qfmt"]), str(t["afmt"])) for t in tmpls),
        )
    return out


def _legacy_decks(decks: dict[str, Any]) -> dict[int, str]:
    return {int(d["id"]): str(d["name"]) for d in decks.values()}


def _modern_notetypes(conn: sqlite3.Connection) -> dict[int, Notetype]:
    fields: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    templates: dict[int, list[tuple[str, str, str]]] = {}
    for ntid, name, config in conn.execute("SELECT ntid, name, config FROM templates ORDER BY ntid, ord"):
        templates.setdefault(ntid, []).append((name, protobuf.text(config, 1), protobuf.text(config, 2)))
    out = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        out[ntid] = Notetype(
            id=ntid,
            name=name,
            cloze=protobuf.first(config, 1, 0) == KIND_CLOZE,
            fields=tuple(fields.get(ntid, ())),
            templates=tuple(templates.get(ntid, ())),
        )
    return out


def _modern_decks(conn: sqlite3.Connection) -> dict[int, str]:
    # Schema 18 stores the `::` of deck paths as the unit separator.
    return {did: name.replace("\x1f", "::") for did, name in conn.execute("SELECT id, name FROM decks")}
