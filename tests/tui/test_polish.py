"""Regression tests for the daily-use bugs of issue 14, each pressing real keys or reading the screen."""

from __future__ import annotations

from pathlib import Path

from flashcards.tui.app import build_app
from flashcards.tui.screens.summary import SummaryScreen
from flashcards.tui.text import hard_breaks
from flashcards.tui.widgets.deck_table import DeckTable
from tests.support.decks import card, deck
from tests.support.pilot import (
    FakeTime,
    ServicesFactory,
    grade,
    home_ready,
    reveal,
    screen_text,
    start_review,
    wait_for,
)

SMALL = (80, 24)


async def test_q_on_home_quits_the_app(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: app._exit)  # set by App.exit(); the key used to be ignored
    assert app.return_code == 0


async def test_q_on_the_summary_quits_the_app(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await start_review(pilot)
        await grade(pilot, "5")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary)
        await pilot.press("q")
        await wait_for(pilot, lambda: app._exit)
    assert app.return_code == 0


async def test_line_breaks_of_an_imported_csv_answer_stay_on_screen(
    make_services: ServicesFactory, fake_time: FakeTime, tmp_path: Path
) -> None:
    services = make_services(decks={"readme.txt": "not a deck"})
    csv = tmp_path / "lines.csv"
    csv.write_text('front,back\n"What are the three steps?","step one\nstep two\nstep three"\n', encoding="utf-8")
    services.imports.commit(services.imports.prepare([csv]))
    app = build_app(services, monotonic=fake_time)
    async with app.run_test(size=SMALL) as pilot:
        await start_review(pilot)
        await reveal(pilot)
        lines = [line.strip(" ▎▊│┃") for line in screen_text(app).splitlines()]
        assert [line for line in lines if line.startswith("step ")] == ["step one", "step two", "step three"]


def test_hard_breaks_leave_code_and_block_ends_alone() -> None:
    text = "one\ntwo\n\n- a\n- b\n```\nx = 1\ny = 2\n```\nend"
    assert hard_breaks(text) == "one  \ntwo\n\n- a  \n- b  \n```\nx = 1\ny = 2\n```\nend"


def many_topics(count: int = 20) -> dict[str, str]:
    """One deck with `count` long-named topics: more rows than fit at 80x24."""
    return {
        f"t{i:02d}.md": deck(
            "Many", f"topic-{i}", f"A long topic title number {i} that runs on and on", [card(f"m-{i}", f"Q {i}?")]
        )
        for i in range(count)
    }


async def test_home_table_fits_80_columns_on_a_prefetched_start(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    services = make_services(decks=many_topics())
    prefetch = services.prefetch_home()
    prefetch.result(timeout=10)  # a later start: the counts are ready before the first layout
    app = build_app(services, monotonic=fake_time, prefetch=prefetch)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        table = app.screen.query_one(DeckTable)
        await wait_for(pilot, lambda: table.show_vertical_scrollbar)
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width < table.scrollable_content_region.width  # a free column before the scrollbar
