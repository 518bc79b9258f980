"""Shared by the CLI tests: run `flashcards` in-process, and a private data directory for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI with `args`; return (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FLASHCARDS_HOME in tmp_path and TZ=UTC, so no test touches the real data dir (autouse where imported)."""
    monkeypatch.setenv("FLASHCARDS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", "UTC")
    return tmp_path / "home"
