"""Console entry point: opens the study app without loading the CLI library, else runs the CLI."""

from __future__ import annotations

import gc
import os
import sys


def app_only_db(args: list[str]) -> tuple[str | None] | None:
    """(db,) when `args` just open the app (nothing, or only `--db PATH`); None for any command,
    which the CLI parses (so each argument list is parsed exactly once)."""
    if not args:
        return (None,)
    if len(args) == 2 and args[0] == "--db":
        return (args[1],)
    if len(args) == 1 and args[0].startswith("--db="):
        return (args[0][5:],)
    return None


def open_app(db: str | None) -> None:
    """The one way the study app starts (from here and from `flashcards --db PATH` in the CLI): build the
    services, start reading the home screen's counts, and run the app while that read goes on."""
    # Start-up makes some 60,000 long-lived objects (modules, classes, functions) and little garbage; the
    # cyclic collector would scan them over and over (~30 ms before home is painted). It is off until
    # the app has painted home, then those objects are frozen out of its scans (tui/collector.py: Collector.resume).
    gc.disable()
    from flashcards import paths
    from flashcards.core.errors import FlashcardsError
    from flashcards.core.safe_text import visible
    from flashcards.services import Services

    services = Services.open_path(paths.db_path(db))
    try:
        services.collection.check_location()
    except FlashcardsError as err:
        print(f"flashcards: {visible(str(err))}", file=sys.stderr)
        raise SystemExit(1) from err
    prefetch = services.prefetch_home()
    # Deferred: Textual is imported after the home read has started, so the two overlap.
    from flashcards.tui.app import run_app

    code = run_app(services, prefetch)
    # Every write was committed before it returned and the collection is closed: leave without the
    # interpreter's teardown of Textual and SQLAlchemy (100-300 ms), and without waiting for the warm-up
    # thread (a backup it was taking stays a `.partial` file, removed by the next one).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """Open the study app directly, reading the home screen's data while Textual loads; else the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = app_only_db(args)
    if target is None:
        # Deferred: click is imported only when a command is given.
        from flashcards.cli import main as cli_main

        cli_main(args)
        return
    open_app(target[0])
