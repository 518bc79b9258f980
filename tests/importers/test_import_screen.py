"""The import screen in a tiny host app: type a path, preview, confirm; nasty text shown literally; errors shown."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Button, Input, Static

from flashcards.core.errors import ImportCancelled
from flashcards.core.import_models import ImportPreview
from flashcards.services import StudyService
from flashcards.services.imports import ImportService, PreparedImport
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


class Watched:
    """The real ImportService, noting whether each preview ran to the end or was cancelled (and when it ended)."""

    def __init__(self, inner: ImportService) -> None:
        self.inner = inner
        self.started = threading.Event()
        self.ended = threading.Event()
        self.outcome = ""

    def prepare(self, paths: Iterable[Path], **options: Any) -> PreparedImport:
        self.started.set()
        try:
            prepared = self.inner.prepare(paths, **options)
            self.outcome = "finished"
            return prepared
        except ImportCancelled:
            self.outcome = "cancelled"
            raise
        finally:
            self.ended.set()

    def commit(self, prepared: PreparedImport) -> ImportPreview:
        return self.inner.commit(prepared)


async def test_ctrl_q_during_a_long_preview_cancels_it(importer: ImportService, tmp_path: Path) -> None:
    """Quitting while a 400,000-row file is being read sets the worker's cancel event, which stops the parser.

    Textual waits for running thread workers when the app exits, so a preview that ignored the
    event would hold ctrl+q until the file was read to the end (21 s and more before).
    """
    rows = "".join(f"question {i},answer {i}\n" for i in range(400_000))
    path = write(tmp_path / "long.csv", "Front,Back\n" + rows)
    watched = Watched(importer)
    app = Host(watched)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(path)
        await pilot.click("#import-preview")
        await asyncio.to_thread(watched.started.wait, 30)
        await pilot.press("ctrl+q")
    assert await asyncio.to_thread(watched.ended.wait, 60)
    assert watched.outcome == "cancelled"


async def test_100_mb_question_is_refused_on_the_import_screen(importer: ImportService, tmp_path: Path) -> None:
    """A 100 MB question is refused from the file's size (no read, no render); the screen says why in one line."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.write(b"Front,Back\nq,")
        fh.truncate(100_000_000)
    app = Host(importer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _preview(pilot, path)
        assert f"error: {path}: the file is over the 64 MiB limit for a text file; refused" in _report(app)
        assert app.screen.query_one("#import-confirm", Button).disabled
