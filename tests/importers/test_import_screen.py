"""The import screen in a tiny host app: type a path, preview, confirm; nasty text shown literally; errors shown."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Button, Input, Static

from flashcards.services import StudyService
from flashcards.services.imports import ImportService
from flashcards.tui.screens.import_screen import ImportScreen
from tests.support.db import db_cards, write


class Host(App[None]):
    """Pushes the import screen on start, as the main app will."""

    def __init__(self, importer: ImportService) -> None:
        super().__init__()
        self.importer = importer

    def on_mount(self) -> None:
        self.push_screen(ImportScreen(self.importer))


def _report(app: App[None]) -> str:
    return str(app.screen.query_one("#import-report", Static).content)


async def _preview(pilot, path: Path) -> None:  # noqa: ANN001
    pilot.app.screen.query_one("#import-path", Input).value = str(path)
    await pilot.click("#import-preview")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_preview_then_confirm_imports(importer: ImportService, study: StudyService, tmp_path: Path) -> None:
    """Markup-like card text ([/], [b], x[i]) appears literally in the preview and nothing crashes."""
    path = write(tmp_path / "nasty.csv", "Front,Back\n[/] x[i] [b]bold?,[red]not red[/red]\n")
    app = Host(importer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _preview(pilot, path)
        assert "1 new, 0 updated, 0 unchanged, 0 skipped" in _report(app)
        assert not app.screen.query_one("#import-confirm", Button).disabled
        assert db_cards(study) == {}
        await pilot.click("#import-confirm")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "imported: 1 new" in _report(app)
        assert [c[1] for c in db_cards(study).values()] == ["[/] x[i] [b]bold?"]
        assert app.screen.query_one("#import-confirm", Button).disabled


async def test_errors_are_shown_and_block_import(importer: ImportService, study: StudyService, tmp_path: Path) -> None:
    path = write(tmp_path / "[bad].csv", "Q,A\nQ2\n")
    app = Host(importer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _preview(pilot, path)
        assert f"error: {path}:2: missing fields" in _report(app)
        assert app.screen.query_one("#import-confirm", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
    assert db_cards(study) == {}
