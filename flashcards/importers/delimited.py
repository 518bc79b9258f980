"""Import CSV, TSV and semicolon text, including Anki's plain-text exports with `#key:value` header lines."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol

from flashcards.core.errors import DeckFormatError
from flashcards.core.import_models import DeckInfo, ImportedCard, ParsedImport, SkippedRecord
from flashcards.importers import limits
from flashcards.importers.anki_render import CLOZE, render_cloze
from flashcards.importers.html_text import html_to_text, looks_like_html
from flashcards.importers.keys import guid_key, is_valid_id, question_key
from flashcards.importers.textfile import decode

SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
_NAMES = {v: k for k, v in SEPARATORS.items()}
_GUESS = ("\t", ",", ";", "|")
_COLUMN_KEYS = {"deck column": "deck", "tags column": "tags", "guid column": "guid", "notetype column": "notetype"}
_KNOWN_KEYS = {"separator", "html", "columns", "deck", "tags", "notetype", "if matches", *_COLUMN_KEYS}
ROLE_NAMES = {
    "question": "question", "front": "question", "text": "question", "prompt": "question",
    "answer": "answer", "back": "answer", "notes": "answer",
    "extra": "extra", "back extra": "extra",
    "tags": "tags", "tag": "tags", "deck": "deck", "guid": "guid", "notetype": "notetype", "note type": "notetype",
    "id": "id", "level": "level", "sources": "sources", "source": "sources",
    "key points": "key_points", "keypoints": "key_points", "key_points": "key_points",
}  # fmt: skip
_LEVELS = {"b": "basic", "m": "mid", "s": "senior", "basic": "basic", "mid": "mid", "senior": "senior"}
MAX_KEY_POINTS = 6



class _RowReader(Protocol):
    """A csv reader: rows, and the physical line it has read up to."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

@dataclass
class Header:
    """Anki's `#key:value` lines from the top of the file."""

    lines: int = 0
    separator: str | None = None
    html: bool | None = None
    columns: list[str] | None = None
    deck: str | None = None
    tags: tuple[str, ...] = ()
    notetype: str | None = None
    special: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Layout:
    """Which column holds each of _ORDER's roles (-1 where none), the other text columns, and row widths."""

    width: int
    order: tuple[int, ...]
    needed: int
    extras: list[int]
    named: bool
    pick: Callable[[list[str]], tuple[str, ...]] = field(init=False, repr=False)
    padded: int = field(init=False)
    basic: bool = field(init=False)  # only question, answer and perhaps deck and tags: _RowParser._basic_row applies

    def __post_init__(self) -> None:
        # A row is padded with "" to `padded` cells; a role without a column reads the last, always "".
        self.padded = max(self.width, *(i + 1 for i in self.order)) + 1
        self.pick = itemgetter(*(i if i >= 0 else self.padded - 1 for i in self.order))
        self.basic = self.order[1] >= 0 and not self.extras and all(i < 0 for i in self.order[4:])


_NEEDS_WORK = re.compile(r"[\r<&]")
_ORDER = ("question", "answer", "deck", "tags", "guid", "notetype", "id", "level", "sources", "key_points")


def parse_delimited(
    data: bytes, source: str, path_key: str, *, default_deck: str, deck: str | None = None
) -> ParsedImport:
    """Parse delimited text into cards. `deck` overrides every card's deck; `default_deck` is used when the file names none.

    Raises DeckFormatError naming `source:line` for bad encoding, quoting, missing fields,
    conflicting duplicates, or a file without cards.
    """
    text = decode(data, source)
    header, offset = read_header(text, source)
    body = text[offset:]
    if not body.strip():
        raise DeckFormatError(
            source,
            header.lines or None,
            "no cards: the file has only header lines" if header.lines else "the file is empty",
        )
    sep, how = _separator(header, body, source)
    notes = [how, *header.notes]
    csv.field_size_limit(limits.MAX_FIELD_CHARS)  # the csv module refuses a field longer than this
    rows = limits.lines(body, source, header.lines + 1)
    reader = csv.reader(rows, delimiter=sep, quotechar='"', doublequote=True, strict=True)
    parser = _RowParser(source, header, sep, deck, default_deck)
    try:
        parser.run(reader, header.lines, notes)
    except csv.Error as err:
        if "end of data" in str(err):
            raise DeckFormatError(
                source, parser.next_line, "a quoted field starting on this line is never closed"
            ) from err
        line = header.lines + reader.line_num
        if "field limit" in str(err):
            raise DeckFormatError(
                source, line, f"a field is over the {limits.size(limits.MAX_FIELD_CHARS)} limit; refused"
            ) from err
        raise DeckFormatError(
            source, line, f"bad quoting: {err} (quote a whole field and double quotes inside it)"
        ) from err
    if not parser.cards and not parser.skipped:
        raise DeckFormatError(source, header.lines + 1, "no cards: the file has a header row but no data")
    kind = {"\t": "tsv", ",": "csv"}.get(sep, f"{_NAMES.get(sep, repr(sep))}-separated text")
    return ParsedImport(
        source=source,
        format=kind,
        path_key=path_key,
        cards=tuple(parser.cards),
        skipped=tuple(parser.skipped),
        notes=tuple(notes),
        decks=tuple(DeckInfo(name) for name in dict.fromkeys(c.deck for c in parser.cards)),
    )


def read_header(text: str, source: str) -> tuple[Header, int]:
    """Read the `#key:value` lines at the top of the file (a `#` further down is ordinary text).

    Returns the header and the offset where the body starts.
    """
    header = Header()
    offset = 0
    while text.startswith("#", offset):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end + 1
        raw, offset = text[offset:end], end
        header.lines += 1
        number = header.lines
        key, sep, value = raw[1:].rstrip("\r\n").partition(":")
        key = key.strip().lower()
        if not sep or key not in _KNOWN_KEYS:
            header.notes.append(f"line {number}: ignored header line {raw.strip()[:60]!r}")
            continue
        _apply_header(header, key, value.strip(), number, source)
    return header, offset


def _apply_header(header: Header, key: str, value: str, number: int, source: str) -> None:
    if key == "separator":
        sep = SEPARATORS.get(value.lower(), value)
        if len(sep) != 1:
            raise DeckFormatError(
                source,
                number,
                f"unknown separator {value!r} (use Comma, Semicolon, Tab, Space, Pipe, Colon or one character)",
            )
        header.separator = sep
    elif key == "html":
        if value.lower() not in ("true", "false"):
            raise DeckFormatError(source, number, f"#html: must be true or false, not {value!r}")
        header.html = value.lower() == "true"
    elif key == "columns":
        header.columns = [value]  # split once the separator is known
    elif key == "deck":
        header.deck = value or None
    elif key == "tags":
        header.tags = tuple(value.split())
    elif key == "notetype":
        header.notetype = value or None
    elif key in _COLUMN_KEYS:
        if not value.isdigit() or int(value) < 1:
            raise DeckFormatError(source, number, f"#{key}: must be a column number from 1, not {value!r}")
        header.special[_COLUMN_KEYS[key]] = int(value) - 1
    else:
        header.notes.append(f"line {number}: #{key}: is not used here (identity decides what is updated)")


def _separator(header: Header, body: str, source: str) -> tuple[str, str]:
    """The separator and a note saying where it came from (the header, the extension, or a guess)."""
    if header.separator is not None:
        return (
            header.separator,
            f"separator: {_NAMES.get(header.separator, repr(header.separator))} (from the #separator: header)",
        )
    if source.lower().endswith((".tsv", ".tab")):
        return "\t", "separator: tab (from the file extension)"
    sample = body[: 1 << 16]
    best, best_score = ",", (0.0, 0.0, 0)
    for sep in _GUESS:
        try:
            rows = csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
            counts = [len(row) for _, row in zip(range(50), rows, strict=False) if any(c.strip() for c in row)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (sum(n >= 2 for n in counts) / len(counts), counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = sep, score
    if best_score[0] == 0:
        best = ","  # no candidate splits any line; report the one users most likely meant
    return best, f"guessed separator: {_NAMES[best]} (the file has no #separator: header)"


class _RowParser:
    """Turns csv rows into cards, tracking duplicates and line numbers."""

    def __init__(self, source: str, header: Header, sep: str, deck: str | None, default_deck: str) -> None:
        self.source, self.header, self.sep = source, header, sep
        self.deck_override, self.default_deck = deck, header.deck or default_deck
        self.cards: list[ImportedCard] = []
        self.skipped: list[SkippedRecord] = []
        self.seen: dict[str, tuple[int, str, str]] = {}  # key: (line, question, answer)
        self.html_mode = header.html
        self.plain = header.html is not True  # fields without \r, < or & need only a strip
        self.notetype = (header.notetype or "").lower()
        self.converted = False
        self.next_line = header.lines + 1
        self.tag_cache: dict[str, tuple[str, ...]] = {}
        self.guard = limits.current()

    def run(self, reader: _RowReader, first_line: int, notes: list[str]) -> None:
        """Read every row; append notes about the header row and HTML."""
        layout: Layout | None = None
        names = self.header.columns[0].split(self.sep) if self.header.columns else None
        previous = 0
        self.next_line = first_line + 1
        for row in reader:
            line, previous = first_line + previous + 1, reader.line_num
            self.next_line = first_line + previous + 1
            if not row or not row[0].strip() and not "".join(row).strip():
                continue
            if layout is None:
                if names is None and _is_header_row(row):
                    layout = self._layout(row, named=True, line=line)
                    handle = self._reader(layout)
                    notes.append(f"line {line}: header row used as column names: {', '.join(c.strip() for c in row)}")
                    continue
                layout = self._layout(names or row, named=names is not None, line=line)
                handle = self._reader(layout)
            handle(row, line, layout)
        if self.converted:
            notes.append("fields with HTML were converted to text (no #html: header)")

    def _reader(self, layout: Layout) -> Callable[[list[str], int, Layout], None]:
        """The row reader for `layout`: `_basic_row` where it applies, else `_row`."""
        return self._basic_row if layout.basic and self.plain and not self.notetype else self._row

    def _layout(self, names: list[str], named: bool, line: int) -> Layout:
        roles: dict[str, int] = {}
        plain: list[int] = []
        for i, name in enumerate(names):
            role = ROLE_NAMES.get(name.strip().casefold()) if named else None
            if role and role != "extra" and role not in roles:
                roles[role] = i
            else:
                plain.append(i)
        for role, index in self.header.special.items():
            roles[role] = index
            plain = [i for i in plain if i != index]
        for role in ("question", "answer"):
            if role not in roles and plain:
                roles[role] = plain.pop(0)
        if "question" not in roles or ("answer" not in roles and not self._cloze_file()):
            raise DeckFormatError(
                self.source,
                line,
                f"only one column; each line needs a question and an answer separated by {_NAMES.get(self.sep, repr(self.sep))}"
                + ("" if self.header.separator else " (or say which with a '#separator:' line at the top)"),
            )
        order = tuple(roles.get(role, -1) for role in _ORDER)
        needed = max(roles["question"], roles.get("answer", -1)) + 1
        extras = [i for i in plain if i not in roles.values()]
        return Layout(width=len(names), order=order, needed=needed, extras=extras, named=named)

    def _cloze_file(self) -> bool:
        return "cloze" in (self.header.notetype or "").lower() or "notetype" in self.header.special

    def _basic_row(self, row: list[str], line: int, layout: Layout) -> None:
        """`_row` for the commonest rows, a fifth faster: a basic layout (Layout.basic), no HTML or note type
        from the header, and a row of plain text (no CR, `<`, `&` or cloze marker) that is neither short nor
        long, has a question and an answer, and is no duplicate. Any other row goes to `_row`."""
        n = len(row)
        order = layout.order
        q_raw, a_raw = row[order[0]] if order[0] < n else "", row[order[1]] if order[1] < n else ""
        if (
            n > layout.width
            or n < layout.needed
            or "{{c" in q_raw
            or _NEEDS_WORK.search(q_raw)
            or _NEEDS_WORK.search(a_raw)
        ):
            self._row(row, line, layout)
            return
        question, answer = q_raw.strip(), a_raw.strip()
        deck = row[order[2]] if 0 <= order[2] < n else ""
        deck = self.deck_override or deck.strip() or self.default_deck
        key = question_key(deck, question)
        if not question or not answer or key in self.seen:
            self._row(row, line, layout)
            return
        self.guard.card(self.source, line, "", question, answer, line)
        self.seen[key] = (line, question, answer)
        tags = self._tags(row[order[3]] if 0 <= order[3] < n else "")
        self.cards.append(ImportedCard(key, deck, question, answer, f"line {line}", (), tags))

    def _row(self, row: list[str], line: int, layout: Layout) -> None:
        """Turn one row into its card(s); this is the hot loop of a large import, so it avoids helpers."""
        n = len(row)
        if n > layout.width:
            what = "the header names" if layout.named else "the first line has"
            raise DeckFormatError(
                self.source,
                line,
                f"{n} fields, but {what} {layout.width}; quote fields that contain {_NAMES.get(self.sep, repr(self.sep))!s}",
            )
        if n < layout.needed:
            raise DeckFormatError(
                self.source, line, f"missing fields: {n} field(s), needs at least {layout.needed} (question and answer)"
            )
        row += [""] * (layout.padded - n)
        q_raw, a_raw, deck, tags, guid, notetype, card_id, level, sources, points = layout.pick(row)
        plain = self.plain
        question = q_raw.strip() if plain and not _NEEDS_WORK.search(q_raw) else self._text(q_raw)
        answer = a_raw.strip() if plain and not _NEEDS_WORK.search(a_raw) else self._text(a_raw)
        if layout.extras:
            extras = [self._text(row[i]) for i in layout.extras if i < n]
            answer = "\n\n".join(part for part in (answer, *extras) if part)
        else:
            extras = []
        notetype = notetype.lower() if notetype else self.notetype
        deck = self.deck_override or deck.strip() or self.default_deck
        tag_tuple = self._tags(tags)
        level_value = self._level(level, line) if level else None
        point_values = self._key_points(points, line) if points else ()
        # Anki's "Notes in Plain Text" export without a notetype column still writes `{{c1::...}}`:
        # with no note type given, cloze markers make it a cloze note, as in an .apkg.
        if "cloze" in notetype or (not notetype and "{{c" in q_raw and CLOZE.search(q_raw)):
            pairs = _cloze_cards(q_raw, answer, self, line)
        elif "reversed" in notetype and ("optional" not in notetype or any(extras)):
            pairs = [(0, question, answer), (1, answer, question)]
        else:
            pairs = [(0, question, answer)]
        for ordinal, q, a in pairs:
            if not q or not a:
                self.skipped.append(SkippedRecord(f"line {line}", "empty question" if not q else "empty answer"))
                self.guard.check()
                continue
            self.guard.card(self.source, line, "", q, a, line)
            key = (
                self._key(card_id.strip(), guid.strip(), ordinal, deck, q, line)
                if card_id or guid
                else question_key(deck, q)
            )
            seen = self.seen.get(key)
            if seen is not None:
                if seen[1] == q and seen[2] == a:
                    self.skipped.append(SkippedRecord(f"line {line}", f"duplicate of line {seen[0]}"))
                    continue
                raise DeckFormatError(
                    self.source, line, f"same card as line {seen[0]} (same id, GUID or question) but different text"
                )
            self.seen[key] = (line, q, a)
            self.cards.append(
                ImportedCard(
                    key, deck, q, a, f"line {line}", point_values, tag_tuple, level_value, sources.strip() if sources else ""
                )
            )

    def _tags(self, raw: str) -> tuple[str, ...]:
        """The header's tags plus the row's (split on spaces and commas), first occurrence kept; cached per text."""
        if not raw:
            return self.header.tags
        found = self.tag_cache.get(raw)
        if found is None:
            found = self.tag_cache[raw] = tuple(dict.fromkeys([*self.header.tags, *raw.replace(",", " ").split()]))
        return found

    def _key(self, card_id: str, guid: str, ordinal: int, deck: str, question: str, line: int) -> str:
        if card_id:
            if not is_valid_id(card_id):
                raise DeckFormatError(
                    self.source, line, f"id {card_id!r} may use only letters, digits, '.', '_' and '-'"
                )
            return card_id if ordinal == 0 else f"{card_id}.{ordinal + 1}"
        if guid:
            return guid_key(guid, ordinal)
        return question_key(deck, question)

    def _text(self, value: str) -> str:
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        html = self.html_mode
        if html is None and ("<" in value or "&" in value) and looks_like_html(value):
            html = self.converted = True
        return html_to_text(value).strip() if html else value.strip()

    def _level(self, value: str, line: int) -> str | None:
        value = value.strip().lower()
        if not value:
            return None
        if value not in _LEVELS:
            raise DeckFormatError(self.source, line, f"level {value!r} must be one of basic, mid, senior")
        return _LEVELS[value]

    def _key_points(self, value: str, line: int) -> tuple[str, ...]:
        points = tuple(p.strip().removeprefix("- ").removeprefix("* ").strip() for p in value.splitlines() if p.strip())
        if len(points) > MAX_KEY_POINTS:
            raise DeckFormatError(self.source, line, f"{len(points)} key points; at most {MAX_KEY_POINTS}")
        return points


def _is_header_row(row: list[str]) -> bool:
    """True if every cell names a known column and one of them is the question."""
    cells = [c.strip().casefold() for c in row if c.strip()]
    roles = [ROLE_NAMES.get(c) for c in cells]
    return len(row) >= 2 and all(roles) and "question" in roles


def _cloze_cards(raw: str, extra: str, parser: _RowParser, line: int) -> list[tuple[int, str, str]]:
    """One (ordinal, question, answer) per cloze number in `raw`, within the per-note limits (see limits)."""
    numbers = sorted({int(m.group(1)) for m in CLOZE.finditer(raw)})
    if len(numbers) > limits.MAX_CARDS_PER_NOTE:
        raise limits.too_many_cards(parser.source, line, "", len(numbers))
    out = []
    chars = 0
    for number in numbers:
        question = parser._text(render_cloze(raw, number, answer=False))
        shown = parser._text(render_cloze(raw, number, answer=True, bold="**"))
        answer = "\n".join(p for p in (shown, extra) if p)
        chars += len(question) + len(answer)
        if chars > limits.MAX_NOTE_CHARS:  # refused while rendering: the row's cards are never all in memory
            raise limits.note_too_big(parser.source, line, "")
        out.append((number - 1, question, answer))
    return out
