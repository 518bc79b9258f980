"""A card on screen: where it comes from, the question, and the answer once revealed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from flashcards.core.models import Card
from flashcards.tui.text import LINE_CHARS, NOTES_CHARS, QUESTION_CHARS, fmt, hard_breaks, plain, shown
from flashcards.tui.widgets.key_point_checklist import KeyPointChecklist

REASONS = {"new": "new card", "review": "review", "repeat": "same-day repeat", "practice": "practice"}


def card_meta(card: Card, reason: str) -> Content:
    """`why it is shown · Deck › Topic · level · tags`, every part literal."""
    parts = [plain(shown(card.deck, LINE_CHARS))]
    if card.topic_title or card.topic:
        parts.append(plain(shown(card.topic_title or card.topic or "", LINE_CHARS)))
    line = Content(" › ").join(parts)
    extras = [x for x in (card.level or "", ", ".join(card.tags)) if x]
    if extras:
        line += Content(" · ") + plain(shown(" · ".join(extras), LINE_CHARS))
    return fmt("[b]$why[/b] · ", why=REASONS.get(reason, reason)) + line


# Blocks whose content can be replaced without a remount (Textual's own `_update_from_block` does it in place).
IN_PLACE = (Markdown.BLOCKS["paragraph_open"], MarkdownFence)


class Notes(Markdown):
    """Markdown that, when the new text has the same blocks as the old (say a paragraph and a code block),
    replaces their content in place instead of removing and mounting every block again."""

    BLANK = True  # no border or content of its own (see CardFace)

    def update(self, markdown: str) -> AwaitComplete:
        """Show `markdown`: in place when its blocks match the mounted ones one for one, else as Markdown does."""
        old = [child for child in self.children if isinstance(child, MarkdownBlock)]
        if not old:
            return super().update(markdown)
        new = self._build_from_source(markdown)
        if len(new) != len(old) or any(
            type(a) is not type(b) or not isinstance(a, IN_PLACE) for a, b in zip(old, new, strict=True)
        ):
            return super().update(markdown)
        self._markdown = markdown
        self._table_of_contents = None

        async def in_place() -> None:
            async with self.lock:
                for block, source in zip(old, new, strict=True):
                    block.source_range = source.source_range
                    await block._update_from_block(source)
            lines = markdown.splitlines()
            self._last_parsed_line = len(lines) - (1 if lines and lines[-1] else 0)

        return AwaitComplete(in_place())


class AnswerScroll(VerticalScroll):
    """The answer's scroll area (the review screen's arrow and page keys scroll it; a click focuses it), restyled
    alone when it gains or loses the focus.

    Textual restyles a widget and every descendant on a focus change, in case a `:focus` rule
    styles the children; no rule here depends on the answer's focus, and restyling the checklist
    and each Markdown block cost ~3 ms each time.
    """

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)


class CardFace(Vertical):
    """Question always; the key-point checklist and notes (Markdown) only after `reveal()`."""

    # No border or content of its own: Textual paints it as blank lines instead of rendering each line of
    # its background (~1.4 ms each time its height changes, i.e. on every reveal and every grade).
    BLANK = True

    _pending_notes = ""

    def compose(self) -> ComposeResult:
        yield Static(id="card-meta")
        yield Static(id="question")
        yield Static("Think of your answer, then press Space or Enter to see it (i: card info).", id="reveal-hint")
        with AnswerScroll(id="answer"):
            yield KeyPointChecklist(id="key-points")
            yield Notes(id="notes")

    def show(self, card: Card, reason: str) -> None:
        """Show `card`'s question with the answer hidden; the notes render after the question is painted.

        What is rendered is cut to QUESTION_CHARS / NOTES_CHARS (a note says so); the card keeps its whole text.
        """
        self.query_one("#card-meta", Static).update(card_meta(card, reason))
        self.query_one("#question", Static).update(plain(shown(card.question, QUESTION_CHARS)))
        self.query_one(KeyPointChecklist).show(card.key_points)
        self.set_revealed(False)
        self.query_one("#notes", Notes).display = False
        self._pending_notes = hard_breaks(shown(card.notes, NOTES_CHARS)) if card.notes else "_No notes._"
        self.call_after_refresh(self._render_notes, self._pending_notes)

    async def _render_notes(self, text: str) -> None:
        """Render `text` as the notes unless a newer card has replaced it meanwhile."""
        if text is not self._pending_notes:
            return
        notes = self.query_one("#notes", Notes)
        await notes.update(text)
        notes.display = text is self._pending_notes

    @property
    def notes_ready(self) -> bool:
        """True once the current card's notes are rendered."""
        notes = self.query_one("#notes", Notes)
        return notes.display and notes.source is self._pending_notes

    def show_message(self, text: str) -> None:
        """Show a status line (loading, session over) instead of a card."""
        self.query_one("#card-meta", Static).update("")
        self.query_one("#question", Static).update(plain(text))
        self.set_revealed(False)
        self.query_one("#reveal-hint").display = False

    def set_revealed(self, revealed: bool) -> None:
        """Show or hide the answer."""
        self.query_one("#reveal-hint").display = not revealed
        answer = self.query_one("#answer", AnswerScroll)
        answer.display = revealed
        if revealed:
            answer.scroll_home(animate=False)
