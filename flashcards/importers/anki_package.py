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
from flashcards.core.import_models import MediaFile
from flashcards.importers import limits, protobuf
from flashcards.importers.limits import (
    MAX_COLLECTION_BYTES,
    MAX_MEDIA_BYTES,
    MAX_MEDIA_ENTRIES,
    MAX_MEDIA_FILE_BYTES,
    MAX_MEDIA_MAP_BYTES,
    size,
)

# Newest first: Anki 2.1.50+ writes the zstd `anki21b`; 2.1.x wrote `anki21`; 2.0 and genanki `anki2`.
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
LATEST = 3
_CHUNK = 1 << 20
# zstd turns at most 4 input bytes into one 128 KiB block, so a 1 KiB slice unpacks to at most 32 MiB:
# feeding the decompressor slices this small bounds the memory a hostile frame can take.
_ZSTD_SLICE = 1 << 10
_ZSTD_WINDOW = 32 << 20  # the largest back-reference window accepted (Anki writes 2 MiB or less)
_UNKNOWN_SIZE = 1 << 63
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
            sink = _SqliteSink(out, source, member, MAX_COLLECTION_BYTES)
            _copy_member(zf, member, sink, source, MAX_COLLECTION_BYTES, zstd=member.endswith("anki21b"))
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
    """Copy a member (zstd-decompressed if `zstd`) to `out` within `limit` bytes; return its SHA-256.

    The member is streamed: memory stays bounded whatever it unpacks to, and copying stops
    (DeckFormatError) as soon as `limit` is passed.
    """
    digest = hashlib.sha256()
    try:
        with zf.open(member) as raw:
            for chunk in _zstd_chunks(raw, limit) if zstd else iter(lambda: raw.read(_CHUNK), b""):
                limits.check()
                digest.update(chunk)
                out.write(chunk)
                if out.tell() > limit:
                    raise _TooBig
    except _TooBig as err:
        raise DeckFormatError(source, None, f"member {member!r} unpacks to more than {size(limit)}; refused") from err
    except (zipfile.BadZipFile, zlib.error, EOFError, zstandard.ZstdError) as err:
        raise DeckFormatError(source, None, f"member {member!r} is truncated or damaged ({err})") from err
    return digest.hexdigest()


def _zstd_chunks(raw: _Readable, limit: int) -> Iterator[bytes]:
    """Decompress a zstd stream (one or more frames) piece by piece, never holding more than ~32 MiB.

    Raises _TooBig if a frame declares more than `limit` bytes, ZstdError if the data ends early.
    """
    dctx = zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW)
    dobj = None
    while chunk := raw.read(_CHUNK):
        while chunk:
            if dobj is None or dobj.eof:
                _check_declared_size(chunk, limit)
                dobj = dctx.decompressobj()
            piece, chunk = chunk[:_ZSTD_SLICE], chunk[_ZSTD_SLICE:]
            out = dobj.decompress(piece)
            if out:
                yield out
            if dobj.eof:
                chunk = dobj.unused_data + chunk
    if dobj is None or not dobj.eof:
        raise zstandard.ZstdError("compressed data ends early")


def _check_declared_size(head: bytes, limit: int) -> None:
    """Refuse at once a frame whose header says it unpacks to more than `limit`."""
    try:
        declared = zstandard.get_frame_parameters(head).content_size
    except zstandard.ZstdError:
        return  # too short to tell; the streaming cap still applies
    if limit < declared < _UNKNOWN_SIZE:
        raise _TooBig


def _media(zf: zipfile.ZipFile, names: set[str], version: int, source: str) -> tuple[MediaFile, ...]:
    """Every media file the map lists and the zip holds, with a content-addressed stored name.

    Each member is read once however many entries name it (and keeps the stored name of the
    first); the map, each file and all files together are capped (see limits).
    """
    if "media" not in names:
        return ()
    modern = version >= LATEST
    raw = _read_small(zf, "media", source, MAX_MEDIA_MAP_BYTES)
    entries = _modern_map(raw, source) if modern else _legacy_map(raw, source)
    files = []
    seen: dict[str, tuple[str, int]] = {}
    total = 0
    for member, name in entries:
        if member not in names or not name:
            continue
        found = seen.get(member)
        if found is None:
            sink = _Counter()
            digest = _copy_member(zf, member, sink, source, MAX_MEDIA_FILE_BYTES, zstd=modern)
            found = seen[member] = (stored_name(name, digest), sink.size)
            total += sink.size
            if total > MAX_MEDIA_BYTES:
                raise DeckFormatError(
                    source,
                    None,
                    f"media file {name!r}: the package's media unpack to more than {size(MAX_MEDIA_BYTES)}; refused",
                )
        files.append(MediaFile(name=name, member=member, stored_name=found[0], size=found[1], zstd=modern))
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
    if len(mapping) > MAX_MEDIA_ENTRIES:
        raise _too_many(source)
    return [(str(k), v) for k, v in mapping.items()]


def _too_many(source: str) -> DeckFormatError:
    return DeckFormatError(source, None, f"member 'media' lists more than {MAX_MEDIA_ENTRIES:,} media files; refused")


def _modern_map(raw: bytes, source: str) -> list[tuple[str, str]]:
    """Parse the zstd-compressed protobuf `MediaEntries` of Anki 2.1.50+ packages."""
    try:
        buffer = bytearray()
        for chunk in _zstd_chunks(_BytesReader(raw), MAX_MEDIA_MAP_BYTES):
            limits.check()
            buffer += chunk
            if len(buffer) > MAX_MEDIA_MAP_BYTES:
                raise _TooBig
        out: list[tuple[str, str]] = []
        for index, (number, entry) in enumerate(protobuf.fields(bytes(buffer))):
            if number != 1 or not isinstance(entry, bytes):
                continue
            if len(out) >= MAX_MEDIA_ENTRIES:
                raise _too_many(source)
            legacy = protobuf.first(entry, 255)
            out.append((str(legacy if isinstance(legacy, int) else index), protobuf.text(entry, 1)))
        return out
    except _TooBig as err:
        raise DeckFormatError(
            source, None, f"member 'media' (the media map) unpacks to more than {size(MAX_MEDIA_MAP_BYTES)}; refused"
        ) from err
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
            try:
                with partial.open("wb") as out:
                    _copy_member(zf, item.member, out, str(path), MAX_MEDIA_FILE_BYTES, item.zstd)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            written += 1
    return written


class _Readable(Protocol):
    """Anything read in chunks: a zip member or _BytesReader."""

    def read(self, size: int, /) -> bytes: ...


class _Sink(Protocol):
    """Where a member is copied: a file, or _Counter."""

    def write(self, data: bytes, /) -> int: ...

    def tell(self) -> int: ...


class _SqliteSink:
    """Write a collection to `out`, checking its SQLite header as soon as it arrives.

    A member that does not start like a database is refused at its first bytes; one whose
    header gives a size over `limit` is refused before it is unpacked; one that unpacks to more
    than its header gives is refused there (a database never needs bytes past its last page).
    """

    def __init__(self, out: _Sink, source: str, member: str, limit: int) -> None:
        self.out, self.source, self.member, self.limit = out, source, member, limit
        self.head = b""
        self.size = 0
        self.declared: int | None = None

    def write(self, data: bytes) -> int:
        if len(self.head) < 100:
            self.head += data[: 100 - len(self.head)]
            if len(self.head) >= 100:
                self.declared = self._declared_size()
        self.size += len(data)
        if self.declared is not None and self.size > self.declared:
            raise DeckFormatError(
                self.source,
                None,
                f"member {self.member!r} unpacks to more than the {self.declared:,} bytes its database header gives; refused",
            )
        return self.out.write(data)

    def tell(self) -> int:
        return self.size

    def _declared_size(self) -> int | None:
        head = self.head
        if not head.startswith(b"SQLite format 3\x00"):
            raise DeckFormatError(
                self.source, None, f"{self.member} is not a readable Anki collection (file is not a database)"
            )
        page = int.from_bytes(head[16:18], "big")
        page = 65536 if page == 1 else page
        pages = int.from_bytes(head[28:32], "big")
        valid = head[24:28] == head[92:96] and pages > 0 and page >= 512 and page & (page - 1) == 0
        if not valid:
            return None  # written by an old SQLite: only the size limit applies
        if page * pages > self.limit:
            raise DeckFormatError(
                self.source,
                None,
                f"member {self.member!r} holds a database of {page * pages:,} bytes, over the {size(self.limit)} limit; refused",
            )
        return page * pages


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
