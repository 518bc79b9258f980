"""The review screen at 80x24: a one-line grade bar leaves 12 or more lines for a revealed answer;
the meanings of the grades are on `g`, and shown unasked on a tall screen."""

from __future__ import annotations

import re

from textual.command import CommandList, CommandPalette

from flashcards.core.models import GradeMode, Settings
from flashcards.tui.app import build_app
from flashcards.tui.screens.card_info import CardInfoScreen
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.widgets.grade_bar import GradeBar, bar_line
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

LONG_NOTES = "\n".join(f"answer line {i:02d}" for i in range(1, 41))
LONG_DECKS = {
    "long.md": deck(
        "Long",
        "long",
        "Long answers",
        [
            card(f"l-{n}", f"Long question {n}?", LONG_NOTES, ("first point", "second point", "third point"))
            for n in range(1, 4)
        ],
    )
}


def answer_lines(text: str) -> list[str]:
    """The lines of the revealed answer on screen: its key-point checklist (heading and rows), then its notes."""
    return [line for line in text.splitlines() if re.search(r"Key points|\[[ x]\] \w+ point|answer line \d\d", line)]


def grade_bar_row(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith("Grade "))


async def test_at_80x24_twelve_answer_lines_show_with_the_grade_keys(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app = build_app(make_services(LONG_DECKS), monotonic=fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_review(pilot)
        await reveal(pilot)
        text = screen_text(app)
        assert len(answer_lines(text)) >= 12, text
        bar = grade_bar_row(text)
        assert all(f" {k} " in bar for k in range(6)) and "1d" in bar
        await grade(pilot, "3", reveal=False)  # now the status line above the bar is filled too
        await reveal(pilot)
        text = screen_text(app)
        assert "Graded 3" in text
        assert len(answer_lines(text)) >= 12, text
        assert grade_bar_row(text)
        assert "complete blackout" not in text  # the meanings wait for g
        await pilot.press("g")
        await pilot.pause()
        assert "complete blackout" in screen_text(app) and "perfect response" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert "complete blackout" not in screen_text(app)


async def test_a_tall_screen_shows_the_meanings_unasked(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_review(pilot)
        await reveal(pilot)
        assert screen.query_one(GradeBar).meanings_shown
        text = screen_text(app)
        assert "complete blackout" in text and "correct after a hesitation" in text
        assert "hesitant" in grade_bar_row(text)  # wide enough to name each grade on the bar too


async def test_four_key_bar_names_again_hard_good_easy(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app = build_app(make_services(settings=Settings(grade_mode=GradeMode.FOUR)), monotonic=fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_review(pilot)
        await reveal(pilot)
        bar = grade_bar_row(screen_text(app))
        assert re.search(r"1\s+Again \S+ .*2\s+Hard \S+ .*3\s+Good \S+ .*4\s+Easy \S+", bar), bar


def test_the_bar_fits_80_columns_in_every_mode() -> None:
    preview = {q: "1234d" for q in range(6)}
    for mode in ("six", "four"):
        for practice in (False, True):
            assert len(bar_line(mode, preview, practice, 78, False).plain) <= 78


async def test_the_only_card_left_says_it_comes_straight_back(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app = build_app(make_services(settings=Settings(new_per_day=1)), monotonic=fake_time)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_review(pilot)
        first = screen.item.card.id
        await grade(pilot, "2")
        assert screen.item.card.id == first
        assert "Again now: the only card left today." in screen_text(app)


async def test_help_opens_at_the_review_keys_and_the_timer_waits_meanwhile(app, fake_time: FakeTime) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_review(pilot)
        fake_time.advance(5)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert app.screen.sections[0][0] == "Review"
        assert app.screen.sections[1][0].startswith("Grades, six-key mode")
        assert any("│ Review" in line for line in screen_text(app).splitlines()[:4])  # in sight without scrolling
        fake_time.advance(120)  # reading help is not time on the card
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.timer.seconds() == 5
        await pilot.press("space", "i")
        await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen))
        fake_time.advance(60)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        fake_time.advance(2)
        assert screen.timer.seconds() == 7


async def test_help_from_home_starts_with_the_home_keys(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert [title for title, _ in app.screen.sections[:2]] == ["Decks (home)", "Everywhere"]


async def test_the_palette_lists_our_commands_first_and_none_of_textuals_generic_ones(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count > 3)
        titles = [str(option.prompt).splitlines()[0].strip() for option in app.screen.query_one(CommandList).options]
        assert titles[0] == "Study the highlighted deck or topic"
        assert titles[-3:] == ["Help: keys", "Theme", "Quit"]
        assert not {"Keys", "Maximize", "Screenshot"} & set(titles)
