"""Card, deck, topic and tag text is shown exactly as written on every screen, never run as markup."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
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


def fmt_templates() -> list[tuple[str, tuple[str, ...]]]:
    """Every literal template the TUI passes to `fmt`, with its slot names."""
    import ast
    from pathlib import Path

    import flashcards.tui

    found = set()
    for path in Path(flashcards.tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "fmt" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            ):  # fmt: skip
                found.add((node.args[0].value, tuple(k.arg for k in node.keywords if k.arg)))
    return sorted(found)


def test_fmt_fills_a_parsed_template_as_parsing_the_filled_markup_would() -> None:
    """`fmt` parses each template once and moves its spans around the values; the result is the very
    text and spans Textual's own substitution gives, for every template in the TUI and any value."""
    from flashcards.core.safe_text import visible

    templates = fmt_templates()
    assert len(templates) > 30
    extra = [("[b]$a[/b]$b[i]$a$a[/i] $$ ${b}x", ("a", "b")), ("[dim]$tail[/dim]", ("tail",)), ("no slots", ())]
    for template, names in templates + extra:
        for i, text in enumerate(["", "x", *NASTY]):
            values = {name: (text if n % 2 == 0 else NASTY[(i + n) % len(NASTY)]) for n, name in enumerate(names)}
            got = fmt(template, **values)
            want = Content.from_markup(template, **{k: visible(v) for k, v in values.items()})
            assert (got.plain, got.spans) == (want.plain, want.spans), (template, values)


def test_fmt_parses_a_template_with_a_private_use_character_directly() -> None:
    """A template holding one of the characters `fmt` uses as stand-ins is parsed as given."""
    assert fmt("[b]\ue000$v[/b]", v="x").plain == "\ue000x"
    assert fmt("[b]\ue000$v[/b]", v="x").spans == Content.from_markup("[b]\ue000$v[/b]", v="x").spans
