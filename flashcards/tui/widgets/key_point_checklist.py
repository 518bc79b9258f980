"""A card's key points as a checklist: one key (or a click) ticks each point said; posts `Changed` on every tick.

The keys are home-row letters first (`a d f h j k l`, then `w r y o p` and `z x c v n m`) and
`t` ticks all or none. None of them is a key of the review screen (grades 0-5, Space, Enter,
u, b, !, i, e, g, Esc) or of the app (?, F1), and `s` is left alone too. A card with more points
than keys ticks the rest by mouse. Point text is shown literally (tui/text.py).

Reuse: `show(points)` fills it, `ticked` / `said` / `touched` / `marks()` read it. Its own
bindings work while it has focus; a screen whose focus may be elsewhere adds `host_bindings()`
to its BINDINGS and forwards `toggle_point(i)` / `toggle_all_points` to `toggle` / `toggle_all`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from flashcards.core.key_points import PointMark, marks
from flashcards.tui.text import LINE_CHARS, fmt, shown

POINT_KEYS = ("a", "d", "f", "h", "j", "k", "l", "w", "r", "y", "o", "p", "z", "x", "c", "v", "n", "m")
ALL_KEY = "t"


def host_bindings(toggle: str = "toggle_point", toggle_all: str = "toggle_all_points") -> list[Binding]:
    """Hidden bindings a host screen adds so the checklist keys work wherever its focus is.

    Only the first point key and `t` carry a description, so the help screen lists the keys once.
    """
    first = Binding(
        POINT_KEYS[0], f"{toggle}(0)", "Tick a point", key_display=" ".join(POINT_KEYS[:4]) + "…", show=False,
        tooltip="Tick or untick a key point you said, by the key beside it: a d f h j k l, then w r y o p, then "
        "z x c v n m (Enter then grades as proposed)",
    )  # fmt: skip
    rest = [Binding(key, f"{toggle}({i})", show=False) for i, key in enumerate(POINT_KEYS) if i]
    every = Binding(ALL_KEY, toggle_all, "Tick all", show=False, tooltip="Tick every key point, or none")
    return [first, *rest, every]


if TYPE_CHECKING:
    from textual.dom import DOMNode as _HostBase
else:
    _HostBase = object


class ChecklistHost(_HostBase):
    """The actions behind `host_bindings`, for a screen with `revealed` and `busy`: a key ticks a point
    only while the answer is shown and no write is pending."""

    revealed: bool
    busy: bool

    def action_toggle_point(self, index: int) -> None:
        """Tick or untick key point `index` (the checklist's key, wherever the focus is)."""
        if self.revealed and not self.busy:
            self.query_one(KeyPointChecklist).toggle(index)

    def action_toggle_all_points(self) -> None:
        """Tick every key point, or none."""
        if self.revealed and not self.busy:
            self.query_one(KeyPointChecklist).toggle_all()


def point_line(index: int, point: str, said: bool) -> Content:
    """`[a] [x] point`: the point's key, its box and its text (literal), clickable to toggle."""
    key = POINT_KEYS[index] if index < len(POINT_KEYS) else " "
    box = fmt("[b $text-success]$box[/]", box="[x]") if said else fmt("[$text-muted]$box[/]", box="[ ]")
    line = fmt("[b reverse] $key [/] ", key=key) + box + fmt(" $text", text=shown(point, LINE_CHARS))
    return line.stylize(Style.from_meta({"@click": f"tick({index})"}))


class KeyPointChecklist(Static, can_focus=True):
    """The key points of one card with a tick box each; `ticked` holds the positions said."""

    DEFAULT_CSS = """
    KeyPointChecklist { height: auto; }
    KeyPointChecklist:focus { background-tint: 0%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"tick({i})", show=False) for i, key in enumerate(POINT_KEYS)),
        Binding(ALL_KEY, "tick_all", "Tick all", show=False),
    ]

    class Changed(Message):
        """The ticks changed: `ticked` is the set of point positions now ticked, of `total` points."""

        def __init__(self, checklist: KeyPointChecklist, ticked: frozenset[int], total: int) -> None:
            super().__init__()
            self.checklist = checklist
            self.ticked = ticked
            self.total = total

        @property
        def control(self) -> KeyPointChecklist:
            """The checklist that changed."""
            return self.checklist

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.points: tuple[str, ...] = ()
        self._ticked: set[int] = set()
        self.touched = False  # True once the user ticked or unticked anything on this card
        self.note = Content("")  # what the host adds to the header once ticking started (e.g. the proposed grade)

    @property
    def ticked(self) -> frozenset[int]:
        """The positions (0-based) of the points ticked as said."""
        return frozenset(self._ticked)

    @property
    def said(self) -> int:
        """How many points are ticked."""
        return len(self._ticked)

    @property
    def total(self) -> int:
        """How many points the card has."""
        return len(self.points)

    def marks(self) -> tuple[PointMark, ...]:
        """One mark per point shown, said or missed, for storing with the grade."""
        return marks(self.points, self._ticked)

    def show(self, points: tuple[str, ...]) -> None:
        """Show `points` with nothing ticked (a new card)."""
        self.points = tuple(points)
        self._ticked = set()
        self.touched = False
        self.note = Content("")
        self._paint()

    def set_note(self, note: Content) -> None:
        """Show `note` (the host's own Content, e.g. `proposed 3 hard, today · Enter`) after the count in the header."""
        self.note = note
        self._paint()

    def toggle(self, index: int) -> bool:
        """Tick point `index` if unticked, else untick it; False (and nothing changes) if there is no such point."""
        if not 0 <= index < len(self.points):
            return False
        self._ticked ^= {index}
        self._changed()
        return True

    def toggle_all(self) -> None:
        """Tick every point, or none if every point is ticked already."""
        if not self.points:
            return
        self._ticked = set() if len(self._ticked) == len(self.points) else set(range(len(self.points)))
        self._changed()

    def action_tick(self, index: int) -> None:
        """Tick or untick point `index` (its key, or a click on it)."""
        self.toggle(index)

    def action_tick_all(self) -> None:
        """Tick all points, or none."""
        self.toggle_all()

    def _changed(self) -> None:
        self.touched = True
        self._paint()
        self.post_message(self.Changed(self, self.ticked, len(self.points)))

    def header(self) -> Content:
        """The first line: how to tick, then how many are ticked once the user started."""
        if not self.touched:
            keys = " ".join(POINT_KEYS[: min(len(self.points), len(POINT_KEYS))])
            return fmt("[b]Key points[/b] [dim]· tick what you said: $keys · $all all[/dim]", keys=keys, all=ALL_KEY)
        count = fmt("[b]Key points[/b] · said $said of $total", said=self.said, total=self.total)
        if self.note.plain:
            return count + Content(" · ") + self.note
        return count + fmt("[dim] · $all all/none[/dim]", all=ALL_KEY)

    def _paint(self) -> None:
        self.display = bool(self.points)
        lines = [self.header()] + [point_line(i, p, i in self._ticked) for i, p in enumerate(self.points)]
        self.update(Content("\n").join(lines))
