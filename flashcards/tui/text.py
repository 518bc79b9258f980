"""User text (cards, decks, tags, errors) rendered as data, never parsed as markup."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.content import Content
from textual.dom import DOMNode
from textual.notifications import SeverityLevel

__all__ = ["cell", "day_label", "fmt", "plain", "say", "shorten"]


def plain(text: object) -> Content:
    """`text` as Content shown exactly as written: brackets, `[/]` and `@click` stay literal."""
    return Content(str(text))


def fmt(template: str, **values: object) -> Content:
    """Our own markup `template` with `$name` slots filled by `values` as plain text.

    Only the template is parsed; every value is inserted literally, e.g.
    `fmt("[b]$deck[/b]", deck=name)`.
    """
    return Content.from_markup(template, **{key: str(value) for key, value in values.items()})


def cell(text: object, style: str = "") -> Text:
    """A DataTable cell showing `text` literally (plain `str` cells are parsed as markup)."""
    return Text(str(text), style=style, end="")


def say(node: DOMNode, message: object, *, severity: SeverityLevel = "information", title: str = "") -> None:
    """Notify the user with `message` as plain text (notifications parse markup by default)."""
    node.app.notify(str(message), title=title, severity=severity, markup=False)


def shorten(text: str, width: int = 60) -> str:
    """First line of `text`, cut to `width` characters with an ellipsis."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def day_label(day: date | None, today: date) -> str:
    """A study day as `Tue 6 Jan 2026 (tomorrow)`, or `none scheduled` for None."""
    if day is None:
        return "none scheduled"
    gap = (day - today).days
    when = {0: "today", 1: "tomorrow"}.get(gap, f"in {gap} days" if gap > 1 else f"{-gap} days ago")
    return f"{day:%a} {day.day} {day:%b %Y} ({when})"
