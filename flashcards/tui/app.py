"""The Textual app: built by `build_app` for the CLI (`run_app`) and the tests alike."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from flashcards.core.errors import FlashcardsError
from flashcards.core.models import HomeSnapshot, Settings, SyncReport
from flashcards.services import HomePrefetch, StudyService
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.text import say

# The review, summary, settings and help screens (and Markdown, pygments, Select...) are imported
# when first needed, or by the warm-up worker once home is on screen: startup pays only for home.


class FlashcardsApp(App[None]):
    """Daily spaced-repetition study over one collection."""

    CSS_PATH = "app.tcss"
    TITLE = "flashcards"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Show every key (this list)"),
        Binding("f1", "help", "Help", show=False, tooltip="Show every key (this list)"),
    ]

    def __init__(
        self,
        service: StudyService,
        monotonic: Callable[[], float] = time.monotonic,
        prefetch: HomePrefetch | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.monotonic = monotonic
        self._prefetched: HomeSnapshot | None = None
        self._prefetch = prefetch
        self.settings = Settings()
        self._opened = False
        self._open_lock = threading.Lock()
        self._warm = False

    def on_mount(self) -> None:
        # A snapshot read while Textual was importing is shown at once; otherwise a ready
        # collection costs one small read here, so the home screen appears in the user's theme;
        # anything slower (first run, changed decks) happens in the home worker.
        if self._prefetch is not None:
            self._prefetched = self._prefetch.result(timeout=2.0)
            self._prefetch = None
        if self._prefetched is not None:
            self._opened = True
            self.apply_settings(self._prefetched.settings)
            self.push_screen(HomeScreen())
            return
        try:
            if not self.service.needs_setup():
                self._opened = True
                self.apply_settings(self.service.settings())
        except FlashcardsError:
            pass  # the home screen's worker meets the same error and shows it
        self.push_screen(HomeScreen())

    def take_prefetched(self) -> HomeSnapshot | None:
        """The snapshot read before the app started, once; None afterwards or if there was none."""
        snapshot, self._prefetched = self._prefetched, None
        return snapshot

    def ensure_open(self, on_setup: Callable[[], None]) -> SyncReport | None:
        """Create or sync the collection once (thread-safe); `on_setup` is called first if that is slow."""
        with self._open_lock:
            if self._opened:
                return None
            if self.service.needs_setup():
                on_setup()
            report = self.service.open()
            self._opened = True
            return report

    def apply_settings(self, settings: Settings) -> None:
        """Use `settings` from now on: grade keys, and the theme if Textual knows it."""
        self.settings = settings
        if settings.theme in self.available_themes and settings.theme != self.theme:
            self.theme = settings.theme

    def warm_up(self) -> None:
        """Load the write path in the background once, so the first grade is as fast as the rest."""
        if not self._warm:
            self._warm = True
            self._warm_up()

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        import flashcards.tui.screens.review  # noqa: F401
        import flashcards.tui.screens.summary  # noqa: F401

        with contextlib.suppress(FlashcardsError):  # the first write reports it to the user
            self.service.engine  # noqa: B018  (imports SQLModel and opens the engine)
        try:
            self.service.daily_backup()  # the first start of a day keeps a copy (pruned after backup_days)
        except (FlashcardsError, OSError) as err:
            self.call_from_thread(say, self, f"Daily backup failed: {err}", severity="warning")

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key of every screen, for the help screen."""
        from flashcards.tui.screens.card_info import CardInfoScreen
        from flashcards.tui.screens.help import binding_keys, grade_keys_help
        from flashcards.tui.screens.import_screen import ImportScreen
        from flashcards.tui.screens.review import ReviewScreen
        from flashcards.tui.screens.settings import SettingsScreen
        from flashcards.tui.screens.stats import StatsScreen
        from flashcards.tui.screens.summary import SummaryScreen

        everywhere = binding_keys(self, self.BINDINGS) + [("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]
        return [
            ("Everywhere", everywhere),
            ("Decks (home)", [("↑ / ↓", "Choose a deck or topic"), *binding_keys(self, HomeScreen.BINDINGS)]),
            ("Review", [*binding_keys(self, ReviewScreen.BINDINGS), ("↑↓ PgUp PgDn", "Scroll a long answer")]),
            *grade_keys_help(),
            ("Session summary", binding_keys(self, SummaryScreen.BINDINGS)),
            ("Settings", binding_keys(self, SettingsScreen.BINDINGS)),
            ("Import", [("tab", "Next field or button"), *binding_keys(self, ImportScreen.BINDINGS)]),
            ("Progress statistics", binding_keys(self, StatsScreen.BINDINGS)),
            ("Card info", binding_keys(self, CardInfoScreen.BINDINGS)),
        ]

    def action_help(self) -> None:
        """Show every key (or close help if it is open)."""
        from flashcards.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.help_sections()))

    def action_settings(self) -> None:
        """Open the settings screen."""
        from flashcards.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.settings, sorted(self.available_themes)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Every key on every screen", self.action_help)
        yield from getattr(screen, "palette_commands", list)()


def build_app(
    service: StudyService, monotonic: Callable[[], float] = time.monotonic, prefetch: HomePrefetch | None = None
) -> FlashcardsApp:
    """The app over `service` (not yet opened); `monotonic` times answers and is faked in tests;
    `prefetch` is a home snapshot already being read (see StudyService.prefetch_home)."""
    return FlashcardsApp(service, monotonic=monotonic, prefetch=prefetch)


def run_app(service: StudyService, prefetch: HomePrefetch | None = None) -> None:
    """Run the study app until the user quits, then release the database."""
    try:
        build_app(service, prefetch=prefetch).run()
    finally:
        service.close()
