"""The home screen's table of decks and their topics with today's counts."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from flashcards.core.models import HomeSnapshot
from flashcards.services import Scope
from flashcards.tui.text import cell

ALL_KEY = "all"
NUMBER_COLUMNS = ("New", "Due", "Repeats", "Cards")
NUMBER_WIDTH = 7
MAX_LABEL_LINES = 3


@dataclass(frozen=True)
class DeckListRow:
    """One row of the table: a scope to study and its counts after today's limits."""

    key: str
    label: str
    scope: Scope
    new: int
    due: int
    repeats: int | None
    total: int
    topic: bool = False
    new_available: int = 0


def deck_rows(data: HomeSnapshot) -> list[DeckListRow]:
    """The rows for `data`: all decks, then each deck followed by its topics."""
    p = data.progress
    total = sum(d.total for d in data.decks)
    all_new = sum(d.new for d in data.decks)
    rows = [DeckListRow(ALL_KEY, "All decks", Scope(), p.new_left, p.due_left, p.repeats_left, total, False, all_new)]
    for d in data.decks:
        new_cap, due_cap = data.deck_caps(d.id)  # a deck studied alone has its own limits (core/deck_options.py)
        new, due = min(d.new, new_cap), min(d.due, due_cap)
        rows.append(DeckListRow(f"deck:{d.id}", d.name, Scope(d.id), new, due, d.repeats, d.total, False, d.new))
        for t in d.topics:
            new, due = min(t.new, new_cap), min(t.due, due_cap)
            key = f"topic:{d.id}:{t.slug}"
            rows.append(DeckListRow(key, t.title, Scope(d.id, t.slug), new, due, None, t.total, True, t.new))
    return rows


class DeckTable(DataTable[Text]):
    """Decks and topics with new / due / repeat counts; Enter studies the highlighted row."""

    BINDINGS = [Binding("enter", "select_cursor", "Study", show=True)]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id, classes=classes)
        self._rows: dict[str, DeckListRow] = {}
        self._built_width = 0
        self._pending: str | None = None  # the row to highlight once the rows are built (None: built)

    def on_resize(self) -> None:
        if self._rows and (self._pending is not None or self._label_width(*self._box()) != self._built_width):
            self._build(*self._box())

    def _box(self) -> tuple[int, int]:
        """The widget's (width, height) from its layout."""
        return self.size.width, self.size.height

    def _label_width(self, box_width: int, box_height: int) -> int:
        """Room for names once the number columns (and cell padding) have theirs, in a box of that size.

        Worked out from the widget's own width and row count, not from the current scrollbars:
        when the rows arrive before the first layout (the prefetched start), the vertical
        scrollbar is not there yet, and a label sized without it overflowed by its width.
        """
        numbers = len(NUMBER_COLUMNS) * (NUMBER_WIDTH + 2)
        longest = max((len(r.label) + (4 if r.topic else 0) for r in self._rows.values()), default=20)
        room = box_width - self.styles.gutter.width
        width = max(16, min(longest, room - numbers - 3))
        if self._line_count(width) + 1 > box_height - self.styles.gutter.height:  # + the header row
            room -= self.styles.scrollbar_size_vertical
            width = max(16, min(longest, room - numbers - 3))
        return width

    def _line_count(self, width: int) -> int:
        """How many lines the rows take with names wrapped at `width`."""
        return sum(len(_wrapped(r, width).splitlines()) for r in self._rows.values())

    def _first_box(self) -> tuple[int, int] | None:
        """Before the first layout: the size the table will have, when the terminal's size settles it.

        The table spans the screen's width less its margins; its height is unknown, but when the rows
        are taller than the whole terminal the scrollbar is certain, which is all the width depends on.
        """
        width = self.app.size.width - self.styles.margin.width
        height = self.app.size.height
        numbers = len(NUMBER_COLUMNS) * (NUMBER_WIDTH + 2)
        longest = max((len(r.label) + (4 if r.topic else 0) for r in self._rows.values()), default=20)
        widest = max(16, min(longest, width - self.styles.gutter.width - numbers - 3))
        if width <= 0 or self._line_count(widest) + 1 <= height:
            return None  # the scrollbar depends on the layout: build once it is known
        return width, 0

    def show(self, data: HomeSnapshot) -> None:
        """Replace the rows with `data`, keeping the highlighted row where it still exists.

        Built once: now if the table's size is known (or settled by the terminal's, see `_first_box`),
        else at the first layout (`on_resize`).
        """
        previous = self._pending if self._pending is not None else self.selected().key
        self._rows = {row.key: row for row in deck_rows(data)}
        self._pending = previous
        box = self._box() if self.size.width else self._first_box()
        if box is not None:
            self._build(*box)

    def _build(self, box_width: int, box_height: int) -> None:
        """Lay out columns for a box of that size and add every row."""
        keys = list(self._rows)
        pending, self._pending = self._pending, None
        cursor = keys.index(pending) if pending in keys else 0 if pending is not None else self.cursor_row
        self.clear(columns=True)
        self._built_width = self._label_width(box_width, box_height)
        self.add_column("Deck / topic", key="label", width=self._built_width)
        for name in NUMBER_COLUMNS:
            self.add_column(name.rjust(NUMBER_WIDTH), key=name.lower(), width=NUMBER_WIDTH)
        for row in self._rows.values():
            cells = _cells(row, _wrapped(row, self._built_width))
            self.add_row(*cells, key=row.key, height=len(cells[0].plain.splitlines()) or 1)
        self.move_cursor(row=cursor)

    def selected(self) -> DeckListRow:
        """The highlighted row (all decks if the table is empty)."""
        keys = list(self._rows)
        if not keys:
            return DeckListRow(ALL_KEY, "All decks", Scope(), 0, 0, 0, 0)
        return self._rows[keys[min(self.cursor_row, len(keys) - 1)]]

    def row(self, key: str) -> DeckListRow:
        """The row with `key`."""
        return self._rows[key]

    def select_scope(self, scope: Scope) -> DeckListRow | None:
        """Highlight the row studying `scope` and return it (None if no row does)."""
        if scope.topic is not None:
            key = f"topic:{scope.deck_id}:{scope.topic}"
        else:
            key = ALL_KEY if scope.deck_id is None else f"deck:{scope.deck_id}"
        keys = list(self._rows)
        if key not in keys:
            return None
        self.move_cursor(row=keys.index(key))
        return self._rows[key]

    def label_of(self, row: DeckListRow) -> str:
        """`Deck › Topic` for a topic row, the deck name otherwise (for titles)."""
        if not row.topic:
            return row.label
        deck = self._rows[f"deck:{row.scope.deck_id}"]
        return f"{deck.label} › {row.label}"


def wrap_label(label: str, width: int, indent: str = "") -> str:
    """`label` in lines of at most `width` columns, each after `indent`: a long name wraps (at most
    three lines, the last cut with an ellipsis) instead of being cut at the column's edge."""
    room = max(8, width - len(indent))
    lines = textwrap.wrap(label, room, break_long_words=True) or [""]
    if len(lines) > MAX_LABEL_LINES:
        lines = lines[:MAX_LABEL_LINES]
        lines[-1] = lines[-1][: room - 1] + "…"
    return "\n".join(indent + line for line in lines)


def _wrapped(row: DeckListRow, width: int) -> str:
    return wrap_label(row.label, width, "    " if row.topic else "")


def _cells(row: DeckListRow, label: str) -> tuple[Text, ...]:
    repeats = "–" if row.repeats is None else str(row.repeats)
    numbers = (str(row.new), str(row.due), repeats, str(row.total))
    label_cell = cell(label, "" if row.topic else "bold")
    return (label_cell, *(cell(n.rjust(NUMBER_WIDTH), "dim" if n in ("0", "–") else "") for n in numbers))
