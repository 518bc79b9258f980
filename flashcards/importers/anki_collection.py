"""Read an extracted Anki collection (schema 11 JSON or schema 18 tables) into plain values."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from flashcards.core.errors import DeckFormatError
from flashcards.importers import protobuf

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


def read_collection(path: Path, source: str, member: str, with_history: bool) -> Collection:
    """Read notes, cards, note types, decks (and with `with_history` the review log) from `path`.

    Raises DeckFormatError naming `member` if it is not a readable Anki collection.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as err:
        raise DeckFormatError(source, None, f"{member} cannot be opened ({err})") from err
    try:
        conn.create_collation("unicase", _unicase)
        return _read(conn, with_history)
    except sqlite3.Error as err:
        raise DeckFormatError(source, None, f"{member} is not a readable Anki collection ({err})") from err
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DeckFormatError(source, None, f"{member} has a damaged note type or deck list ({err})") from err
    finally:
        conn.close()


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _read(conn: sqlite3.Connection, with_history: bool) -> Collection:
    crt, schema = conn.execute("SELECT crt, ver FROM col").fetchone()
    if schema >= 15:
        notetypes, decks = _modern_notetypes(conn), _modern_decks(conn)
    else:
        models, deck_json = conn.execute("SELECT models, decks FROM col").fetchone()
        notetypes, decks = _legacy_notetypes(json.loads(models)), _legacy_decks(json.loads(deck_json))
    notes = {
        row[0]: Note(row[0], row[1], row[2], tuple(row[3].split()), tuple(row[4].split("\x1f")))
        for row in conn.execute("SELECT id, guid, mid, tags, flds FROM notes")
    }
    cards = [
        AnkiCard(*row)
        for row in conn.execute(
            "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid FROM cards ORDER BY nid, ord"
        )
    ]
    revlog: dict[int, list[RevlogEntry]] = {}
    if with_history:
        for row in conn.execute("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY cid, id"):
            revlog.setdefault(row[1], []).append(RevlogEntry(*row))
    return Collection(crt, schema, notetypes, decks, notes, cards, revlog)


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
