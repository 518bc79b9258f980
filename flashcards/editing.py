"""Open text in the user's editor ($VISUAL, else $EDITOR, else vi) and read it back; shared by the CLI and the app."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from flashcards.core.errors import FlashcardsError


def editor_command() -> list[str]:
    """The editor command line from $VISUAL or $EDITOR (may hold arguments, e.g. `code --wait`), else `vi`."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(chosen)


def edit_in_editor(text: str, suffix: str = ".md") -> str:
    """Write `text` to a temporary file, wait for the editor to close it, return what it holds then.

    Raises FlashcardsError if the editor cannot be started or exits with an error (nothing is saved then).
    """
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="flashcards-edit-") as folder:
        path = Path(folder) / f"card{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run([*command, str(path)], check=False)
        except OSError as err:
            raise FlashcardsError(f"cannot start the editor {command[0]!r} ($VISUAL / $EDITOR): {err.strerror or err}") from err
        if done.returncode != 0:
            raise FlashcardsError(f"the editor {command[0]!r} exited with status {done.returncode}; nothing saved")
        return path.read_text(encoding="utf-8")
