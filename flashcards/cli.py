"""The composition root: parse arguments, build clock -> service -> app, report errors on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flashcards import __version__, paths
from flashcards.cli_cards import cards_group
from flashcards.cli_decks import deck_options_cmd
from flashcards.cli_mock import mock_group
from flashcards.cli_plan import plan_cmd
from flashcards.core.errors import DatabaseError, FlashcardsError, NotFoundError
from flashcards.core.safe_text import json_visible, visible
from flashcards.services import Services

# Imports inside the commands are deferred: each command loads only what it uses (the importers,
# the stats report, the synthetic generator), so `flashcards decks` starts in a fraction of the time.


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print user-facing output with control characters made visible (card and deck text is data, see
    core.safe_text): an escape sequence in a deck name is shown as `␛]2;...`, never run by the terminal."""
    click.echo(visible(text), err=err, nl=nl)


def opened(services: Services, *, backup: bool = True) -> Services:
    """Create or migrate the collection and sync the bundled decks; with `backup`, the day's first backup."""
    services.bundled.open()
    note = services.collection.zone_note()
    if note:
        echo(f"flashcards: warning: {note}", err=True)
    if backup:
        try:
            services.maintenance.daily_backup()
        except (FlashcardsError, OSError) as err:  # a failed backup warns; it never blocks reading or studying
            echo(f"flashcards: warning: the daily backup failed: {err}", err=True)
    return services


class _Cli(click.Group):
    """The command group; a FlashcardsError from any command is reported once, here, with the backups hint
    for a damaged collection (the Services built from --db are in ctx.obj)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DatabaseError as err:
            echo(f"flashcards: {err}", err=True)
            if isinstance(ctx.obj, Services) and ctx.obj.collection.path.is_file():
                try:
                    if ctx.obj.maintenance.newest_good_backup() is not None:
                        echo(f"flashcards: {ctx.obj.maintenance.backups_hint()}", err=True)
                except (OSError, FlashcardsError):
                    pass
            raise click.exceptions.Exit(1) from err
        except (FlashcardsError, ValueError) as err:
            echo(f"flashcards: {err}", err=True)
            raise click.exceptions.Exit(1) from err


@click.group(cls=_Cli, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", help="Collection file to use (default: in the user data dir; FLASHCARDS_HOME overrides).")
@click.version_option(__version__, prog_name="flashcards")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Spaced-repetition interview prep for ML engineers and data scientists.

    Run without a command to open the study app.
    """
    if ctx.invoked_subcommand is None:
        from flashcards.launch import open_app

        open_app(db)
        return
    ctx.obj = Services.open_path(paths.db_path(db))
    ctx.call_on_close(ctx.obj.close)


@cli.group("decks", invoke_without_command=True)
@click.option("--topics", is_flag=True, help="List each deck's topics under it, with their counts.")
@click.pass_context
def decks_cmd(ctx: click.Context, topics: bool) -> None:
    """List decks with their card counts: unseen cards, and the new ones today's limit still lets you start.

    `flashcards decks options NAME` shows or sets a deck's own limits and new-card order.
    """
    if ctx.invoked_subcommand is not None:
        return
    services: Services = ctx.obj
    snapshot = opened(services).study.home_snapshot()
    summaries = snapshot.decks
    headers = ("deck", "cards", "unseen", "new today", "due", "overdue", "repeats", "suspended")
    rows: list[tuple[str | int, ...]] = []
    for d in summaries:
        cap = snapshot.deck_caps(d.id)[0]  # each deck's own limit (see `flashcards decks options`)
        rows.append((visible(d.name), d.total, d.new, min(d.new, cap), d.due, d.overdue, d.repeats, d.suspended))
        if topics:
            for t in d.topics:
                rows.append((f"  {visible(t.slug)}", t.total, t.new, "", t.due, "", "", ""))
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for i, row in enumerate([headers, *rows]):
        cells = [str(c).ljust(w) if j == 0 else str(c).rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))]
        echo("  ".join(cells).rstrip())
        if i == 0:
            echo("  ".join("-" * w for w in widths))
    if not rows:
        echo("(no decks yet: import some with `flashcards import PATH`)")
    else:
        limit = snapshot.settings.new_per_day
        echo(f"unseen: never studied · new today: what today's limit ({limit} a day) still lets you start, "
             "the study app's New column (a deck's own limit: `decks options NAME`)"
             + ("" if topics else " · `--topics` lists each deck's topics"))


decks_cmd.add_command(deck_options_cmd)


@cli.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--deck", "deck", metavar="NAME", help="Put every imported card into deck NAME.")
@click.option("--with-history", is_flag=True, help="Anki packages: bring scheduling state and review log along.")
@click.option("--dry-run", is_flag=True, help="Check and preview; write nothing.")
@click.pass_obj
def import_cmd(
    services: Services, sources: tuple[Path, ...], deck: str | None, with_history: bool, dry_run: bool
) -> None:
    """Import deck files (our Markdown, CSV/TSV text, Anki .apkg/.colpkg) or folders of Markdown decks.

    Shows a preview (new, updated, unchanged, skipped with reasons); the import is one
    transaction, so a file with an error imports nothing.
    """
    importer = opened(services).imports
    # Without --dry-run the result printed after the commit is the preview, so the files are compared only once.
    prepared = importer.prepare(sources, deck=deck, with_history=with_history, check=dry_run)
    if dry_run:
        for line in prepared.preview.lines():
            echo(line)
    if prepared.errors:
        for err in prepared.errors:
            echo(f"flashcards: {err}", err=True)
        sys.exit(1)
    if dry_run:
        echo("dry run: nothing written")
        return
    for line in importer.commit(prepared).lines():
        echo(line)


@cli.group("export")
def export_group() -> None:
    """Export a deck as Markdown, the review log or the mock interviews as CSV, or a full backup."""


@export_group.command("deck")
@click.argument("name")
@click.argument("target", type=click.Path(path_type=Path))
@click.pass_obj
def export_deck_cmd(services: Services, name: str, target: Path) -> None:
    """Write deck NAME to TARGET (a .md file, or a folder for one file per topic) in our deck format."""
    report = opened(services).imports.export_deck(name, target)
    echo(f"wrote {report.cards} card(s) in {report.files} file(s) to {report.path}")
    for warning in report.warnings:
        echo(f"warning: {warning}", err=True)


@export_group.command("reviews")
@click.argument("target", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--deck", "deck", metavar="NAME", help="Only reviews of cards in deck NAME.")
@click.pass_obj
def export_reviews_cmd(services: Services, target: Path, deck: str | None) -> None:
    """Write the review log to TARGET as CSV (`-` for standard output)."""
    report = opened(services).imports.export_reviews(target, deck=deck)
    if str(target) != "-":
        echo(f"wrote {report.reviews} review(s) to {report.path}")


@export_group.command("mocks")
@click.argument("target", type=click.Path(path_type=Path, allow_dash=True))
@click.pass_obj
def export_mocks_cmd(services: Services, target: Path) -> None:
    """Write every answered question of every mock interview to TARGET as CSV (`-` for standard output)."""
    count = opened(services).mocks.export_csv(target)
    if str(target) != "-":
        echo(f"wrote {count} mock answer(s) to {target}")


@export_group.command("backup")
@click.argument("target", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def export_backup_cmd(services: Services, target: Path | None) -> None:
    """Copy the whole collection with SQLite's backup API (safe while the app runs) to TARGET or the backups folder."""
    echo(f"backed up to {opened(services).imports.export_backup(target)}")


@cli.command("check")
@click.option("--repair", is_flag=True, help="Fix what can be fixed (a backup is taken first).")
@click.pass_obj
def check_cmd(services: Services, repair: bool) -> None:
    """Run SQLite's integrity check and the app's consistency checks."""
    report = services.maintenance.check(repair=repair)
    echo(f"integrity: {report.integrity}")
    for problem in report.problems:
        echo(f"problem: {problem}")
    for fix in report.repaired:
        echo(f"repaired: {fix}")
    if report.integrity != "ok":
        raise FlashcardsError(f"{services.collection.path}: damaged; {services.maintenance.backups_hint()}")
    if report.problems and not repair:
        echo("run `flashcards check --repair` to fix these")
        sys.exit(1)
    if not report.problems:
        echo("consistency: ok")


@cli.command("restore")
@click.argument("backup", required=False, type=click.Path(path_type=Path))
@click.pass_obj
def restore_cmd(services: Services, backup: Path | None) -> None:
    """Restore the collection from BACKUP; without BACKUP, list the backups."""
    if backup is not None and not backup.is_file():
        what = "is a folder, not a backup file" if backup.is_dir() else "does not exist"
        raise NotFoundError(f"{backup}: {what}; `flashcards restore` lists the backups")
    if backup is None:
        items = services.maintenance.backups()
        for item in items:
            problem = services.maintenance.backup_problem(item)
            cards = "" if item.cards is None else f"{item.cards:>7} cards  "
            line = f"{item.taken:%Y-%m-%d %H:%M:%S}  {item.reason:<14} {cards}{item.path}"
            echo(line + (f"  (unusable: {problem})" if problem else ""))
        if not items:
            echo("no backups yet")
        return
    safety = services.maintenance.restore(backup)
    echo(f"restored {services.collection.path} from {backup}")
    if safety:
        echo(f"the replaced collection was saved as {safety}")


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print every number as JSON (see docs/stats-json.md).")
@click.pass_obj
def stats_cmd(services: Services, as_json: bool) -> None:
    """Show progress: today, streak, activity, heatmap, forecast, retention, cards and readiness."""
    import json

    from flashcards.core.stats_format import report_json, report_text

    report = opened(services, backup=False).stats.report()  # a read-only command skips the daily backup
    if as_json:
        click.echo(json_visible(json.dumps(report_json(report), ensure_ascii=False)))
    else:
        echo(report_text(report))


@cli.group("dev")
def dev_group() -> None:
    """Developer tools: synthetic collections for benchmarks."""


@dev_group.command("synth")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--cards", default=100_000, show_default=True, help="Number of cards.")
@click.option("--reviews", default=1_000_000, show_default=True, help="Number of review rows over the last year.")
@click.option("--seed", default=1, show_default=True, help="Random seed; the same seed gives the same collection.")
def synth_cmd(path: Path, cards: int, reviews: int, seed: int) -> None:
    """Write a synthetic collection with an SM-2-consistent review history to PATH."""
    import time

    from flashcards.db.synth import generate

    start = time.perf_counter()
    try:
        report = generate(path, cards, reviews, seed)
    except FileExistsError as err:
        raise click.ClickException(str(err)) from err
    echo(
        f"{path}: {report.cards} cards ({report.seen_cards} seen), {report.reviews} reviews "
        f"from {report.first_day} to {report.last_day} in {time.perf_counter() - start:.1f} s"
    )


cli.add_command(cards_group)
cli.add_command(mock_group)
cli.add_command(plan_cmd)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; app errors become one line on stderr and exit code 1 (see _Cli.invoke)."""
    try:
        # Without standalone mode click returns an Exit's code instead of exiting.
        code = cli.main(args=argv, prog_name="flashcards", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        import io

        shown = io.StringIO()
        err.show(file=shown)  # the message can hold a path or a deck name given on the command line
        echo(shown.getvalue(), err=True, nl=False)
        sys.exit(err.exit_code)
    except click.Abort:
        echo("aborted", err=True)
        sys.exit(1)
