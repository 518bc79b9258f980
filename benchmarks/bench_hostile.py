"""Time and peak memory of `flashcards import` on each hostile file of issue 16 (all must be refused).

Usage: uv run python benchmarks/bench_hostile.py
Each case is built in a temporary folder (the same builders as tests/importers/test_import_bombs.py)
and imported by the real CLI in a fresh process. Prints exit code, wall seconds, peak RSS and the
message. Targets: exit 1, under 5 s, under 300 MB. The first line, a missing file, is the cost
of starting the CLI and creating an empty collection, which every case pays. The test suite checks the exit code, the one-line
message and the memory, but never wall time (it runs on loaded machines); this script does.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import zstandard  # noqa: E402

from tests.support.bombs import (  # noqa: E402
    GiB,
    edit_collection,
    legacy_with_notes,
    members,
    modern_media_map,
    run_cli,
    write_zip,
    zstd_rle,
)

_NOTE_COLUMNS = "id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data"


def zstd_collection(tmp: Path) -> Path:
    content = members("anki_modern.apkg")
    content["collection.anki21b"] = zstd_rle(10 * GiB)
    return write_zip(tmp / "zstd-collection.apkg", content)


def real_then_bomb(tmp: Path) -> Path:
    content = members("anki_modern.apkg")
    real = zstandard.ZstdDecompressor().decompressobj().decompress(content["collection.anki21b"])
    content["collection.anki21b"] = zstandard.ZstdCompressor().compress(real) + zstd_rle(10 * GiB)
    return write_zip(tmp / "real-then-bomb.apkg", content)


def declared_bomb(tmp: Path) -> Path:
    content = members("anki_modern.apkg")
    content["collection.anki21b"] = zstd_rle(10 * GiB, declare=True)
    return write_zip(tmp / "declared.apkg", content)


def media_map_bomb(tmp: Path) -> Path:
    content = members("anki_modern.apkg")
    content["media"] = zstd_rle(4 * GiB)
    return write_zip(tmp / "media-map.apkg", content)


def one_member_5000_times(tmp: Path) -> Path:
    content = members("anki_modern.apkg")
    content["media"] = zstandard.ZstdCompressor().compress(modern_media_map([(f"f{i}.png", 0) for i in range(5000)]))
    content["0"] = zstd_rle(1 * GiB)
    return write_zip(tmp / "media-5000.apkg", content)


def recursive_view(tmp: Path) -> Path:
    content = members("genanki.apkg")
    edit_collection(
        tmp,
        content,
        "DROP TABLE notes",
        f"CREATE VIEW notes({_NOTE_COLUMNS}) AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT n, 'g' || n, 1607392319, 0, 0, '', 'q' || char(31) || 'a', '', 0, 0, '' FROM r",
    )
    return write_zip(tmp / "recursive-view.apkg", content)


def randomblob_view(tmp: Path) -> Path:
    content = members("genanki.apkg")
    edit_collection(
        tmp,
        content,
        "ALTER TABLE notes RENAME TO real_notes",
        f"CREATE VIEW notes({_NOTE_COLUMNS}) AS SELECT id, guid, mid, mod, usn, tags, "
        "hex(randomblob(400000000)), sfld, csum, flags, data FROM real_notes",
    )
    return write_zip(tmp / "randomblob-view.apkg", content)


def anki_cloze(tmp: Path) -> Path:
    text = " ".join(f"{{{{c{i}::word{i}}}}} padding" for i in range(1, 5001))
    return write_zip(tmp / "cloze.apkg", legacy_with_notes(tmp, [("amp", text + "\x1f", list(range(5000)))]))


def template_spaces(tmp: Path) -> Path:
    notes = [(f"g{i}", f"{{{{c1::x{i}}}}}\x1f", [0]) for i in range(3)]
    content = legacy_with_notes(tmp, notes, qfmt="{{cloze:Text}} {{" + " " * 4000 + "\n" * 4000)
    return write_zip(tmp / "template.apkg", content)


def csv_cloze(tmp: Path) -> Path:
    text = " ".join(f"{{{{c{i}::w{i}}}}} word" for i in range(1, 3001))
    path = tmp / "cloze.csv"
    path.write_text(f"Text,Extra\n{text}," + "e" * 60_000 + "\n")
    return path


def huge_question(suffix: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / f"huge{suffix}"
        with path.open("wb") as fh:
            fh.write(b"Front,Back\nq," if suffix == ".csv" else b"---\ndeck: x\n---\n\n## Q\n")
            fh.truncate(100_000_000)
        return path

    return build


def missing(tmp: Path) -> Path:
    return tmp / "missing.csv"


CASES: dict[str, Callable[[Path], Path]] = {
    "baseline: a missing file": missing,
    "zstd collection, 10 GiB": zstd_collection,
    "real collection + 10 GiB zstd": real_then_bomb,
    "zstd frame declaring 10 GiB": declared_bomb,
    "zstd media map, 4 GiB": media_map_bomb,
    "5,000 entries -> one 1 GiB member": one_member_5000_times,
    "notes is a recursive view": recursive_view,
    "notes is a randomblob() view": randomblob_view,
    "cloze: 5,000 cards from one note": anki_cloze,
    "template: {{ + 4,000 spaces": template_spaces,
    "CSV cloze: 3,000 cards from one row": csv_cloze,
    "CSV 100 MB question": huge_question(".csv"),
    "Markdown 100 MB question": huge_question(".md"),
}


def main() -> None:
    """Run every case and print one line each."""
    print(f"{'case':38} {'exit':>4} {'seconds':>8} {'peak MB':>8}  message")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        tmp = Path(folder)
        for name, build in CASES.items():
            case = tmp / name.replace(" ", "_").replace("/", "_")
            case.mkdir()
            package = build(case)
            run = run_cli(["import", str(package)], case / "home", timeout=120)
            message = run.err.strip().replace(str(package), package.name)
            print(f"{name:38} {run.code:>4} {run.seconds:>8.2f} {run.peak_mb:>8.1f}  {message[:110]}")


if __name__ == "__main__":
    main()
