"""The path to the first screen stays lean: no SQLModel, no Markdown or review screen at import."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_app_loads_neither_the_orm_nor_the_review_screen() -> None:
    code = "import sys, flashcards.cli, flashcards.tui.app; print(' '.join(sys.modules))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not {"sqlmodel", "sqlalchemy"} & loaded
    assert not {"flashcards.tui.screens.review", "textual.widgets._markdown", "markdown_it"} & loaded


def test_resume_turns_the_collector_paused_for_start_up_back_on_with_start_up_frozen() -> None:
    """launch.open_app pauses the cyclic collector; Collector.resume (after home is painted) collects, freezes what
    start-up made and turns it back on. Run in a child process: freezing is for the whole process."""
    code = (
        "import gc; gc.disable(); from flashcards.tui.collector import Collector; Collector().resume(); "
        "print(gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True"]


def test_only_the_first_resume_acts() -> None:
    """The fallback timer's Collector.resume, after the warm-up's, leaves alone a collector an import paused since."""
    code = (
        "import gc; gc.disable(); from flashcards.tui.collector import Collector; c = Collector(); c.resume(); "
        "gc.disable(); c.resume(); print(gc.isenabled())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]


def test_resume_leaves_a_collector_that_was_never_paused_alone() -> None:
    """Apps built by the tests (not launched) never freeze the test process's objects."""
    import gc

    from flashcards.tui.collector import Collector

    frozen = gc.get_freeze_count()
    Collector().resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


async def test_a_held_footer_shows_its_keys_only_once_released() -> None:
    """Home composes KeyFooter(hold_keys=True) so its first frame with counts does not wait for the keys."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets._footer import FooterKey

    from flashcards.tui.widgets.footer import KeyFooter
    from tests.support.pilot import wait_for

    class Held(App[None]):
        BINDINGS = [Binding("x", "bell", "Ring")]

        def compose(self) -> ComposeResult:
            yield KeyFooter(hold_keys=True)

    app = Held()
    async with app.run_test() as pilot:
        footer = app.query_one(KeyFooter)
        await pilot.pause()
        await pilot.pause()
        assert not footer.query(FooterKey)
        footer.release_keys()
        await wait_for(pilot, lambda: any(key.description == "Ring" for key in footer.query(FooterKey)))
