"""Small modal questions: yes or no, and one line of text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from flashcards.tui.host import HostedModal
from flashcards.tui.text import fmt, plain


class ConfirmScreen(HostedModal[bool]):
    """Ask `question`; y confirms, n or Escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(plain(self.question), id="prompt-text")
            yield Static(fmt("[b]y[/b] yes · [b]n[/b] / Esc no"), id="prompt-hint")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class TextPrompt(HostedModal[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(plain(self.question), id="prompt-text")
            yield Input(self.value, id="prompt-input")
            yield Static(fmt("[b]Enter[/b] OK · [b]Esc[/b] cancel"), id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
