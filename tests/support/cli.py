"""Run `flashcards` in-process for CLI tests."""

from __future__ import annotations

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
