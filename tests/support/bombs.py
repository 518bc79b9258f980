"""Hostile import files built in a few milliseconds: zstd bombs, media-map bombs, views, cloze amplification.

Also `run_cli`, which runs `flashcards` in a fresh process and reports its exit code, output,
wall time and peak RSS (measured by a small parent process of its own, so other tests' children
do not count).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.data import FIXTURES

GiB = 1 << 30
MiB = 1 << 20
_ROOT = Path(__file__).resolve().parents[2]


def members(name: str) -> dict[str, bytes]:
    """Every member of a fixture package, by name."""
    with zipfile.ZipFile(FIXTURES / name) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(path: Path, content: dict[str, bytes]) -> Path:
    """A zip at `path` holding `content`, deflated (so a run of zeros is tiny)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)
    return path


def zstd_rle(total: int, declare: bool = False) -> bytes:
    """A valid zstd frame of `total` zero bytes made of 128 KiB RLE blocks: 4 bytes per block, built instantly.

    With `declare` the frame header states its size (an honest bomb); otherwise the size is
    unknown until the data has been unpacked.
    """
    block = 128 << 10
    count, rest = divmod(total, block)
    sizes = [block] * count + ([rest] if rest else [])
    header = b"\x28\xb5\x2f\xfd" + (b"\xc0" if declare else b"\x00") + b"\x38"  # window 128 KiB
    if declare:
        header += total.to_bytes(8, "little")
    out = bytearray(header)
    for i, n in enumerate(sizes):
        last = int(i == len(sizes) - 1)
        out += ((n << 3) | (1 << 1) | last).to_bytes(3, "little") + b"\x00"
    return bytes(out)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def modern_media_map(entries: list[tuple[str, int]]) -> bytes:
    """The protobuf MediaEntries of an anki21b package: (name, zip member number) per entry, not compressed."""
    out = bytearray()
    for name, member in entries:
        raw = name.encode()
        entry = b"\x0a" + _varint(len(raw)) + raw + b"\xf8\x0f" + _varint(member)  # field 1 name, field 255 member
        out += b"\x0a" + _varint(len(entry)) + entry
    return bytes(out)


def edit_collection(tmp: Path, content: dict[str, bytes], *statements: str, member: str = "collection.anki2") -> None:
    """Run SQL `statements` on the package collection `member` of `content`, in place."""
    db = tmp / "edit.sqlite"
    db.unlink(missing_ok=True)
    db.write_bytes(content[member])
    conn = sqlite3.connect(db)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    content[member] = db.read_bytes()
    db.unlink()


def legacy_with_notes(
    tmp: Path, notes: list[tuple[str, str, list[int]]], *, qfmt: str = "{{cloze:Text}}"
) -> dict[str, bytes]:
    """The genanki package with its notes replaced by cloze notes (guid, fields joined by \\x1f, card ordinals)."""
    content = members("genanki.apkg")
    db = tmp / "edit.sqlite"
    db.unlink(missing_ok=True)
    db.write_bytes(content["collection.anki2"])
    conn = sqlite3.connect(db)
    (models_json,) = conn.execute("SELECT models FROM col").fetchone()
    models = json.loads(models_json)
    cloze = next(m for m in models.values() if m.get("type") == 1)
    cloze["tmpls"][0]["qfmt"] = qfmt
    conn.execute("UPDATE col SET models = ?", (json.dumps(models),))
    conn.execute("DELETE FROM notes")
    conn.execute("DELETE FROM cards")
    card_id = 1
    for nid, (guid, fields, ordinals) in enumerate(notes, start=1):
        conn.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, 0, '', ?, '', 0, 0, '')", (nid, guid, int(cloze["id"]), fields)
        )
        conn.executemany(
            "INSERT INTO cards VALUES (?, ?, 1, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')",
            [(card_id + i, nid, o) for i, o in enumerate(ordinals)],
        )
        card_id += len(ordinals)
    conn.commit()
    conn.close()
    content["collection.anki2"] = db.read_bytes()
    del content["0"], content["1"]
    content["media"] = b"{}"
    db.unlink()
    return content


@dataclass(frozen=True)
class Run:
    """One finished `flashcards` process."""

    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


_PARENT = r"""
import json, resource, subprocess, sys, time
limit = 3 << 30  # a runaway child fails fast instead of taking the machine's memory
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.monotonic()
try:
    done = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]), preexec_fn=cap)
    code, out, err = done.returncode, done.stdout, done.stderr
except subprocess.TimeoutExpired as t:
    code, out, err = -999, str(t.stdout or ""), "timed out"
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": code, "out": out, "err": err, "seconds": seconds, "peak_mb": peak}))
"""


def run_cli(args: list[str], home: Path, timeout: float = 60.0) -> Run:
    """Run `python -m flashcards ARGS` with FLASHCARDS_HOME=`home`; return what it did and its peak RSS."""
    env = {**os.environ, "FLASHCARDS_HOME": str(home), "TZ": "UTC"}
    cmd = [sys.executable, "-c", _PARENT, str(timeout), sys.executable, "-m", "flashcards", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=_ROOT, timeout=timeout + 30, check=True)
    return Run(**json.loads(done.stdout))


def dump(db: Path) -> list[str]:
    """The whole collection as SQL text, to prove an import left it unchanged."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
