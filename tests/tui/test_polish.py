"""Regression tests for the daily-use bugs of issue 14, each pressing real keys or reading the screen."""

from __future__ import annotations

from pathlib import Path

import click
from textual.widgets import Checkbox

from flashcards.cli import import_cmd
from flashcards.core.models import GradeMode, Settings, four_key_words
from flashcards.tui.app import build_app
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.import_screen import ImportScreen
from flashcards.tui.screens.settings import SettingsScreen
from flashcards.tui.screens.stats import StatsScreen
from flashcards.tui.screens.summary import SummaryScreen
from flashcards.tui.text import hard_breaks
from flashcards.tui.widgets.deck_table import DeckTable
from flashcards.tui.widgets.path_input import PathInput, complete_path
from tests.support.decks import card, deck
from tests.support.pilot import (
    FakeTime,
    ServicesFactory,
    card_ready,
    flat_text,
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


async def test_settings_saved_is_said_on_the_home_hint_line_not_in_a_toast(app) -> None:
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await home_ready(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and "Settings saved." in screen_text(app))
        assert not app._notifications  # nothing that would follow onto the review screen
        await start_review(pilot)
        await reveal(pilot)
        assert "Settings saved." not in screen_text(app)


async def test_decks_loaded_on_first_start_covers_no_deck_row(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app = build_app(make_services(opened=False), monotonic=fake_time)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await home_ready(pilot)
        await wait_for(pilot, lambda: "Decks loaded" in screen_text(app))
        assert not app._notifications
        text = screen_text(app)
        for name in ("All decks", "Alpha", "Basics", "Extra topic", "Beta", "Misc"):
            assert name in text


async def test_a_weak_topic_with_nothing_left_today_says_what_n_and_p_would_do(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app = build_app(make_services(settings=Settings(new_per_day=0)), monotonic=fake_time)
    async with app.run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.report is not None)
        first = app.screen.report.weakest[0]
        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen is home and "Nothing to study" in flat_text(app))
        text = flat_text(app)
        assert f"Nothing to study in {first.label} right now." in text
        assert "n: learn 10 more new cards" in text and "p: practise it" in text
        row = home.query_one(DeckTable).selected()
        assert (row.scope.deck_id, row.scope.topic) == (first.deck_id, first.topic)  # n and p act on that topic
        await pilot.press("n")
        screen = await card_ready(pilot)
        assert screen.session.scope == row.scope and screen.session.extra_new == 10


async def test_four_key_mode_speaks_again_hard_good_easy(make_services: ServicesFactory, fake_time: FakeTime) -> None:
    app = build_app(make_services(settings=Settings(grade_mode=GradeMode.FOUR)), monotonic=fake_time)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_review(pilot)
        await grade(pilot, "2")  # Hard: SM-2 grade 3, comes back later today
        status = str(screen.query_one("#explanation").render())
        assert "Graded Hard" in status and "until Good or Easy" in status
        assert "graded 4 or 5" not in status and "Graded 3" not in status
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.summary)
        assert "Correct (Hard or better)" in screen_text(app)


def test_four_key_words_name_repeats_and_resets() -> None:
    assert four_key_words("same-day repeat graded 3 < 4: again today") == "same-day repeat, Hard: again today"
    assert four_key_words("grade 1 < 3: repetitions reset, I = 1 day; repeat today until graded 4 or 5") == (
        "Again: repetitions reset, I = 1 day; again later today until Good or Easy"
    )


async def test_after_an_import_typing_goes_into_the_path_field_and_ctrl_s_imports(app, tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("front,back\nOne?,1\n", encoding="utf-8")
    second.write_text("front,back\nTwo?,2\n", encoding="utf-8")
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        await pilot.press(*str(first), "enter")
        await wait_for(pilot, lambda: screen.prepared is not None)
        await pilot.press("ctrl+s")  # a key starts the import; no need to Tab to the button
        await wait_for(pilot, lambda: screen.result is not None)
        path = screen.query_one("#import-path", PathInput)
        assert app.focused is path
        await pilot.press(*str(second), "enter")  # replaces the selected old path
        assert path.value == str(second)
        await wait_for(pilot, lambda: screen.prepared is not None)
        assert "1 new" in str(screen.query_one("#import-report").render())


async def test_tab_completes_the_import_path(app, tmp_path: Path) -> None:
    (tmp_path / "zz-folder").mkdir()
    (tmp_path / "zz-folder" / "my-deck.csv").write_text("front,back\nQ?,A\n", encoding="utf-8")
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        path = app.screen.query_one("#import-path", PathInput)
        await pilot.press(*f"{tmp_path}/zz", "tab")
        assert path.value == f"{tmp_path}/zz-folder/"
        await pilot.press("m", "tab")
        assert path.value == f"{tmp_path}/zz-folder/my-deck.csv"
        assert app.focused is path


def test_complete_path_lists_several_matches(tmp_path: Path) -> None:
    for name in ("alpha.md", "alpine.md", "beta.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert complete_path(f"{tmp_path}/al") == (f"{tmp_path}/alp", ["alpha.md", "alpine.md"])
    assert complete_path(f"{tmp_path}/zz") == (f"{tmp_path}/zz", [])
    assert complete_path(f"{tmp_path}/missing/x") == (f"{tmp_path}/missing/x", [])


async def test_the_tui_import_leaves_anki_history_off_as_the_cli_does(app) -> None:
    option = next(p for p in import_cmd.params if p.name == "with_history")
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        assert option.get_default(click.Context(import_cmd)) is False  # the CLI flag is off unless given
        box = app.screen.query_one("#import-history", Checkbox)
        assert box.value is False
        assert "Anki review history: off" in screen_text(app)  # the box's X is drawn either way: say it
        box.focus()
        await pilot.press("space")
        assert box.value is True and "Anki review history: on" in screen_text(app)


async def test_long_topic_names_wrap_instead_of_being_cut_at_80_columns(
    make_services: ServicesFactory, fake_time: FakeTime
) -> None:
    app = build_app(make_services(decks=many_topics(4)), monotonic=fake_time)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        table = app.screen.query_one(DeckTable)
        width = table.columns[next(iter(table.columns))].width + 4  # the name column, as on screen
        text = " ".join(line[:width].strip() for line in screen_text(app).splitlines())
        for i in range(4):
            assert f"A long topic title number {i} that runs on and on" in text
        assert not table.show_horizontal_scrollbar
