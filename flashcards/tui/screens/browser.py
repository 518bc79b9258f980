"""The card browser: search as you type (FTS5 query syntax), a sortable table of cards, and actions on a selection.

Every search runs in a superseding thread worker after a short debounce, so typing never
waits for the database; every action runs in a write worker and then searches again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from flashcards.core.browse import CardListing, SearchPage, SortKey
from flashcards.core.clock import to_utc_text
from flashcards.core.errors import FlashcardsError
from flashcards.services import Scope, StudySession
from flashcards.services.cards import CardsService
from flashcards.tui.host import HostedScreen
from flashcards.tui.text import cell, fmt, plain, say, shorten
from flashcards.tui.workers import post_if_current

DEBOUNCE_SECONDS = 0.15
SELECTED_MARK = "●"

# (sort key, header, width or None for the flexible columns)
COLUMNS: tuple[tuple[SortKey, str, int | None], ...] = (
    (SortKey.DECK, "Deck › topic", None),
    (SortKey.QUESTION, "Question", None),
    (SortKey.STATE, "State", 9),
    (SortKey.DUE, "Due", 6),
    (SortKey.INTERVAL, "Ivl", 4),
    (SortKey.EF, "EF", 4),
    (SortKey.LAPSES, "Lap", 3),
    (SortKey.REVIEWS, "Rev", 4),
)
FIXED_WIDTH = sum(w for _, _, w in COLUMNS if w) + 2 * len(COLUMNS) + 2  # cells, their padding, the scrollbar


@dataclass
class SearchDone(Message):
    """A search finished."""

    page: SearchPage


@dataclass
class Counted(Message):
    """The total of a full page was counted."""

    text: str
    total: int


@dataclass
class SearchFailed(Message):
    """A search could not run (a bad query, a storage error)."""

    text: str


@dataclass
class ActionDone(Message):
    """A card action was committed; `text` says what it did."""

    text: str
    error: bool = False


def state_cell(row: CardListing) -> Text:
    """The state column: the stage, or the strongest mark (suspended, buried, leech), coloured."""
    if row.leech:
        return cell("leech", "bold red")
    if row.suspended:
        return cell("suspended", "yellow")
    if row.buried:
        return cell("buried", "dim")
    return cell(row.stage.value, "green" if row.stage.value == "mature" else "")


def row_cells(row: CardListing, selected: bool, place_width: int, question_width: int) -> tuple[Text, ...]:
    """The table cells of one card (user text literal, cut to the column widths)."""
    due = f"{row.due:%b} {row.due.day}" if row.due else "–"
    mark = (f"{SELECTED_MARK} " if selected else "") + ("⚑ " if row.flagged else "")
    return (
        cell(shorten(row.place, place_width), "dim"),
        cell(mark + shorten(row.question, max(1, question_width - len(mark))), "bold" if selected else ""),
        state_cell(row),
        cell(due.rjust(6)),
        cell(str(row.interval).rjust(4)),
        cell(f"{row.ef_x100 / 100:.2f}"[:4]),
        cell(str(row.lapses).rjust(3), "bold red" if row.lapses >= 4 else ""),
        cell(str(row.reviews).rjust(4)),
    )


class BrowserScreen(HostedScreen[None]):
    """Find cards and act on them: the highlighted one, or every selected one."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/", tooltip="Type a query (see ? for the syntax)"),
        Binding("escape", "back", "Back", show=False, tooltip="Leave the search box, or the browser"),
        Binding("down", "to_table", "Cards", show=False, tooltip="From the search box to the cards"),
        Binding("enter", "info", "Info", show=False, tooltip="The card as studied, with its history"),
        Binding("space", "toggle_select", "Select", tooltip="Select or unselect the highlighted card"),
        Binding("e", "edit_external", "$EDITOR", tooltip="Edit the card in $EDITOR as deck text"),
        Binding("E", "edit_form", "Edit", show=False, tooltip="Edit the card in a form"),
        Binding("a", "add", "Add", tooltip="Add a card to one of your decks"),
        Binding("s", "suspend", "Suspend", tooltip="Suspend, or unsuspend if all are suspended"),
        Binding("exclamation_mark", "suspend", "Suspend", show=False, key_display="!", tooltip="Suspend (as in a review)"),
        Binding("b", "bury", "Bury", show=False, tooltip="Bury until tomorrow, or unbury"),
        Binding("f", "flag", "Flag", show=False, tooltip="Flag, or unflag if all are flagged"),
        Binding("r", "forget", "Forget", show=False, tooltip="Back to new; history kept"),
        Binding("l", "unleech", "Unleech", show=False, tooltip="Take the leech mark off"),
        Binding("m", "move", "Move", show=False, tooltip="Move your cards to another of your decks"),
        Binding("d", "delete", "Delete", show=False, tooltip="Delete your cards and their history (asks first)"),
        Binding("S", "study", "Study", show=False, tooltip="Study the selection now: its due and new cards, graded"),
        Binding("p", "practise", "Practise", show=False, tooltip="Practise the selection now; grades not recorded"),
        Binding("o", "next_sort", "Sort", show=False, tooltip="Sort by the next column"),
        Binding("O", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("N", "new_deck", "New deck", show=False, tooltip="Create a deck of your own"),
        Binding("R", "rename_deck", "Rename deck", show=False, tooltip="Rename the highlighted card's deck (yours)"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.page: SearchPage | None = None
        self.selected: set[int] = set()
        self.sort = SortKey.DECK
        self.descending = False
        self._debounce: Timer | None = None
        self._searched: str | None = None

    @property
    def cards(self) -> CardsService:
        """The app's card service."""
        return self.host.services.cards

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(
            self.initial_query, placeholder='words, deck:"ML Engineer" tag:kafka is:suspended is:leech …', id="browse-query"
        )
        yield Static("Searching…", id="browse-status")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="browse-table")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "cards"
        self.query_one("#browse-query", Input).focus()
        self._build_columns()
        self.search_now()

    def on_screen_resume(self) -> None:
        if self.page is not None:
            self.search_now()  # an edit, an add or a review may have changed the cards

    # -- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#browse-query")
    def _query_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.search_now)

    @on(Input.Submitted, "#browse-query")
    def _query_submitted(self) -> None:
        self.search_now()
        self.query_one(DataTable).focus()

    @property
    def query_text(self) -> str:
        """What the search box holds."""
        return self.query_one("#browse-query", Input).value

    def search_now(self) -> None:
        """Run the current query (in a worker that supersedes any search still running)."""
        self._search(self.query_text, self.sort, self.descending)

    @work(thread=True, exclusive=True, group="browse-search", exit_on_error=False)
    def _search(self, text: str, sort: SortKey, descending: bool) -> None:
        try:
            page = self.cards.search(text, sort, descending, count=False)  # rows first; a full page is counted next
        except FlashcardsError as err:
            post_if_current(self, SearchFailed(str(err)))
            return
        post_if_current(self, SearchDone(page))

    @work(thread=True, exclusive=True, group="browse-count", exit_on_error=False)
    def _count(self, text: str) -> None:
        try:
            total = self.cards.count(text)
        except FlashcardsError:
            return  # the rows are shown; the status keeps saying "500+"
        post_if_current(self, Counted(text, total))

    def on_counted(self, message: Counted) -> None:
        if self.page is not None and self.page.query == message.text:
            self.page = replace(self.page, total=message.total)
            self._status()

    def on_search_done(self, message: SearchDone) -> None:
        page = self.page = message.page
        live = {row.id for row in page.rows}
        self.selected &= live
        self._fill()
        self._status()
        if page.total is None:
            self._count(page.query)

    def on_search_failed(self, message: SearchFailed) -> None:
        self.query_one("#browse-status", Static).update(plain(message.text))

    def _status(self) -> None:
        page = self.page
        if page is None:
            return
        if page.total is None:
            shown = f"{len(page.rows):,}+"
        else:
            shown = f"{len(page.rows):,} of {page.total:,}" if page.truncated else f"{page.total:,}"
        order = f"{self.sort.value} {'↓' if self.descending else '↑'}"
        picked = f" · {len(self.selected)} selected" if self.selected else ""
        # The search box takes every printable key, so say how to reach the keys that act on cards.
        keys = "↓ or Enter: to the cards" if isinstance(self.focused, Input) else "Enter info · / search · ? keys"
        self.query_one("#browse-status", Static).update(
            fmt("[b]$shown[/b] card(s) · sorted by $order$picked · $keys", shown=shown, order=order, picked=picked, keys=keys)
        )

    def on_descendant_focus(self) -> None:
        self._status()

    # -- the table ---------------------------------------------------------------------------

    def _widths(self) -> tuple[int, int]:
        room = max(20, self.size.width - FIXED_WIDTH)
        place = max(8, min(28, room * 2 // 5))
        return place, max(10, room - place)

    def _build_columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        place, question = self._widths()
        for key, header, width in COLUMNS:
            label = header
            if key == self.sort:
                label = f"{header}{'↓' if self.descending else '↑'}"
            size = width if width else place if key == SortKey.DECK else question
            table.add_column(label, key=key.value, width=size)
        self._built = (place, question)

    def on_resize(self) -> None:
        if getattr(self, "_built", None) != self._widths():
            self._build_columns()
            self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        highlighted = self.highlighted()
        table.clear()
        if self.page is None:
            return
        place, question = self._built
        for row in self.page.rows:
            table.add_row(*row_cells(row, row.id in self.selected, place, question), key=str(row.id))
        if highlighted is not None and highlighted.id in {r.id for r in self.page.rows}:
            cursor = [r.id for r in self.page.rows].index(highlighted.id)
        table.move_cursor(row=min(cursor, max(0, len(self.page.rows) - 1)))

    def highlighted(self) -> CardListing | None:
        """The card under the cursor, or None for an empty table."""
        if self.page is None or not self.page.rows:
            return None
        table = self.query_one(DataTable)
        return self.page.rows[min(max(0, table.cursor_row), len(self.page.rows) - 1)]

    def targets(self) -> list[CardListing]:
        """The selected cards, else the highlighted one."""
        if self.page is None:
            return []
        if self.selected:
            return [row for row in self.page.rows if row.id in self.selected]
        current = self.highlighted()
        return [current] if current is not None else []

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SortKey.__members__.values():
            self._sort_by(SortKey(key), not self.descending if SortKey(key) == self.sort else False)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_info()

    def _sort_by(self, key: SortKey, descending: bool) -> None:
        self.sort, self.descending = key, descending
        self._build_columns()
        self.search_now()

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters typed into the search box are text, not actions.
        in_search = isinstance(self.focused, Input)
        if action == "to_table":
            return in_search
        if action not in ("back", "focus_search", "help") and in_search:
            return False
        return True

    def action_to_table(self) -> None:
        """Move from the search box to the table."""
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#browse-query", Input).focus()

    def action_back(self) -> None:
        """Leave the search box for the table, or leave the browser."""
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
        else:
            self.dismiss(None)

    def action_next_sort(self) -> None:
        """Sort by the next column."""
        keys = list(SortKey)
        self._sort_by(keys[(keys.index(self.sort) + 1) % len(keys)], False)

    def action_reverse_sort(self) -> None:
        """Reverse the sort order."""
        self._sort_by(self.sort, not self.descending)

    def action_toggle_select(self) -> None:
        """Select or unselect the highlighted card, then move down."""
        current = self.highlighted()
        if current is None:
            return
        self.selected ^= {current.id}
        table = self.query_one(DataTable)
        place, question = self._built
        row = table.cursor_row
        for column, value in zip(
            table.columns, row_cells(current, current.id in self.selected, place, question), strict=True
        ):
            table.update_cell(str(current.id), column, value)
        table.move_cursor(row=row + 1)
        self._status()

    def action_info(self) -> None:
        """Show the highlighted card as it is studied, with its history."""
        current = self.highlighted()
        if current is None:
            return
        from flashcards.tui.screens.card_info import CardInfoScreen

        self.app.push_screen(CardInfoScreen(self.host.services.stats, current.id))

    # -- actions (each one write in a worker, then the search again) --------------------------

    def _act(self, verb: str, run: Callable[[list[int]], int]) -> None:
        """Run `run` on the target cards' ids in a write worker; report `verb N card(s)`."""
        ids = [row.id for row in self.targets()]
        if not ids:
            say(self, "No card to act on.", severity="warning")
            return
        self._write(lambda: f"{verb} {run(ids)} card(s).")

    @work(thread=True, group="browse-write", exit_on_error=False)
    def _write(self, run: Callable[[], str]) -> None:
        try:
            text = run()
        except FlashcardsError as err:
            self.post_message(ActionDone(str(err), error=True))
            return
        self.post_message(ActionDone(text))

    def on_action_done(self, message: ActionDone) -> None:
        if message.error:
            say(self, message.text, severity="error")
        else:
            say(self, message.text)
            self.selected.clear()
        self.search_now()

    def action_suspend(self) -> None:
        """Suspend the cards, or unsuspend them if every one is suspended."""
        back = bool(self.targets()) and all(row.suspended for row in self.targets())
        self._act("Unsuspended" if back else "Suspended", lambda ids: self.cards.suspend(ids, not back))

    def action_bury(self) -> None:
        """Bury the cards until tomorrow, or unbury them if every one is buried."""
        back = bool(self.targets()) and all(row.buried for row in self.targets())
        self._act("Unburied" if back else "Buried", lambda ids: self.cards.bury(ids, not back))

    def action_flag(self) -> None:
        """Flag the cards, or unflag them if every one is flagged."""
        back = bool(self.targets()) and all(row.flagged for row in self.targets())
        self._act("Unflagged" if back else "Flagged", lambda ids: self.cards.flag(ids, not back))

    def action_forget(self) -> None:
        """Put the cards back to new (history kept)."""
        self._act("Reset to new", self.cards.forget)

    def action_unleech(self) -> None:
        """Take the leech mark off the cards."""
        self._act("Cleared the leech mark of", self.cards.clear_leech)

    def action_delete(self) -> None:
        """Delete your own cards and their history, after a confirmation."""
        targets = self.targets()
        if not targets:
            return
        from flashcards.tui.screens.prompts import ConfirmScreen

        ids = [row.id for row in targets]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(lambda: f"Deleted {self.cards.delete(ids)} card(s).")

        question = (
            f"Delete {len(targets)} card(s) and their review history? This cannot be undone."
            if len(targets) > 1
            else f"Delete “{shorten(targets[0].question, 50)}” and its review history? This cannot be undone."
        )
        self.app.push_screen(ConfirmScreen(question), confirmed)

    def action_move(self) -> None:
        """Move your cards to another of your decks (asks which)."""
        targets = self.targets()
        if not targets:
            return
        from flashcards.tui.screens.prompts import TextPrompt

        ids = [row.id for row in targets]

        def chosen(name: str | None) -> None:
            if name:
                self._write(lambda: f"Moved {self.cards.move(ids, name)} card(s) to {name}.")

        decks = ", ".join(self.cards.user_decks()) or "none yet (N creates one)"
        self.app.push_screen(TextPrompt(f"Move {len(targets)} card(s) to which of your decks? ({decks})"), chosen)

    def action_new_deck(self) -> None:
        """Create a deck of your own."""
        from flashcards.tui.screens.prompts import TextPrompt

        def created(name: str) -> str:
            self.cards.create_deck(name)
            return f"Created the deck {name.strip()}; press a to add cards to it."

        def named(name: str | None) -> None:
            if name:
                self._write(lambda: created(name))

        self.app.push_screen(TextPrompt("Name of the new deck"), named)

    def action_rename_deck(self) -> None:
        """Rename the highlighted card's deck (one of yours)."""
        current = self.highlighted()
        if current is None:
            return
        from flashcards.tui.screens.prompts import TextPrompt

        old = current.deck

        def renamed(name: str) -> str:
            self.cards.rename_deck(old, name)
            return f"Renamed the deck {old} to {name}."

        def named(name: str | None) -> None:
            if name:
                self._write(lambda: renamed(name))

        self.app.push_screen(TextPrompt(f"New name for the deck {old}", value=old), named)

    def action_edit_form(self) -> None:
        """Edit the highlighted card in the form."""
        current = self.highlighted()
        if current is not None:
            from flashcards.tui.screens.card_edit import CardEditScreen

            self.app.push_screen(CardEditScreen(card_id=current.id))

    def action_add(self) -> None:
        """Add a card to one of your decks."""
        from flashcards.tui.screens.card_edit import CardEditScreen

        current = self.highlighted()
        deck = current.deck if current is not None and current.user_card else None
        self.app.push_screen(CardEditScreen(deck=deck))

    def action_edit_external(self) -> None:
        """Edit the highlighted card in $EDITOR as deck-format text (the app is suspended meanwhile)."""
        current = self.highlighted()
        if current is None:
            return
        from flashcards.editing import edit_in_editor

        try:
            before = self.cards.card_text(current.id)
            try:
                with self.app.suspend():
                    after = edit_in_editor(before)
            except SuspendNotSupported:  # a headless run (tests): the editor needs no terminal of ours
                after = edit_in_editor(before)
        except FlashcardsError as err:
            say(self, str(err), severity="error", title="Not saved")
            return
        if after == before:
            say(self, "Unchanged.")
            return
        card_id = current.id
        self._write(lambda: "Saved; progress kept." if self.cards.edit_text(card_id, after) else "Unchanged.")

    def action_study(self) -> None:
        """Study the selected cards (or the highlighted one) now: those due or new, graded, past the new-card limit."""
        targets = self.targets()
        if not targets:
            return
        from flashcards.tui.screens.review import ReviewScreen

        ids = tuple(row.id for row in targets)
        session = StudySession(
            scope=Scope(card_ids=ids),
            label=f"{len(ids)} card(s) from the browser",
            started_utc=to_utc_text(self.host.services.collection.clock.now()),
            extra_new=len(ids),  # choosing cards to study now is asking for them, whatever today's limit
        )
        self.app.push_screen(ReviewScreen(session))

    def action_practise(self) -> None:
        """Practise the selected cards (or the highlighted one) now; grades are not recorded."""
        targets = self.targets()
        if not targets:
            return
        from flashcards.tui.screens.review import ReviewScreen

        session = StudySession(
            scope=Scope(),
            label=f"{len(targets)} card(s) from the browser",
            started_utc=to_utc_text(self.host.services.collection.clock.now()),
            practice=True,
            card_ids=tuple(row.id for row in targets),
        )
        self.app.push_screen(ReviewScreen(session))

    def palette_commands(self) -> list[SystemCommand]:
        """Command palette entries for this screen."""
        return [
            SystemCommand("Suspend / unsuspend cards", "The selection or the highlighted card", self.action_suspend),
            SystemCommand("Bury / unbury cards", "Until tomorrow", self.action_bury),
            SystemCommand("Flag / unflag cards", "Find them with is:flagged", self.action_flag),
            SystemCommand("Forget cards", "Back to new; history kept", self.action_forget),
            SystemCommand("Delete cards", "Your own cards, with their history (asks first)", self.action_delete),
            SystemCommand("Move cards", "To another of your decks", self.action_move),
            SystemCommand("Add a card", "To one of your decks", self.action_add),
            SystemCommand("Edit card", "In a form", self.action_edit_form),
            SystemCommand("Edit card in $EDITOR", "As deck-format text", self.action_edit_external),
            SystemCommand("New deck", "Create a deck of your own", self.action_new_deck),
            SystemCommand("Rename deck", "The highlighted card's deck", self.action_rename_deck),
            SystemCommand("Study selection now", "Its due and new cards, graded", self.action_study),
            SystemCommand("Practise selection", "Grades are not recorded", self.action_practise),
        ]
