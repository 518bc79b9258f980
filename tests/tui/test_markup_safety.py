"""Card, deck, topic and tag text is shown exactly as written on every screen, never run as markup."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from flashcards.tui.app import build_app
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.summary import SummaryScreen
from flashcards.tui.text import cell, fmt, plain
from tests.support.decks import STANDARD_DECKS, card, deck
from tests.support.pilot import ServicesFactory, card_ready, flat_text, grade, home_ready, reveal, screen_text, wait_for

HOSTILE = "x[i] [/] [bold]b[/bold] [@click=app.quit]"
NASTY = [
    HOSTILE,
    "[/]",
    "[b",
    "]",
    "[@click=app.quit]quit[/]",
    "$var and $",
    "\\[escaped] \\",
    "[link=https://example.com]link[/link]",
    "[on red]x",
    "tab\tand 🙂 wide",
]
HOSTILE_NOTES = f"""**Answer:** {HOSTILE}

Some `[b]code[/b]` and [a markdown link](https://example.com) and [/] and <b>html</b>.

```python
x = "[/]"  # {HOSTILE}
```
"""
HOSTILE_DECKS = {
    **STANDARD_DECKS,
    "hostile.md": deck(
        HOSTILE,
        "hostile-topic",
        f"Topic {HOSTILE}",
        [card("h-001", f"Why {HOSTILE}?", HOSTILE_NOTES, (HOSTILE, "[/] second", "third [bold]"))],
    ),
}


@pytest.mark.parametrize("text", NASTY)
def test_helpers_keep_text_literal(text: str) -> None:
    assert plain(text).plain == text.replace("\t", "\t")
    assert plain(text).spans == []
    assert fmt("[b]$value[/b]!", value=text).plain == f"{text}!"
    assert cell(text).plain == text and isinstance(cell(text), Text)


@pytest.mark.parametrize("text", NASTY)
async def test_nasty_text_renders_in_a_static(text: str) -> None:
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(plain(text))

    app = One()
    async with app.run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert text.split("\t")[0] in shown
        assert app.is_running


async def test_hostile_card_text_on_every_screen(make_services: ServicesFactory, fake_time) -> None:
    services = make_services(HOSTILE_DECKS)
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=(110, 36), notifications=True) as pilot:
        home = await home_ready(pilot)
        text = screen_text(app)
        assert HOSTILE in text and f"Topic {HOSTILE}" in text  # home table: deck and topic
        table = home.query_one("#decks")
        while table.selected().label != HOSTILE:
            await pilot.press("down")
        await pilot.press("enter")
        await card_ready(pilot)
        text = screen_text(app)
        assert f"Why {HOSTILE}?" in text  # question
        assert f"{HOSTILE} › Topic {HOSTILE}" in text  # card meta line
        assert f"Review · {HOSTILE}" in text  # header
        await reveal(pilot)
        text = flat_text(app)
        assert f"[ ] {HOSTILE}" in text and "[ ] [/] second" in text and "[ ] third [bold]" in text
        assert "[b]code[/b]" in text and "[/] and" in text  # markdown text, brackets untouched
        assert 'x = "[/]"' in text
        await pilot.press("b")  # its only card: the session ends
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary is not None)
        text = screen_text(app)
        assert f"Session finished: {HOSTILE}" in text and f"Session summary · {HOSTILE}" in text
        await pilot.press("u")  # unbury and study on
        await card_ready(pilot)
        assert "Undone" in screen_text(app) and f"Why {HOSTILE}?" in screen_text(app)
        await grade(pilot, "5")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("enter")
        await home_ready(pilot)
        await pilot.press("enter")
        notice = f"Nothing to study in {HOSTILE} right now."
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and notice in flat_text(app))
        await pilot.press("p")  # practise it: the practice summary names the deck too
        await card_ready(pilot)
        await grade(pilot, "5")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary is not None)
        assert f"Practice finished: {HOSTILE}" in screen_text(app)
        await pilot.press("enter")
        await home_ready(pilot)
        assert isinstance(app.screen, HomeScreen) and app.is_running
