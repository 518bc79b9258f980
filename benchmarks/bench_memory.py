"""Peak memory (max RSS) of the study app on a 100k-card / 1M-review collection.

Usage: uv run python benchmarks/bench_memory.py
A headless run opens the decks, studies 30 cards (reveal + grade), opens the statistics
and a card's info, then reports the process's peak resident memory. Target: under 150 MB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import synthetic, working_copy  # noqa: E402

SESSION = """
import resource, sys
from pathlib import Path
from flashcards.core.models import Settings
from flashcards.services import Services
from flashcards.tui.app import build_app

services = Services.open_path(Path(sys.argv[1]), decks_dir=Path("/nonexistent"))
services.study.save_settings(Settings(new_per_day=500, reviews_per_day=5000))
app = build_app(services)

async def drive(pilot):
    from flashcards.tui.screens.home import HomeScreen
    from flashcards.tui.screens.stats import StatsScreen
    while not (isinstance(app.screen, HomeScreen) and app.screen.data is not None):
        await pilot.pause(0.01)
    await pilot.press("a")
    for _ in range(30):
        await pilot.pause(0.05)
        await pilot.press("space")
        await pilot.pause(0.05)
        await pilot.press("4")
    await pilot.press("i")
    await pilot.pause(0.5)
    await pilot.press("escape", "escape")
    await pilot.pause(0.2)
    await pilot.press("enter")
    await pilot.pause(0.2)
    await pilot.press("t")
    while not (isinstance(app.screen, StatsScreen) and app.screen.report is not None):
        await pilot.pause(0.05)
    await pilot.pause(0.5)
    app.exit()

app.run(headless=True, auto_pilot=drive, size=(120, 40))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def main() -> None:
    """Run the session in a fresh process and print its peak memory."""
    db = working_copy(synthetic())
    out = subprocess.run([sys.executable, "-c", SESSION, str(db)], capture_output=True, text=True, check=True)
    print(f"study app peak memory (max RSS) at 100k cards / 1M reviews: {out.stdout.split()[-1]} MB")


if __name__ == "__main__":
    main()
