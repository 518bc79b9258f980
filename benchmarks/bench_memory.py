"""Peak memory (max RSS) of the study app on a 100k-card / 1M-review collection.

Usage: uv run python benchmarks/bench_memory.py [--pairs 3]
A headless run opens the decks, studies 30 cards (reveal + grade), opens the statistics
and a card's info, then reports the process's peak resident memory. Target: under 150 MB.
The peer, in alternation: Anki's backend on its collection of the same shape doing the same
session (deck list, 30 cards shown and answered Good, the statistics data, one card's info),
with no GUI; issue 11's target is <= 0.6x of it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from anki_peer import anki_collection  # noqa: E402
from bench_startup import anki_python  # noqa: E402
from common import load_average, ratios, synthetic, working_copy  # noqa: E402

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


ANKI_SESSION = """
import resource, shutil, sys, tempfile
from anki.collection import Collection  # first: anki.cards imports it back
from anki.cards import Card
from anki.scheduler.v3 import CardAnswer

copy = tempfile.mkdtemp() + "/c.anki2"
shutil.copyfile(sys.argv[1], copy)
col = Collection(copy)
col.sched.deck_due_tree()
col.decks.select(col.decks.id_for_name("Synthetic ML Engineer"))
for _ in range(30):
    queued = col.sched.get_queued_cards().cards[0]
    card = Card(col, backend_card=queued.card)
    card.start_timer()
    card.question(), card.answer()
    col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD))
col._backend.graphs(search="", days=365)
col.card_stats_data(card.id)
col.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_mb(command: list[str]) -> float:
    """The peak RSS in MB that a session command prints last."""
    return float(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()[-1])


def main() -> None:
    """Run our session and Anki's in alternation, each in a fresh process; print peaks and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    python = anki_python()
    anki_db = anki_collection(python, 100_000, 1_000_000)
    ours, theirs = [], []
    for _ in range(args.pairs):
        ours.append(peak_mb([sys.executable, "-c", SESSION, str(working_copy(synthetic()))]))
        theirs.append(peak_mb([python, "-c", ANKI_SESSION, str(anki_db)]))
    print(f"study app peak memory (max RSS) at 100k cards / 1M reviews: {statistics.median(ours):.0f} MB")
    print(f"Anki's backend, the same session: {statistics.median(theirs):.0f} MB")
    print(f"ours / Anki per pair: {ratios(ours, theirs)}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
