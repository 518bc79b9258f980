"""Console entry point: opens the study app without loading the CLI library, else runs the CLI."""

from __future__ import annotations

import sys


def app_only_db(args: list[str]) -> tuple[str | None] | None:
    """(db,) when `args` just open the app (nothing, or only `--db PATH`); None for any command."""
    if not args:
        return (None,)
    if len(args) == 2 and args[0] == "--db":
        return (args[1],)
    if len(args) == 1 and args[0].startswith("--db="):
        return (args[0][5:],)
    return None


def main(argv: list[str] | None = None) -> None:
    """Open the study app directly, reading the home screen's data while Textual loads; else the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = app_only_db(args)
    if target is None:
        from flashcards.cli import main as cli_main

        cli_main(args)
        return
    from flashcards import paths
    from flashcards.services import StudyService

    service = StudyService(paths.db_path(target[0]))
    prefetch = service.prefetch_home()
    from flashcards.tui.app import run_app

    run_app(service, prefetch)
