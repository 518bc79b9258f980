"""Regression tests for the daily-use bugs of issue 14, each pressing real keys or reading the screen."""

from __future__ import annotations

from pathlib import Path

from flashcards.tui.app import build_app
from flashcards.tui.screens.summary import SummaryScreen
from flashcards.tui.text import hard_breaks
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
