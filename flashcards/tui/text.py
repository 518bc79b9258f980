"""User text (cards, decks, tags, errors) rendered as data: never parsed as markup, control characters made visible.

Every helper here passes user text through `core.safe_text.visible`, so an escape sequence
in a card or deck name reaches the screen as `␛[2J`, never as a command to the terminal.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from rich.text import Text
from textual.content import Content, Span
from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from flashcards.core.safe_text import cut, visible

__all__ = [
    "NOTES_CHARS", "QUESTION_CHARS", "cell", "day_label", "fmt", "hard_breaks", "plain", "safe", "say", "short_dates",
    "short_day", "shorten", "shown",
]  # fmt: skip

# What the review screen renders of one card (the whole text stays stored): a 100 MB question would
# otherwise take half a minute to wrap, and Markdown builds a widget per block.
QUESTION_CHARS = 10_000
NOTES_CHARS = 20_000
LINE_CHARS = 2_000


def safe(text: object) -> str:
    """`text` as a str with control characters made visible, for widgets that take a str
    (Markdown sources, screen titles)."""
    return visible(str(text))


def shown(text: str, limit: int) -> str:
    """`text` made visible and cut to `limit` characters, with a note saying how much is not shown."""
    return cut(text, limit)


def plain(text: object) -> Content:
    """`text` as Content shown exactly as written: brackets, `[/]` and `@click` stay literal."""
    return Content(visible(str(text)))


def fmt(template: str, **values: object) -> Content:
    """Our own markup `template` with `$name` slots filled by `values` as plain text.

    Only the template is parsed; every value is inserted literally, e.g.
    `fmt("[b]$deck[/b]", deck=name)`. The same as `Content.from_markup(template, **values)` (values
    made visible), but each template is parsed once: the markup tokenizer took ~50 us a call, and a
    card's grade bar, status line and checklist make some twenty calls.
    """
    text = {key: visible(str(value)) for key, value in values.items()}
    parsed = _parsed(template, tuple(text))
    if parsed is None:
        return Content.from_markup(template, **text)
    content, slots, names = parsed
    return _filled(content, slots, [text[name] for name in names])


# Private-use characters stand for the values while a template is parsed (our templates never contain them).
_SLOT = 0xE000
_SLOTS = 64


@lru_cache(maxsize=512)
def _parsed(template: str, names: tuple[str, ...]) -> tuple[Content, tuple[int, ...], tuple[str, ...]] | None:
    """`template` parsed with one private-use character per name; the positions of those characters in its
    text and the name each stands for. None if the template has such a character of its own."""
    if len(names) > _SLOTS or any(_SLOT <= ord(char) < _SLOT + _SLOTS for char in template):
        return None
    content = Content.from_markup(template, **{name: chr(_SLOT + i) for i, name in enumerate(names)})
    found = [(at, ord(char) - _SLOT) for at, char in enumerate(content.plain) if _SLOT <= ord(char) < _SLOT + len(names)]
    return content, tuple(at for at, _ in found), tuple(names[i] for _, i in found)


def _filled(content: Content, slots: tuple[int, ...], values: list[str]) -> Content:
    """`content` with the character at each of `slots` replaced by the matching value, the spans moved along."""
    if not slots:
        return content
    text = content.plain
    parts: list[str] = []
    ends: list[tuple[int, int]] = []  # (slot position, total growth of the text up to and with that slot)
    start = grown = 0
    for at, value in zip(slots, values, strict=True):
        parts += (text[start:at], value)
        start = at + 1
        grown += len(value) - 1
        ends.append((at, grown))
    parts.append(text[start:])

    def moved(offset: int) -> int:
        shift = 0
        for at, total in ends:
            if at >= offset:
                break
            shift = total
        return offset + shift

    spans = [Span(moved(span.start), moved(span.end), span.style) for span in content.spans]
    # A slot filled with "" leaves no empty span behind, as when the filled markup is parsed.
    return Content("".join(parts), [span for span in spans if span.start != span.end])


def cell(text: object, style: str = "") -> Text:
    """A DataTable cell showing `text` literally (plain `str` cells are parsed as markup)."""
    return Text(visible(str(text)), style=style, end="")


def say(node: DOMNode, message: object, *, severity: SeverityLevel = "information", title: str = "") -> None:
    """Notify the user with `message` as plain text (notifications parse markup by default)."""
    node.app.notify(visible(str(message)), title=visible(title), severity=severity, markup=False)


def shorten(text: str, width: int = 60) -> str:
    """First line of `text`, cut to `width` characters with an ellipsis."""
    head = text[: max(width, LINE_CHARS)].strip()  # bounded work for a huge text
    line = head.splitlines()[0] if head else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def day_label(day: date | None, today: date) -> str:
    """A study day as `Tue 6 Jan 2026 (tomorrow)`, or `none scheduled` for None."""
    if day is None:
        return "none scheduled"
    gap = (day - today).days
    when = {0: "today", 1: "tomorrow"}.get(gap, f"in {gap} days" if gap > 1 else f"{-gap} days ago")
    return f"{day:%a} {day.day} {day:%b %Y} ({when})"


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def short_day(day: date) -> str:
    """`Thu 3 Dec`: how the review screen names a study day."""
    return f"{day:%a} {day.day} {day:%b}"


def short_dates(text: str) -> str:
    """`text` with each ISO date (`2026-12-03`) written as `Thu 3 Dec`, so one line uses one date format."""

    def repl(match: re.Match[str]) -> str:
        try:
            return short_day(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return _ISO_DAY.sub(repl, text)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def hard_breaks(markdown: str) -> str:
    """`markdown` with every line break inside a paragraph kept on screen.

    Markdown joins consecutive lines into one paragraph, so a three-line answer imported from
    CSV or Anki showed as one line. Two trailing spaces make each break a hard break; they are
    ignored at the end of a block, and fenced code is left as it is.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    fence = ""
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        out.append(line + "  " if line.strip() and following.strip() and not line.endswith("  ") else line)
    return "\n".join(out)
