"""Opt-in import benchmark: a 100k-row CSV and a large genanki .apkg into a fresh collection.

Usage: uv run python benchmarks/bench_import.py [--rows 100000] [--notes 20000]
Prints best-of-N times and cards per second for the CLI path and the preview-then-confirm path. Target: >= 50k cards/s from CSV.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from flashcards.core.clock import FixedClock
from flashcards.services import Services
from flashcards.services.imports import ImportService

WORDS = "gradient bias variance tensor batch latency shard replica feature label drift embedding".split()


def make_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Write `rows` cards (question, answer, tags) with commas, quotes and newlines in some fields."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Front", "Back", "Tags"])
        for i in range(rows):
            words = " ".join(rng.choices(WORDS, k=8))
            answer = f'{words}, "quoted"\nsecond line {i}' if i % 10 == 0 else words
            writer.writerow([f"Question {i}: what is {words}?", answer, f"t{i % 50} bench"])


def make_apkg(path: Path, notes: int) -> None:
    """Write a genanki package with `notes` basic notes, a tenth of them cloze, across nested decks."""
    import genanki

    rng = random.Random(2)
    decks = [genanki.Deck(1_000_000 + i, f"Bench::Part {i}") for i in range(10)]
    basic = genanki.BASIC_MODEL
    for i in range(notes):
        words = " ".join(rng.choices(WORDS, k=8))
        if i % 10 == 0:
            note = genanki.Note(
                model=genanki.CLOZE_MODEL, fields=[f"{{{{c1::{words}}}}} is note {i}", "extra"], guid=f"c{i}"
            )
        else:
            note = genanki.Note(
                model=basic, fields=[f"<b>Q{i}</b> {words}?", f"A<br>{words}<ul><li>x</li></ul>"], guid=f"b{i}"
            )
        decks[i % 10].add_note(note)
    genanki.Package(decks).write_to_file(str(path), timestamp=1_700_000_000)


def _fresh(workdir: Path, name: str) -> ImportService:
    empty = workdir / f"{name}-decks"
    empty.mkdir(exist_ok=True)
    services = Services.open_path(
        workdir / f"{name}.sqlite3", clock=FixedClock(datetime(2026, 3, 10, 12, tzinfo=UTC)), decks_dir=empty
    )
    services.bundled.open()
    return services.imports


def _timed(action) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def bench(label: str, source: Path, workdir: Path, repeats: int, **options: object) -> None:
    """Best of `repeats` fresh imports: the CLI path (parse, then compare-and-write once), the preview path
    (parse + preview, then commit), and a re-import that changes nothing."""
    best: dict[str, float] = {}
    cards = 0
    for run in range(repeats):
        cli = _fresh(workdir, f"{label}-cli-{run}")
        t_cli, result = _timed(lambda: cli.commit(cli.prepare([source], check=False, **options)))  # noqa: B023
        t_re, again = _timed(lambda: cli.commit(cli.prepare([source], check=False, **options)))  # noqa: B023
        tui = _fresh(workdir, f"{label}-tui-{run}")
        t_prep, prepared = _timed(lambda: tui.prepare([source], **options))  # noqa: B023
        t_commit, _ = _timed(lambda: tui.commit(prepared))  # noqa: B023
        cards = result.total("new")  # type: ignore[attr-defined]
        assert again.total("unchanged") == cards  # type: ignore[attr-defined]
        for name, value in (("cli", t_cli), ("re", t_re), ("prep", t_prep), ("commit", t_commit)):
            best[name] = min(best.get(name, value), value)
        for svc in (cli, tui):
            svc.study.close()
    print(
        f"{label}: {cards} cards, best of {repeats}\n"
        f"  import (flashcards import FILE: parse, compare, write, commit): {best['cli']:.2f} s"
        f" = {cards / best['cli']:,.0f} cards/s\n"
        f"  preview then confirm (TUI, --dry-run): prepare {best['prep']:.2f} s + commit {best['commit']:.2f} s"
        f" = {cards / (best['prep'] + best['commit']):,.0f} cards/s\n"
        f"  re-import of the same file (nothing changes): {best['re']:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "bench.csv"
        make_csv(csv_path, args.rows)
        print(f"CSV: {csv_path.stat().st_size / 1e6:.1f} MB")
        bench("csv", csv_path, work, args.repeats)
        apkg = work / "bench.apkg"
        t = time.perf_counter()
        make_apkg(apkg, args.notes)
        print(f"apkg: {apkg.stat().st_size / 1e6:.1f} MB, made by genanki in {time.perf_counter() - t:.1f} s")
        bench("apkg", apkg, work, args.repeats, with_history=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
