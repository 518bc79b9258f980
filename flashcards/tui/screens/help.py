"""The help screen: every key of every screen, and what each grade means."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from flashcards.core.models import FOUR_KEY_GRADES, FOUR_KEY_LABELS
from flashcards.core.sm2 import GRADE_MEANINGS

KeyList = list[tuple[str, str]]


def binding_keys(app: App[Any], bindings: Iterable[BindingType]) -> KeyList:
    """(keys, description) for each described binding, keys of one action joined: `space / enter`."""
    merged: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description or binding.action.startswith("grade_key"):
            continue
        text = binding.tooltip or binding.description
        merged.setdefault((binding.action, text), []).append(app.get_key_display(binding))
    return [(" / ".join(keys), description) for (_, description), keys in merged.items()]


def grade_keys_help() -> list[tuple[str, KeyList]]:
    """The grade keys in six-key and four-key mode."""
    six = [(str(q), f"grade {q}: {GRADE_MEANINGS[q]}") for q in range(6)]
    four = [
        (str(k), f"{FOUR_KEY_LABELS[k]} = grade {q}: {GRADE_MEANINGS[q]}") for k, q in sorted(FOUR_KEY_GRADES.items())
    ]
    return [("Grades, six-key mode (after Space)", six), ("Grades, four-key mode (set in Settings)", four)]


def section_table(title: str, keys: KeyList) -> Table:
    """A titled two-column table of keys; long descriptions wrap under themselves."""
    table = Table(title=Text(title, style="bold"), title_justify="left", box=None, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for key, what in keys:
        table.add_row(Text(key), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    """Every key, by screen; Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, sections: Sequence[tuple[str, KeyList]]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys (Esc to close, ↑↓ to scroll)"
            for title, keys in self.sections:
                yield Static(section_table(title, keys), classes="help-section")

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
