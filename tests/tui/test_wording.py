"""Bug 12 of issue 14: plurals, one date format per line, setting names in errors, round chart ticks,
a footer that follows the card's side, an empty Retention tab that says so, and a card log that fits 80 columns."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Footer

from flashcards.core import sm2
from flashcards.core.models import GradeResult, Settings
from flashcards.core.sm2 import Grade
from flashcards.core.stats_format import per_day, plural
from flashcards.services import Services
from flashcards.tui.screens.card_info import CardInfoScreen
from flashcards.tui.screens.review import explanation_text
from flashcards.tui.screens.settings import NUMBER_FIELDS
from flashcards.tui.screens.stats import StatsScreen
from flashcards.tui.widgets.charts import value_ticks
from tests.support.pilot import flat_text, grade, home_ready, reveal, start_review, wait_for

SMALL = (80, 24)


def test_counts_take_the_singular_for_one_and_small_rates_do_not_round_to_zero() -> None:
    assert (plural(1, "answer"), plural(2, "answer"), plural(1500, "answer")) == (
        "1 answer",
        "2 answers",
        "1,500 answers",
    )
    assert plural(1, "study day") == "1 study day"
    assert (per_day(38, 365), per_day(38, 30), per_day(0, 30), per_day(600, 30)) == ("0.1", "1.3", "0", "20")


def test_a_same_day_repeat_names_its_due_day_as_the_rest_of_the_line_does() -> None:
    state = sm2.Sm2State(repetitions=1, interval=1, due=date(2026, 12, 3), repeat_day=date(2026, 12, 2))
    outcome = sm2.review(state, 2, date(2026, 12, 2))
    assert "2026-12-03" in outcome.explanation  # the core speaks ISO
    result = GradeResult(1, 1, 2, outcome.kind, outcome.state, outcome.explanation)
    text = str(explanation_text(result, 4.0))
    assert "next review Thu 3 Dec" in text and "(due Thu 3 Dec)" in text and "2026-12-03" not in text


@pytest.mark.parametrize(
    ("field", "value"), [("new_per_day", 10_000), ("reviews_per_day", 100_000), ("rollover_hour", 24)]
)
def test_setting_errors_use_the_names_the_settings_screen_shows(field: str, value: int) -> None:
    label = next(label for name, label, _ in NUMBER_FIELDS if name == field)
    with pytest.raises(ValueError, match=f"^{label} must be"):
        Settings(**{field: value}).validated()


def test_chart_value_ticks_are_round() -> None:
    assert value_ticks(38) == [0, 10, 20, 30, 40]
    assert value_ticks(1) == [0, 1]
    assert value_ticks(0.5, whole=False) == [0, 0.2, 0.4, 0.6]


async def test_the_footer_stops_offering_show_answer_once_it_is_shown(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await start_review(pilot)
        # The keys on show: the footer hides a key in place (display off) rather than remounting them all.
        footer = lambda: " ".join(  # noqa: E731
            str(w.render()) for w in screen.query_one(Footer).query("FooterKey") if w.display
        )
        assert "Show answer" in footer()
        await reveal(pilot)
        await wait_for(pilot, lambda: "Show answer" not in footer())
        await grade(pilot, "5", reveal=False)
        await wait_for(pilot, lambda: "Show answer" in footer())


async def test_day_one_stats_say_one_answer_and_retention_has_no_data_yet(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await start_review(pilot)
        await grade(pilot, "5")
        await pilot.press("escape", "enter")  # summary, then home
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.report is not None)
        text = flat_text(app)
        assert "1 answer · 1 card" in text and "1 answers" not in text and "1 cards" not in text
        legend = str(app.screen.query_one("#heat-legend").render())  # under the calendar, scrolled to
        assert "1 answer on 1 study day in the last year" in legend
        await pilot.press("r")
        await pilot.pause()
        assert "No data yet" in flat_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert "1 answer (<0.1/day)" in flat_text(app)


async def test_the_card_log_explains_each_review_in_full_at_80_columns(app, services: Services) -> None:
    item = services.study.next_card()
    assert item is not None
    card = item.card
    services.study.grade(card, Grade(5))
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        app.push_screen(CardInfoScreen(services.stats, card.id))
        await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen) and app.screen.info is not None)
        info = app.screen.info
        assert len(info.history) == 1
        assert " ".join(info.history[-1].explanation.split()) in flat_text(app)
