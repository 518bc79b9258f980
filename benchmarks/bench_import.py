"""Opt-in import benchmark: a 100k-row CSV against Anki's import_csv, then a large genanki .apkg.

Usage: uv run python benchmarks/bench_import.py [--rows 100000] [--pairs 5] [--notes 20000] [--no-apkg]

First, interleaved (ours, Anki, ours, Anki...), each side in a fresh process on a new
collection: our preview-then-confirm path (`prepare`, which parses and compares, then
`commit`) against Anki's `get_csv_metadata` + `import_csv` on the same file, in Anki's
byte-compiled venv (see bench_startup.anki_python). Prints prepare, commit, total, peak RSS
and the per-pair ratio Anki / ours (median, min-max), with the load average before and
after. Target (issue 11): ours <= 1.3 s and >= 3x Anki, peak RSS <= 236 MB.
Then best-of-N times for the CLI path, the preview path and a re-import, for CSV and .apkg.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from flashcards.core.clock import FixedClock
from flashcards.services import Services
from flashcards.services.imports import ImportService

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_startup and common, imported where they are used

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
            svc.collection.close()
    print(
        f"{label}: {cards} cards, best of {repeats}\n"
        f"  import (flashcards import FILE: parse, compare, write, commit): {best['cli']:.2f} s"
        f" = {cards / best['cli']:,.0f} cards/s\n"
        f"  preview then confirm (TUI, --dry-run): prepare {best['prep']:.2f} s + commit {best['commit']:.2f} s"
        f" = {cards / (best['prep'] + best['commit']):,.0f} cards/s\n"
        f"  re-import of the same file (nothing changes): {best['re']:.2f} s"
    )


def child(csv_path: Path, workdir: Path) -> None:
    """One of our imports in this (fresh) process: prints `prepare commit rss_mb cards`."""
    svc = _fresh(workdir, "pair")
    t_prep, prepared = _timed(lambda: svc.prepare([csv_path]))
    t_commit, done = _timed(lambda: svc.commit(prepared))  # type: ignore[arg-type]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{t_prep:.3f} {t_commit:.3f} {rss:.0f} {done.total('new')}")  # type: ignore[attr-defined]


def _spread(values: list[float], unit: str = "s", digits: int = 2) -> str:
    return f"median {statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def versus_anki(csv_path: Path, workdir: Path, pairs: int) -> None:
    """Interleaved pairs, ours then Anki's, each in a fresh process and collection; prints medians and ratios."""
    from bench_startup import anki_python, compile_venv
    from common import load_average

    compile_venv(sys.executable)
    python = anki_python()
    ours: list[tuple[float, float, float]] = []
    anki: list[tuple[float, float]] = []
    for run in range(pairs + 1):  # the first pair warms the OS cache and is dropped
        side = workdir / f"pair-{run}"
        side.mkdir()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(csv_path), str(side)], capture_output=True, text=True, check=True
        ).stdout.split()
        theirs = subprocess.run(
            [python, str(HERE / "anki_side.py"), "import_csv", str(csv_path), str(side / "anki.anki2")],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        if run:
            ours.append((float(out[0]), float(out[1]), float(out[2])))
            anki.append((float(theirs[0]), float(theirs[1])))
        print(f"  pair {run}{' (warm-up)' if not run else ''}: ours {out[0]} + {out[1]} s, {out[2]} MB, {out[3]} cards;"
              f" anki {theirs[0]} s, {theirs[1]} MB, {theirs[2]} cards")  # fmt: skip
    totals = [p + c for p, c, _ in ours]
    print(f"ours prepare: {_spread([p for p, _, _ in ours])}")
    print(f"ours commit:  {_spread([c for _, c, _ in ours])}")
    print(f"ours total:   {_spread(totals)}")
    print(f"ours peak RSS: {_spread([r for _, _, r in ours], 'MB', 0)}")
    print(f"anki import_csv: {_spread([t for t, _ in anki])}; peak RSS {_spread([r for _, r in anki], 'MB', 0)}")
    speedups = [a / o for (a, _), o in zip(anki, totals, strict=True)]
    print(
        f"anki / ours per pair: median {statistics.median(speedups):.2f}x"
        f" ({min(speedups):.2f}-{max(speedups):.2f}x, {len(speedups)} pairs)"
    )
    print(f"load average after pairs: {load_average()}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--no-apkg", action="store_true", help="only the CSV benchmarks")
    parser.add_argument("--no-best", action="store_true", help="only the interleaved comparison with Anki")
    parser.add_argument("--child", nargs=2, metavar=("CSV", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return 0
    from common import load_average

    print(f"load average before: {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "bench.csv"
        make_csv(csv_path, args.rows)
        print(f"CSV: {csv_path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows")
        versus_anki(csv_path, work, args.pairs)
        if args.no_best:
            return 0
        bench("csv", csv_path, work, args.repeats)
        if args.no_apkg:
            return 0
        apkg = work / "bench.apkg"
        t = time.perf_counter()
        make_apkg(apkg, args.notes)
        print(f"apkg: {apkg.stat().st_size / 1e6:.1f} MB, made by genanki in {time.perf_counter() - t:.1f} s")
        bench("apkg", apkg, work, args.repeats, with_history=True)
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
