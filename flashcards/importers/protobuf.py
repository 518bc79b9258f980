"""A minimal protobuf wire-format reader for the few Anki messages an import needs."""

from __future__ import annotations

from collections.abc import Iterator


class ProtobufError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ProtobufError("varint longer than 64 bits")


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Yield (field number, value) for each field: ints for varints and fixed widths, bytes otherwise.

    Raises ProtobufError for truncated or malformed input.
    """
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise ProtobufError("truncated length-delimited field")
            yield number, data[pos : pos + size]
            pos += size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if pos + width > len(data):
                raise ProtobufError("truncated fixed-width field")
            yield number, int.from_bytes(data[pos : pos + width], "little")
            pos += width
        else:
            raise ProtobufError(f"unsupported wire type {wire}")


def first(data: bytes, number: int, default: int | bytes | None = None) -> int | bytes | None:
    """The first value of field `number` in `data`, or `default`."""
    for num, value in fields(data):
        if num == number:
            return value
    return default


def text(data: bytes, number: int) -> str:
    """Field `number` as UTF-8 text ('' if absent). Raises ProtobufError if it is not text."""
    value = first(data, number, b"")
    if not isinstance(value, bytes):
        raise ProtobufError(f"field {number} is not a string")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProtobufError(f"field {number} is not UTF-8") from err
