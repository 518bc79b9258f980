"""The path to the first screen stays lean: no SQLModel, no Markdown or review screen at import."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_app_loads_neither_the_orm_nor_the_review_screen() -> None:
    code = "import sys, flashcards.cli, flashcards.tui.app; print(' '.join(sys.modules))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not {"sqlmodel", "sqlalchemy"} & loaded
    assert not {"flashcards.tui.screens.review", "textual.widgets._markdown", "markdown_it"} & loaded
