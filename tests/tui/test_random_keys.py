"""2,000 random keys across every screen with hostile card text: the app stays alive, the data consistent."""

from __future__ import annotations

import random

from flashcards.core.models import Settings
from tests.support.db import assert_consistent
from tests.support.decks import card, deck
from tests.support.pilot import home_ready

HOSTILE = "x[i] [/] [bold]b[/bold] [@click=app.quit] [link=http://x]y[/link] \\[ ]] $var {x} %s \x1b[31m"
DECKS = {
    "hostile.md": deck(
        f"Deck {HOSTILE}",
        "hostile",
        f"Topic {HOSTILE}",
        [card(f"h-{i:03d}", f"Question {i} {HOSTILE}?", f"**Answer:** {HOSTILE}\n\n```\n{HOSTILE}\n```", (HOSTILE, "b", "c"))
         for i in range(1, 13)],
    )
}
# Every key some screen binds, plus movement and typing; never the quit keys, nor the command
# palette, whose fuzzy search can pick its own Quit command.
KEYS = [
    "space", "enter", "0", "1", "2", "3", "4", "5", "u", "b", "exclamation_mark", "escape", "question_mark",
    "s", "i", "a", "p", "n", "t", "tab", "shift+tab", "up", "down", "pageup", "pagedown", "left", "right", "x",
    "backspace",
]


async def test_two_thousand_random_keys(make_services) -> None:
    services = make_services(DECKS, settings=Settings(new_per_day=50))
    from flashcards.tui.app import build_app

    app = build_app(services)
    rng = random.Random(20261125)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        pressed: list[str] = []
        for _ in range(200):
            batch = [rng.choice(KEYS) for _ in range(10)]
            pressed += batch
            await pilot.press(*batch)
            assert app.is_running, (" ".join(pressed[-30:]), app.return_code, repr(app._exception), type(app.screen).__name__)
        await app.workers.wait_for_complete()
        assert app.is_running
    report = services.maintenance.check()
    assert report.ok and report.problems == ()
    assert_consistent(services.study.db_path)
