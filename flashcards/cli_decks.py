"""`flashcards decks options NAME`: show or set a deck's own new-card and review limits and new-card order."""

from __future__ import annotations

from dataclasses import replace

import click

from flashcards.core.deck_options import NEW_ORDER_LABELS, NEW_ORDERS, DeckOptions, NewOrder
from flashcards.core.safe_text import visible
from flashcards.services import Services

DEFAULT = "default"


def _limit(value: str | None, name: str) -> int | None | str:
    """A limit option: a number, `default` (the global setting), or None when not given ("" keeps it)."""
    if value is None:
        return ""
    if value.strip().lower() == DEFAULT:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a number or 'default'") from None


def describe(options: DeckOptions, new_default: int, reviews_default: int) -> list[str]:
    """The lines `decks options` prints: each option, and where its value comes from."""
    new, reviews = options.limits(new_default, reviews_default)
    own = "(this deck's own)"
    glob = "(the global setting)"
    return [
        f"new cards per day: {new} {glob if options.new_per_day is None else own}",
        f"reviews per day:   {reviews} {glob if options.reviews_per_day is None else own}",
        f"new-card order:    {NEW_ORDER_LABELS[options.new_order]}",
    ]


@click.command("options")
@click.argument("name")
@click.option("--new-per-day", metavar="N|default", help="New cards a day for this deck ('default': the global setting).")
@click.option("--reviews-per-day", metavar="N|default", help="Reviews a day for this deck ('default': the global setting).")
@click.option("--new-order", type=click.Choice(NEW_ORDERS), help="The order new cards come in.")
@click.option("--reset", is_flag=True, help="Drop this deck's own options (the global settings apply).")
@click.pass_obj
def deck_options_cmd(
    services: Services,
    name: str,
    new_per_day: str | None,
    reviews_per_day: str | None,
    new_order: str | None,
    reset: bool,
) -> None:
    """Show, or set, deck NAME's own options; a deck without its own uses the global settings.

    Studying one deck applies its own limits (counted on that deck's work today); studying all
    decks applies the global limits to the total and each deck's own limits to its share.
    """
    from flashcards.cli import echo, opened

    study = opened(services, backup=False).study
    deck_id, exact, options = study.deck_options(name)
    changed = reset or any(v is not None for v in (new_per_day, reviews_per_day, new_order))
    if reset:
        options = DeckOptions()
    new_value, reviews_value = _limit(new_per_day, "--new-per-day"), _limit(reviews_per_day, "--reviews-per-day")
    if new_value != "":
        options = replace(options, new_per_day=new_value)  # type: ignore[arg-type]
    if reviews_value != "":
        options = replace(options, reviews_per_day=reviews_value)  # type: ignore[arg-type]
    if new_order is not None:
        options = replace(options, new_order=NewOrder(new_order))
    if changed:
        study.save_deck_options(deck_id, options)
    settings = study.settings()
    echo(f"{visible(exact)}{' (saved)' if changed else ''}")
    for line in describe(options, settings.new_per_day, settings.reviews_per_day):
        echo(f"  {line}")
