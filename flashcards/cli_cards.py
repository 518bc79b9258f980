"""`flashcards cards ...`: search, show, mark, edit and add cards from the command line (the browser's service calls).

A card is named by its number (the `id` column of `cards search`) or its key (the deck
file's `id:`). An unknown card, a bad query or bad card text is one line on stderr and exit
code 1, with nothing written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flashcards.core.safe_text import json_visible, visible

if TYPE_CHECKING:
    from flashcards.core.browse import CardListing
    from flashcards.services import Services

# The services' card code is imported inside the commands (deferred), like the rest of the CLI.


def _echo(text: str = "", err: bool = False) -> None:
    click.echo(visible(text), err=err)


def _opened(services: Services) -> Services:
    from flashcards.cli import opened

    return opened(services, backup=False)


def _ids(services: Services, refs: tuple[str, ...]) -> list[int]:
    return [services.cards.resolve(ref) for ref in refs]


def listing_json(row: CardListing) -> dict[str, Any]:
    """One browser row as JSON (dates as ISO text)."""
    return {
        "id": row.id, "key": row.key, "deck": row.deck, "topic": row.topic, "topic_title": row.topic_title,
        "question": row.question, "state": row.state_label, "stage": row.stage.value,
        "due": row.due.isoformat() if row.due else None, "interval": row.interval, "ef": row.ef_x100 / 100,
        "lapses": row.lapses, "reviews": row.reviews, "suspended": row.suspended, "buried": row.buried,
        "flagged": row.flagged, "leech": row.leech, "edited": row.edited, "user_card": row.user_card,
    }  # fmt: skip


@click.group("cards")
def cards_group() -> None:
    """Find, show, suspend, flag, edit and add cards.

    \b
    Query syntax (cards search, and the app's browser):
      free words       match question, notes, key points and tags (as prefixes)
      deck:NAME        deck:"ML Engineer" (quotes for spaces, * as a wildcard)
      topic:T tag:T role:R level:L
      is:STATE         new learning young mature due suspended buried flagged leech edited
      -FILTER          negates a filter, e.g. -is:suspended
    """


@cards_group.command("search")
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the matching cards as JSON.")
@click.option("--limit", default=500, show_default=True, help="At most this many cards.")
@click.option(
    "--sort",
    type=click.Choice(["deck", "question", "state", "due", "interval", "ef", "lapses", "reviews"]),
    default="deck",
    show_default=True,
)
@click.option("--desc", is_flag=True, help="Sort in descending order.")
@click.pass_obj
def search_cmd(services: Services, query: tuple[str, ...], as_json: bool, limit: int, sort: str, desc: bool) -> None:
    """List the cards matching QUERY (all cards without one)."""
    from flashcards.core.browse import SortKey

    text = " ".join(query)
    page = _opened(services).cards.search(text, SortKey(sort), desc, limit=max(1, limit))
    if as_json:
        data = {"query": text, "total": page.total, "cards": [listing_json(row) for row in page.rows]}  # counted
        click.echo(json_visible(json.dumps(data, ensure_ascii=False)))
        return
    for row in page.rows:
        due = row.due.isoformat() if row.due else "-"
        mark = "F" if row.flagged else " "
        _echo(f"{row.id:>7} {mark} {row.state_label:<22} {due:<10}  {row.place}  |  {row.question}")
    if page.truncated:
        _echo(f"({len(page.rows)} of {page.total} cards shown; narrow the query or raise --limit)", err=True)
    elif not page.rows:
        _echo("no cards match", err=True)


@cards_group.command("show")
@click.argument("card")
@click.option("--json", "as_json", is_flag=True, help="Print the card and its state as JSON.")
@click.pass_obj
def show_cmd(services: Services, card: str, as_json: bool) -> None:
    """Show CARD in the deck format, with its state and review history."""
    cards = _opened(services).cards
    card_id = cards.resolve(card)
    row = cards.listing(card_id)
    history = services.study.card_history(card_id)
    if as_json:
        full = cards.get(card_id)
        data = {
            **listing_json(row), "notes": full.notes, "key_points": list(full.key_points), "tags": list(full.tags),
            "level": full.level, "sources": full.sources,
            "history": [
                {"reviewed_at": r.reviewed_at, "study_day": r.study_day.isoformat(), "grade": r.grade, "kind": r.kind,
                 "interval_after": r.interval_after, "ef_after": r.ef_after_x100 / 100}
                for r in history
            ],
        }  # fmt: skip
        click.echo(json_visible(json.dumps(data, ensure_ascii=False)))
        return
    _echo(cards.card_text(card_id).rstrip("\n"))
    _echo("")
    due = row.due.isoformat() if row.due else "-"
    _echo(
        f"card {row.id}: {row.state_label}{', flagged' if row.flagged else ''}{', edited' if row.edited else ''}"
        f"; due {due}; interval {row.interval} d; EF {row.ef_x100 / 100:.2f}; lapses {row.lapses}; reviews {row.reviews}"
    )
    for r in history:
        _echo(f"  {r.reviewed_at}  grade {r.grade}  {r.kind:<7} interval {r.interval_before} -> {r.interval_after} d")


def _action(name: str, help_text: str, run: Callable[[Services, list[int]], int], verb: str) -> None:
    @cards_group.command(name, help=help_text)
    @click.argument("cards", nargs=-1, required=True)
    @click.pass_obj
    def command(services: Services, cards: tuple[str, ...]) -> None:
        card_ids = _ids(_opened(services), cards)
        done = run(services, card_ids)
        _echo(f"{verb} {done} card(s)")


_action("suspend", "Suspend CARDS (out of every queue until unsuspended).", lambda s, i: s.cards.suspend(i), "suspended")
_action("unsuspend", "Unsuspend CARDS.", lambda s, i: s.cards.suspend(i, False), "unsuspended")
_action("bury", "Bury CARDS until tomorrow.", lambda s, i: s.cards.bury(i), "buried")
_action("unbury", "Unbury CARDS (available again today).", lambda s, i: s.cards.bury(i, False), "unburied")
_action("flag", "Flag CARDS (find them with is:flagged).", lambda s, i: s.cards.flag(i), "flagged")
_action("unflag", "Clear the flag of CARDS.", lambda s, i: s.cards.flag(i, False), "unflagged")
_action("forget", "Put CARDS back to new; their review history is kept.", lambda s, i: s.cards.forget(i), "forgot")
_action("unleech", "Take the leech mark off CARDS (they stay suspended).", lambda s, i: s.cards.clear_leech(i), "cleared")


@cards_group.command("delete")
@click.argument("cards", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def delete_cmd(services: Services, cards: tuple[str, ...], yes: bool) -> None:
    """Delete your own CARDS with their review history (bundled cards cannot be deleted)."""
    card_ids = _ids(_opened(services), cards)
    if not yes:
        click.confirm(f"Delete {len(card_ids)} card(s) and their review history?", abort=True, err=True)
    _echo(f"deleted {services.cards.delete(card_ids)} card(s)")


@cards_group.command("move")
@click.argument("deck")
@click.argument("cards", nargs=-1, required=True)
@click.pass_obj
def move_cmd(services: Services, deck: str, cards: tuple[str, ...]) -> None:
    """Move your own CARDS to DECK, one of your decks."""
    card_ids = _ids(_opened(services), cards)
    _echo(f"moved {services.cards.move(card_ids, deck)} card(s) to {deck}")


@cards_group.command("add")
@click.option("--deck", "deck", metavar="NAME", required=True, help="Your deck to add to (created if missing).")
@click.argument("source", required=False, type=click.Path(path_type=Path, allow_dash=True))
@click.pass_obj
def add_cmd(services: Services, deck: str, source: Path | None) -> None:
    """Add the cards in SOURCE (our Markdown deck format; standard input without SOURCE or with -) to DECK."""
    if source is None or str(source) == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            text, name = source.read_text(encoding="utf-8"), str(source)
        except (OSError, UnicodeDecodeError) as err:
            raise click.ClickException(f"{source}: cannot read: {getattr(err, 'strerror', None) or err}") from err
    ids = _opened(services).cards.add_text(deck, text, name)
    _echo(f"added {len(ids)} card(s) to {deck}: {' '.join(str(i) for i in ids)}")


@cards_group.command("edit")
@click.argument("card")
@click.pass_obj
def edit_cmd(services: Services, card: str) -> None:
    """Edit CARD in $EDITOR as deck-format text; progress is kept. Bad text is reported and nothing is saved."""
    from flashcards.editing import edit_in_editor

    cards = _opened(services).cards
    card_id = cards.resolve(card)
    before = cards.card_text(card_id)
    after = edit_in_editor(before)
    if after == before:
        _echo(f"card {card_id}: unchanged")
        return
    changed = cards.edit_text(card_id, after)
    _echo(f"card {card_id}: {'saved' if changed else 'unchanged'}")


@cards_group.command("edited")
@click.pass_obj
def edited_cmd(services: Services) -> None:
    """List cards you edited whose deck file changed since (settle them with `cards settle`)."""
    ids = _opened(services).cards.changed_in_files()
    for card_id in ids:
        _echo(str(card_id))
    if not ids:
        _echo("no edited card has a newer version in its file", err=True)


@cards_group.command("settle")
@click.argument("card")
@click.option("--take-file", "choice", flag_value="file", help="Use the deck file's version (your edit is dropped).")
@click.option("--keep-mine", "choice", flag_value="mine", help="Keep your version.")
@click.pass_obj
def settle_cmd(services: Services, card: str, choice: str | None) -> None:
    """For CARD, edited by you and changed in its deck file: take the file's version or keep yours."""
    if choice is None:
        raise click.UsageError("choose --take-file or --keep-mine")
    cards = _opened(services).cards
    card_id = cards.resolve(card)
    cards.settle_edit(card_id, take_file=choice == "file")
    _echo(f"card {card_id}: {'took the file version' if choice == 'file' else 'kept your version'}")


@cards_group.command("new-deck")
@click.argument("name")
@click.pass_obj
def new_deck_cmd(services: Services, name: str) -> None:
    """Create an empty deck of your own called NAME."""
    _opened(services).cards.create_deck(name)
    _echo(f"created deck {name.strip()}")


@cards_group.command("rename-deck")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def rename_deck_cmd(services: Services, old: str, new: str) -> None:
    """Rename your deck OLD to NEW."""
    _opened(services).cards.rename_deck(old, new)
    _echo(f"renamed {old} to {new.strip()}")
