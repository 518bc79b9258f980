"""Import from the home screen with real keys: path, preview, confirm, back home with new counts."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static

from flashcards.services import Services, StudyService
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.import_screen import ImportScreen
from tests.support.pilot import home_ready, wait_for

SIZE = (100, 30)
HOSTILE = "x[i] [/] [bold]b[/bold] [@click=app.quit]"


async def test_import_csv_from_home_and_counts_follow(app, service: StudyService, tmp_path: Path) -> None:
    source = tmp_path / "mine.csv"
    source.write_text(f"Front,Back\nWhat is {HOSTILE}?,Answer {HOSTILE}\nSecond?,Two\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press(*str(source), "enter")
        screen = app.screen
        confirm = screen.query_one("#import-confirm", Button)
        await wait_for(pilot, lambda: not confirm.disabled)
        report = str(screen.query_one("#import-report", Static).render())
        assert "2 new" in report
        assert not _has_deck(service, "mine")  # the preview wrote nothing
        confirm.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.result is not None)
        assert _has_deck(service, "mine") and service.find_deck("mine").total == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None)
        await wait_for(pilot, lambda: any(d.name == "mine" for d in app.screen.data.decks))
        assert app.is_running


def _has_deck(service: StudyService, name: str) -> bool:
    return any(d.name == name for d in service.deck_summaries())


async def test_first_start_of_the_day_takes_a_backup(app, services: Services) -> None:
    assert not [b for b in services.maintenance.backups() if b.reason == "daily"]
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await wait_for(pilot, lambda: any(b.reason == "daily" for b in services.maintenance.backups()))
        await app.workers.wait_for_complete()
    assert len([b for b in services.maintenance.backups() if b.reason == "daily"]) == 1
