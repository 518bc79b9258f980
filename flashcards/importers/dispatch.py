"""Pick the parser for each import path (by extension, then by content) and expand folders."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from flashcards.core.clock import DayRule
from flashcards.core.errors import DeckFormatError
from flashcards.core.import_models import ParsedImport

# Each format's parser is imported when a file of that format is met (deferred): the Anki and
# delimited parsers pull in zstandard, csv and protobuf code that other imports never need.

MARKDOWN = (".md", ".markdown")
DELIMITED = (".csv", ".tsv", ".tab", ".txt")
ANKI = (".apkg", ".colpkg")
SUPPORTED = MARKDOWN + DELIMITED + ANKI


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to import: each file as given, each folder's `.md` deck files (recursively, sorted).

    Raises DeckFormatError for a missing path or a folder without deck files.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.md"))
            if not found:
                raise DeckFormatError(str(path), None, "folder contains no .md deck files")
            out += found
        elif path.is_file():
            out.append(path)
        else:
            raise DeckFormatError(str(path), None, "no such file or folder")
    return out


def detect(path: Path, head: bytes) -> str:
    """`markdown`, `delimited` or `anki` for a file, from its extension or else its first bytes."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN:
        return "markdown"
    if suffix in ANKI or head.startswith(b"PK\x03\x04"):
        return "anki"
    if suffix in DELIMITED:
        return "delimited"
    return "markdown" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---") else "delimited"


def parse_file(
    path: Path, *, deck: str | None = None, with_history: bool = False, rule: DayRule | None = None
) -> ParsedImport:
    """Parse one import file of any supported format. Raises DeckFormatError naming the file and line.

    A hostile file that trips a data error in a parser (a bad value, a missing key, an
    overflow, a broken SQLite file) is reported the same way, so the user sees which file is
    at fault rather than a traceback. TypeError and AttributeError are programming errors and
    are not caught here: tests must see them.
    """
    try:
        return _parse(path, deck=deck, with_history=with_history, rule=rule)
    except DeckFormatError:
        raise
    except (ValueError, LookupError, ArithmeticError, RecursionError, sqlite3.Error) as err:
        raise DeckFormatError(str(path), None, f"cannot be imported: {type(err).__name__}: {err}") from err


def _parse(path: Path, *, deck: str | None, with_history: bool, rule: DayRule | None) -> ParsedImport:
    source = str(path)
    path_key = f"file:{path.resolve()}"
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        kind = detect(path, head)
        if kind == "anki":
            from flashcards.importers.anki import parse_anki

            return parse_anki(path, source, deck=deck, with_history=with_history, rule=rule)
        from flashcards.importers.limits import read_text_file

        data = read_text_file(path, source)
    except OSError as err:
        raise DeckFormatError(source, None, f"cannot read the file ({err.strerror or err})") from err
    if kind == "markdown":
        from flashcards.importers.markdown import parse_markdown

        return parse_markdown(data, source, path_key, deck=deck)
    from flashcards.importers.delimited import parse_delimited

    return parse_delimited(data, source, path_key, default_deck=path.stem, deck=deck)
