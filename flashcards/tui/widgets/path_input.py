"""A path field that completes file and folder names on Tab, as a shell does."""

from __future__ import annotations

import os
from pathlib import Path

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

# Past this many entries a folder is not listed for completion (a huge folder would stall the UI).
MAX_ENTRIES = 5_000


def complete_path(text: str) -> tuple[str, list[str]]:
    """Complete the last part of `text` against the file system: (completed text, the names that match).

    The text grows by the longest common prefix of the matching names; a single folder gets a
    trailing `/`. With no match the text is returned unchanged with an empty list. `~` is expanded
    only to look up names; the text keeps it.
    """
    folder_text, _, stem = text.rpartition("/") if "/" in text else ("", "", text)
    head = folder_text + "/" if "/" in text else ""
    folder = Path(os.path.expanduser(folder_text or ".")) if head != "/" else Path("/")
    try:
        with os.scandir(folder) as entries:
            names = []
            for i, entry in enumerate(entries):
                if i >= MAX_ENTRIES:
                    break
                if entry.name.startswith(stem) and (stem.startswith(".") or not entry.name.startswith(".")):
                    names.append(entry.name + ("/" if entry.is_dir() else ""))
    except OSError:
        return text, []
    if not names:
        return text, []
    names.sort()
    common = os.path.commonprefix(names)
    return head + common, names


class PathInput(Input):
    """An Input for a path: Tab completes it (Tab again moves on when there is nothing to add)."""

    BINDINGS = [Binding("tab", "complete", "Complete path", show=False)]

    def action_complete(self) -> None:
        """Complete the path at the end of the field, or move to the next field if nothing would change."""
        completed, names = complete_path(self.value)
        if completed != self.value:
            self.value = completed
            self.cursor_position = len(completed)
            return
        if len(names) > 1:
            self.post_message(self.Choices(self, names))
            return
        self.screen.focus_next()

    class Choices(Message):
        """Several names match what was typed: the screen may list them."""

        def __init__(self, input: PathInput, names: list[str]) -> None:
            super().__init__()
            self.input = input
            self.names = names
