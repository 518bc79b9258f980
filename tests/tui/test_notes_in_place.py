"""The review notes replace the content of the mounted Markdown blocks when the new notes have the same blocks."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from flashcards.tui.widgets.card_face import Notes


class NotesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Notes(id="notes")


def blocks(app: App[None]) -> list[MarkdownBlock]:
    return list(app.query_one(Notes).query_children(MarkdownBlock))


def text(block: MarkdownBlock) -> str:
    return block._content.plain


async def test_same_blocks_are_updated_in_place_and_show_the_new_text() -> None:
    app = NotesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = app.query_one(Notes)
        await notes.update("**Answer:** first card\n\n```python\nprint(1)\n```")
        await pilot.pause()
        before = blocks(app)
        await notes.update("Second *card* [not markup]\n\n```python\nprint(2)\n```")
        await pilot.pause()
        after = blocks(app)
        assert [id(b) for b in after] == [id(b) for b in before]  # not remounted
        assert text(after[0]) == "Second card [not markup]"
        assert isinstance(after[1], MarkdownFence) and after[1].code.strip() == "print(2)"
        assert notes.source.startswith("Second")


async def test_other_blocks_are_mounted_anew() -> None:
    app = NotesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = app.query_one(Notes)
        await notes.update("A paragraph")
        await pilot.pause()
        before = blocks(app)
        await notes.update("- one\n- two\n\nthen a paragraph")
        await pilot.pause()
        after = blocks(app)
        assert len(after) == 2 and not set(map(id, after)) & set(map(id, before))
        assert text(after[-1]) == "then a paragraph"
        await notes.update("# A heading")  # a heading is never updated in place
        await pilot.pause()
        assert [type(b).__name__ for b in blocks(app)] == ["MarkdownH1"]
