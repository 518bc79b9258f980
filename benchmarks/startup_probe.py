"""Print ms from process start to the study app's home screen showing real counts, then exit.

Usage: python benchmarks/startup_probe.py DB   (runs the CLI's own path, headless)
"""

import time

T0 = time.perf_counter()

import sys  # noqa: E402

from flashcards.tui import app as tui  # noqa: E402


def _run_until_home(self: tui.FlashcardsApp) -> None:
    async def auto(pilot) -> None:  # noqa: ANN001
        from flashcards.tui.screens.home import HomeScreen

        while not (isinstance(self.screen, HomeScreen) and self.screen.data is not None):
            await pilot.pause(0.001)
        print(round((time.perf_counter() - T0) * 1000), flush=True)
        self.exit()

    return tui.App.run(self, headless=True, auto_pilot=auto, size=(100, 30))


tui.FlashcardsApp.run = _run_until_home  # type: ignore[method-assign]

from flashcards.launch import main  # noqa: E402

main(["--db", sys.argv[1]])
