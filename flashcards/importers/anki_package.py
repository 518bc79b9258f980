"""Open Anki .apkg/.colpkg zips in every layout: pick the newest collection, read the media map, extract safely."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import zstandard

from flashcards.core.errors import DeckFormatError
from flashcards.core.models import MediaFile
from flashcards.importers import protobuf

# Newest first: Anki 2.1.50+ writes the zstd `anki21b`; 2.1.x wrote `anki21`; 2.0 and genanki `anki2`.
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
LATEST = 3
MAX_COLLECTION_BYTES = 4 << 30
MAX_MEDIA_BYTES = 1 << 30
MAX_MEDIA_MAP_BYTES = 64 << 20
_CHUNK = 1 << 20
_EXT = re.compile(r"\.([A-Za-z0-9]{1,10})$")


@dataclass(frozen=True)
class Package:
    """What is inside a package: the chosen collection member, the format version and the media."""

    member: str
    version: int
    media: tuple[MediaFile, ...]
    notes: tuple[str, ...] = ()


class _TooBig(Exception):
    """A member decompresses to more than its limit."""


def open_zip(path: Path, source: str) -> zipfile.ZipFile:
    """Open `path` as a zip. Raises DeckFormatError for an empty, non-zip or truncated file."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise DeckFormatError(source, None, f"cannot read the file ({err.strerror})") from err
    if size == 0:
        raise DeckFormatError(source, None, "the file is empty")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        with path.open("rb") as fh:
            head = fh.read(4)
        if head == b"PK\x03\x04":
            raise DeckFormatError(source, None, f"the zip archive is truncated or damaged ({err})") from err
        raise DeckFormatError(source, None, "not a zip archive; an Anki package (.apkg/.colpkg) is a zip file") from err
    except OSError as err:
        raise DeckFormatError(source, None, f"cannot read the file ({err})") from err


def read_package(path: Path, source: str, workdir: Path) -> tuple[Package, Path]:
    """Read a package's layout and extract its newest collection into `workdir`.

    Returns the package description and the extracted SQLite file.
    Raises DeckFormatError naming the member that is missing, damaged or too large.
    """
    with open_zip(path, source) as zf:
        names = set(zf.namelist())
        member = next((name for name in COLLECTIONS if name in names), None)
        if member is None:
            raise DeckFormatError(
                source, None, "no Anki collection inside (expected collection.anki21b, .anki21 or .anki2)"
            )
        version = _meta_version(zf, names, source)
        target = workdir / "collection.sqlite"
        with target.open("wb") as out:
            _copy_member(zf, member, out, source, MAX_COLLECTION_BYTES, zstd=member.endswith("anki21b"))
        media = _media(zf, names, version, source)
    notes = [f"collection: {member}"]
    older = [name for name in COLLECTIONS if name in names and name != member]
    if older:
        notes.append(f"ignored the older {', '.join(older)} in the package")
    return Package(member, version, media, tuple(notes)), target


def _meta_version(zf: zipfile.ZipFile, names: set[str], source: str) -> int:
    """The package version from the `meta` member (1: anki2, 2: anki21, 3: anki21b); 0 if there is none."""
    if "meta" not in names:
        return 0
    try:
        version = protobuf.first(_read_small(zf, "meta", source, 1 << 16), 1, 0)
    except protobuf.ProtobufError as err:
        raise DeckFormatError(source, None, f"member 'meta' is damaged ({err})") from err
    if not isinstance(version, int) or version > LATEST:
        raise DeckFormatError(
            source, None, f"package version {version!r} is newer than this importer knows; export it from Anki again"
        )
    return version


def _read_small(zf: zipfile.ZipFile, member: str, source: str, limit: int) -> bytes:
    with zf.open(member) as fh:
        try:
            data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
            raise DeckFormatError(source, None, f"member {member!r} is damaged ({err})") from err
    if len(data) > limit:
        raise DeckFormatError(source, None, f"member {member!r} is larger than {limit} bytes")
    return data


def _copy_member(zf: zipfile.ZipFile, member: str, out: _Sink, source: str, limit: int, zstd: bool) -> str:
    """Copy a member (zstd-decompressed if `zstd`) to `out` within `limit` bytes; return its SHA-256."""
    digest = hashlib.sha256()
    try:
        with zf.open(member) as raw:
            for chunk in _zstd_chunks(raw) if zstd else iter(lambda: raw.read(_CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
                if out.tell() > limit:
                    raise _TooBig
    except _TooBig as err:
        raise DeckFormatError(
            source, None, f"member {member!r} unpacks to more than {limit >> 20} MiB; refused"
        ) from err
    except (zipfile.BadZipFile, zlib.error, EOFError, zstandard.ZstdError) as err:
        raise DeckFormatError(source, None, f"member {member!r} is truncated or damaged ({err})") from err
    return digest.hexdigest()


def _zstd_chunks(raw: _Readable) -> Iterator[bytes]:
    """Decompress a zstd stream chunk by chunk; raises ZstdError if it ends early."""
    dobj = zstandard.ZstdDecompressor().decompressobj()
    while chunk := raw.read(_CHUNK):
        while chunk:
            if dobj.eof:
                dobj = zstandard.ZstdDecompressor().decompressobj()
            out = dobj.decompress(chunk)
            if out:
                yield out
            chunk = dobj.unused_data if dobj.eof else b""
    if not dobj.eof:
        raise zstandard.ZstdError("compressed data ends early")


def _media(zf: zipfile.ZipFile, names: set[str], version: int, source: str) -> tuple[MediaFile, ...]:
    """Every media file the map lists and the zip holds, with a content-addressed stored name."""
    if "media" not in names:
        return ()
    raw = _read_small(zf, "media", source, MAX_MEDIA_MAP_BYTES)
    entries = _modern_map(raw, source) if version >= LATEST else _legacy_map(raw, source)
    files = []
    for member, name in entries:
        if member not in names or not name:
            continue
        sink = _Counter()
        digest = _copy_member(zf, member, sink, source, MAX_MEDIA_BYTES, zstd=version >= LATEST)
        files.append(
            MediaFile(
                name=name, member=member, stored_name=stored_name(name, digest), size=sink.size, zstd=version >= LATEST
            )
        )
    return tuple(files)


def stored_name(name: str, sha256_hex: str) -> str:
    """The safe file name media is stored under: a content hash plus the original extension."""
    ext = _EXT.search(name)
    return sha256_hex[:24] + (f".{ext.group(1).lower()}" if ext else "")


def _legacy_map(raw: bytes, source: str) -> list[tuple[str, str]]:
    """Parse the JSON map `{"0": "name.jpg"}` of legacy packages."""
    try:
        mapping = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DeckFormatError(source, None, f"member 'media' is not a valid media map ({err})") from err
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise DeckFormatError(source, None, 'member \'media\' is not a valid media map (expected {"0": "name"})')
    return [(str(k), v) for k, v in mapping.items()]


def _modern_map(raw: bytes, source: str) -> list[tuple[str, str]]:
    """Parse the zstd-compressed protobuf `MediaEntries` of Anki 2.1.50+ packages."""
    try:
        data = b"".join(_zstd_chunks(_BytesReader(raw)))
        out = []
        for index, (number, entry) in enumerate(protobuf.fields(data)):
            if number != 1 or not isinstance(entry, bytes):
                continue
            legacy = protobuf.first(entry, 255)
            out.append((str(legacy if isinstance(legacy, int) else index), protobuf.text(entry, 1)))
        return out
    except (zstandard.ZstdError, protobuf.ProtobufError) as err:
        raise DeckFormatError(source, None, f"member 'media' is not a valid media map ({err})") from err


def extract_media(path: Path, files: tuple[MediaFile, ...], folder: Path) -> int:
    """Write `files` from the package at `path` into `folder` under their stored names; return how many were new.

    Only stored names (a hash and an extension) are used as paths, so no member can write
    outside `folder`. Each file is written to a temporary name and renamed into place.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with zipfile.ZipFile(path) as zf:
        for item in files:
            target = folder / item.stored_name
            if target.parent != folder or target.exists():
                continue
            partial = folder / f".{item.stored_name}.part"
            with partial.open("wb") as out:
                _copy_member(zf, item.member, out, str(path), MAX_MEDIA_BYTES, item.zstd)
            os.replace(partial, target)
            written += 1
    return written


class _Readable(Protocol):
    """Anything read in chunks: a zip member or _BytesReader."""

    def read(self, size: int, /) -> bytes: ...


class _Sink(Protocol):
    """Where a member is copied: a file, or _Counter."""

    def write(self, data: bytes, /) -> int: ...

    def tell(self) -> int: ...


class _Counter:
    """A write-only sink that only counts bytes."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size


class _BytesReader:
    """Read bytes in chunks, like a file."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        self.pos += len(chunk)
        return chunk
