"""The import screen: pick a file, see what importing it would do, confirm to import it."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static
from textual.worker import get_current_worker

from flashcards.core.errors import FlashcardsError, ImportCancelled
from flashcards.core.import_models import ImportPreview
from flashcards.tui.messages import Failed, Imported, Previewed
from flashcards.tui.text import plain
from flashcards.tui.widgets.path_input import PathInput
from flashcards.tui.workers import post_if_current

if TYPE_CHECKING:
    from flashcards.services.imports import PreparedImport


class Importer(Protocol):
    """What the screen needs: `ImportService.prepare` and `ImportService.commit`."""

    def prepare(
        self,
        paths: Iterable[Path],
        *,
        deck: str | None = None,
        with_history: bool = False,
        check: bool = True,
        cancel: threading.Event | None = None,
    ) -> PreparedImport:
        """Parse and preview; the result has `.preview` (an ImportPreview) and `.errors`; `cancel` stops it."""
        ...

    def commit(self, prepared: PreparedImport) -> ImportPreview:
        """Import what `prepare` returned, in one transaction."""
        ...


def history_label(on: bool) -> str:
    """The history option's label says its state: Textual draws the box's X whether it is ticked or not."""
    return "Anki review history: on" if on else "Anki review history: off"


START_TEXT = "Type a path (Tab completes it) and press Enter to preview; then Ctrl+S imports."


class ImportScreen(Screen[ImportPreview | None]):
    """Pick a path, preview it (new, updated, unchanged, skipped, errors), then confirm; Escape goes back."""

    DEFAULT_CSS = """
    ImportScreen { padding: 1 2; }
    ImportScreen #import-options { height: auto; }
    ImportScreen #import-deck { width: 1fr; }
    ImportScreen #import-buttons { height: auto; margin: 1 0; }
    ImportScreen #import-buttons Button { margin-right: 2; }
    ImportScreen #import-output { border: round $primary; height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+s", "confirm", "Import", tooltip="Import the previewed files (after Enter showed the preview)"),
    ]

    def __init__(self, importer: Importer, path: str = "") -> None:
        super().__init__()
        self.importer = importer
        self.initial_path = path
        self.prepared: PreparedImport | None = None
        self.result: ImportPreview | None = None

    def compose(self) -> ComposeResult:
        yield Label(plain("Import cards: our Markdown decks, CSV/TSV text, Anki .apkg/.colpkg"), id="import-title")
        yield PathInput(
            self.initial_path, placeholder="path to a file or a folder of .md decks (Tab completes)", id="import-path"
        )
        with Horizontal(id="import-options"):
            yield Input(placeholder="put every card in this deck (optional)", id="import-deck")
            yield Checkbox(history_label(False), id="import-history")
        with Horizontal(id="import-buttons"):
            yield Button("Preview", id="import-preview")
            yield Button("Import", id="import-confirm", variant="primary", disabled=True)
        with VerticalScroll(id="import-output"):
            yield Static(plain(START_TEXT), id="import-report", markup=False)
        yield Footer()

    @on(Checkbox.Changed, "#import-history")
    def _history_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = history_label(event.value)

    def _show(self, text: str) -> None:
        self.query_one("#import-report", Static).update(plain(text))

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-preview")
    def start_preview(self) -> None:
        """Parse the chosen file in a worker and show what importing it would do."""
        raw = self.query_one("#import-path", Input).value.strip()
        if not raw:
            self._show("Enter the path of a file to import.")
            return
        self.prepared = None
        self.query_one("#import-confirm", Button).disabled = True
        self._show(f"Reading {raw} ...")
        deck = self.query_one("#import-deck", Input).value.strip() or None
        self._preview(Path(raw).expanduser(), deck, self.query_one("#import-history", Checkbox).value)

    @work(thread=True, group="import-preview", exclusive=True, exit_on_error=False)
    def _preview(self, path: Path, deck: str | None, history: bool) -> None:
        # Textual sets the worker's cancelled_event when a newer preview supersedes it, when the
        # screen closes and when the app quits; the parsers check it in every loop (and SQLite's
        # progress handler does), so a hostile file stops within milliseconds and ctrl+q never
        # waits for it to be read to the end.
        cancel = get_current_worker().cancelled_event
        try:
            post_if_current(
                self, Previewed(self.importer.prepare([path], deck=deck, with_history=history, cancel=cancel))
            )
        except ImportCancelled:
            return
        except (FlashcardsError, OSError) as err:
            post_if_current(self, Failed(str(err)))

    @on(Previewed)
    def show_preview(self, message: Previewed) -> None:
        """Show the preview; allow Import only if every file parsed."""
        preview: ImportPreview = message.prepared.preview
        self.prepared = message.prepared
        ok = preview.ok and bool(preview.files)
        tail = (
            "Press Ctrl+S (or the Import button) to import."
            if ok
            else "Nothing can be imported until the errors are fixed."
        )
        self._show("\n".join([*preview.lines(), "", tail]))
        self.query_one("#import-confirm", Button).disabled = not ok

    @on(PathInput.Choices)
    def show_choices(self, message: PathInput.Choices) -> None:
        """List the names that match what was typed."""
        shown = message.names[:40]
        more = f"\n… and {len(message.names) - len(shown)} more" if len(message.names) > len(shown) else ""
        self._show("Matching names:\n" + "\n".join(shown) + more)

    def action_confirm(self) -> None:
        """Import what was previewed (the same as pressing the Import button)."""
        if self.prepared is None:
            self._show("Nothing previewed yet: type a path and press Enter first.")
            return
        self.start_import()

    @on(Button.Pressed, "#import-confirm")
    def start_import(self) -> None:
        """Import the previewed files in a worker (one transaction)."""
        if self.prepared is None:
            return
        self.query_one("#import-confirm", Button).disabled = True
        self._show("Importing ...")
        self._commit(self.prepared)
        self.prepared = None

    @work(thread=True, group="import-commit", exit_on_error=False)
    def _commit(self, prepared: PreparedImport) -> None:
        try:
            self.post_message(Imported(self.importer.commit(prepared)))
        except (FlashcardsError, OSError) as err:
            self.post_message(Failed(str(err)))

    @on(Imported)
    def show_result(self, message: Imported) -> None:
        """Show what was imported."""
        self.result = message.result
        self._show("\n".join([*message.result.lines(), "", "Type another path to import more, or Esc to go back."]))
        self._focus_path()

    def _focus_path(self) -> None:
        """Put the cursor back in the path field with its text selected, so typing replaces it."""
        path = self.query_one("#import-path", PathInput)
        path.focus()
        path.select_all()

    @on(Failed)
    def show_error(self, message: Failed) -> None:
        """Show an error as plain text (file names and card text are never markup)."""
        self._show(f"Error: {message.text}")
        self._focus_path()

    def action_close(self) -> None:
        """Leave the screen, handing back what was imported (None if nothing)."""
        self.dismiss(self.result)
