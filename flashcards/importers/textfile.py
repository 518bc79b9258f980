"""Decode import files to text: UTF-8 with or without BOM, UTF-16 with BOM; errors name the line."""

from __future__ import annotations

import codecs

from flashcards.core.errors import DeckFormatError


def decode(data: bytes, source: str) -> str:
    """Return the text of `data` without a byte-order mark.

    Raises DeckFormatError for an empty file, bytes that are not UTF-8 (naming the line and
    byte), or a binary file.
    """
    if not data.strip():
        raise DeckFormatError(source, None, "the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DeckFormatError(source, None, f"not valid UTF-16 text ({err.reason} at byte {err.start})") from err
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : err.start + 1].hex()
        raise DeckFormatError(
            source, line, f"not UTF-8 text: byte 0x{bad} at offset {err.start} (save the file as UTF-8)"
        ) from err
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DeckFormatError(source, line, "contains NUL bytes; this is not a text file")
    return text


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of character `offset` in `text`."""
    return text.count("\n", 0, offset) + 1
