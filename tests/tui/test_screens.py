"""Pilot tests for settings, help, the command palette and errors from the service."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from flashcards.core.models import Settings
from flashcards.services import Services, StudyService
from flashcards.tui.app import build_app
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.screens.settings import SettingsScreen
from flashcards.tui.screens.summary import SummaryScreen
from tests.support.pilot import ServicesFactory, card_ready, grade, home_ready, screen_text, start_review, wait_for

SIZE = (100, 30)


async def type_into(pilot, field: str, text: str) -> None:
    """Focus an input, clear it with backspaces and type `text`."""
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.cursor_position = len(widget.value)
    await pilot.press(*["backspace"] * len(widget.value), *text)


async def test_settings_are_saved_and_used_by_the_next_start(
    app, service: StudyService, services: Services, fake_time
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await type_into(pilot, "new_per_day", "7")
        await type_into(pilot, "reviews_per_day", "150")
        await type_into(pilot, "rollover_hour", "5")
        app.screen.query_one("#grade_mode", Select).focus()
        await pilot.press("enter", "down", "enter")  # open the list, pick "four keys"
        app.screen.query_one("#theme", Select).value = "nord"  # one of Textual's themes (a long list to key through)
        await pilot.pause()
        assert app.theme == "nord"  # previewed at once
        await pilot.press("ctrl+s")
        await home_ready(pilot)
        assert app.settings.grade_mode == "four"
    again = Services.open_path(service.db_path, clock=service.clock, decks_dir=services.bundled.decks_dir)
    stored = again.study.settings()
    assert (stored.new_per_day, stored.reviews_per_day, stored.rollover_hour) == (7, 150, 5)
    assert (stored.grade_mode, stored.theme) == ("four", "nord")
    restarted = build_app(again, monotonic=fake_time)
    async with restarted.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        assert restarted.theme == "nord"
        assert "7 new" in screen_text(restarted) or "5 new" in screen_text(restarted)
        await pilot.press("a")
        await card_ready(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert "1  Again" in screen_text(restarted)  # the one-line grade bar in four-key mode
    again.close()


async def test_bad_settings_are_refused_with_the_reason(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await type_into(pilot, "rollover_hour", "25")
        await pilot.press("enter")
        await pilot.pause()
        assert "New day starts at hour must be 0-23" in screen_text(app)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await home_ready(pilot)
    assert service.settings().rollover_hour == 4


async def test_escape_leaves_settings_unchanged_and_restores_the_theme(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        before = app.theme
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        app.screen.query_one("#theme", Select).value = "nord"
        await type_into(pilot, "new_per_day", "3")
        await pilot.press("escape")
        await home_ready(pilot)
        assert app.theme == before
    assert service.settings() == Settings()


async def test_help_lists_every_key_of_every_screen(app) -> None:
    async with app.run_test(size=(120, 80)) as pilot:
        await home_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for screen in (app, HomeScreen, ReviewScreen, SummaryScreen, SettingsScreen):
            for binding in screen.BINDINGS:
                assert app.get_key_display(binding) in text, binding
        for meaning in ("complete blackout", "perfect response", "Again = grade 1", "Easy = grade 5"):
            assert meaning in text
        await pilot.press("escape")
        await home_ready(pilot)


async def test_every_screen_shows_its_keys_in_the_footer(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        # Home's keys come in the frame after its counts (KeyFooter(hold_keys=True)).
        await wait_for(pilot, lambda: all(k in screen_text(app) for k in ("Study", "Practise", "Settings", "Help")))
        await pilot.press("a")
        await card_ready(pilot)
        assert all(k in screen_text(app) for k in ("Show answer", "Undo", "Bury", "Suspend", "End"))
        assert "press Space or Enter" in screen_text(app)
        await grade(pilot, "5")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert "Back to decks" in screen_text(app)


async def test_palette_offers_the_main_actions(app, service: StudyService) -> None:
    async with app.run_test(size=SIZE) as pilot:
        home = await home_ready(pilot)
        titles = [c.title for c in app.get_system_commands(home)]
        for title in ("Study all decks", "Practise the highlighted deck or topic", "Settings", "Help: keys"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"practise the", "enter")
        screen = await card_ready(pilot)
        assert screen.session.practice
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "End session" in titles


async def test_a_damaged_collection_is_reported_without_markup_or_traceback(tmp_path: Path, fake_time) -> None:
    folder = tmp_path / "[b]odd[/b] [/] folder"  # the separators make it three nested folders
    folder.mkdir(parents=True)
    path = folder / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    app = build_app(Services.open_path(path, decks_dir=tmp_path), monotonic=fake_time)
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await wait_for(pilot, lambda: "not a flashcards collection" in screen_text(app))
        assert "[b]odd[/b] [/] folder" in screen_text(app)
        assert app.is_running
        await pilot.press("a")  # nothing to study, nothing crashes
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_first_grade_warms_up_in_the_background(make_services: ServicesFactory, fake_time) -> None:
    services = make_services()
    services.close()
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await app.workers.wait_for_complete()
        assert services.collection.engine_ready  # the write path was loaded before the first grade
