"""Opt-in TUI benchmarks: cold start to home with counts, and grade to next card on screen."""

# Run: uv run pytest tests/tui/test_tui_benchmark.py -m benchmark -s
# The 100k-card / 1M-review collection is generated once and cached (FLASHCARDS_BENCH_DIR).

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from flashcards.core.models import Settings
from flashcards.services import Services
from flashcards.tui.app import build_app
from flashcards.tui.screens.review import ReviewScreen
from tests.support.pilot import card_ready, home_ready, reveal, wait_for

pytestmark = pytest.mark.benchmark
CACHE = Path(os.environ.get("FLASHCARDS_BENCH_DIR", Path(tempfile.gettempdir()) / "flashcards-bench"))
# Process start -> home screen with real counts, through the CLI's own run_app.
COLD = """
import time; T0 = time.perf_counter()
import sys
from flashcards.tui import app as tui
def run(self):
    async def auto(pilot):
        from flashcards.tui.screens.home import HomeScreen
        while not (isinstance(self.screen, HomeScreen) and self.screen.data is not None):
            await pilot.pause(0.001)
        print(round((time.perf_counter() - T0) * 1000)); self.exit()
    return tui.App.run(self, headless=True, auto_pilot=auto, size=(100, 30))
tui.FlashcardsApp.run = run
from flashcards.cli import main
main(["--db", sys.argv[1]])
"""


def big_collection() -> Path:
    """A working copy of the cached 100k-card / 1M-review synthetic collection."""
    from flashcards.db.connect import SCHEMA_VERSION
    from flashcards.db.synth import generate

    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"synth-100000-1000000-1-v{SCHEMA_VERSION}.sqlite3"  # the benchmarks' cached one
    if not source.exists():
        generate(source, 100_000, 1_000_000, 1)
    target = CACHE / "tui-bench-work.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def cold_start_ms(db: Path, runs: int = 5) -> float:
    """Median ms from process start to the home screen with counts (after one warm-up run)."""
    samples = []
    for _ in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", COLD, str(db)], capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples[1:])


def test_cold_start_to_home(tmp_path: Path) -> None:
    bundled = cold_start_ms(tmp_path / "bundled.sqlite3")
    big = cold_start_ms(big_collection())
    print(f"\ncold start to home with counts: bundled decks {bundled:.0f} ms, 100k cards / 1M reviews {big:.0f} ms")


async def test_grade_to_next_card_on_screen() -> None:
    services = Services.open_path(big_collection(), decks_dir=Path("/nonexistent"))
    services.study.save_settings(Settings(new_per_day=200, reviews_per_day=2000))
    app = build_app(services)
    latencies = await _grade_latencies(app, 40)
    services.close()
    p50, worst = statistics.median(latencies), max(latencies)
    print(f"\ngrade -> next card painted at 100k cards: p50 {p50:.1f} ms, max {worst:.1f} ms over {len(latencies)}")
    assert p50 < 50


async def _grade_latencies(app, count: int) -> list[float]:
    """Milliseconds from a grade key to the next card's first paint, `count` times."""
    latencies: list[float] = []
    original = ReviewScreen.show_step

    def timed_show(screen: ReviewScreen, step) -> None:
        started = getattr(screen, "_bench_started", None)
        if started is not None:
            screen.app.call_after_refresh(lambda: latencies.append((time.perf_counter() - started) * 1000))
            screen._bench_started = None
        original(screen, step)

    ReviewScreen.show_step = timed_show  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await home_ready(pilot)
            await pilot.press("a")
            screen = await card_ready(pilot)
            await app.workers.wait_for_complete()
            for _ in range(count):
                await reveal(pilot)
                screen._bench_started = time.perf_counter()
                await pilot.press("4")
                await wait_for(pilot, lambda: len(latencies) > 0 and screen._bench_started is None and not screen.busy)
    finally:
        ReviewScreen.show_step = original  # type: ignore[method-assign]
    return latencies
