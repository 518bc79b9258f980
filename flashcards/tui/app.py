"""The Textual app: built by `build_app` for the CLI (`run_app`) and the tests alike."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hits
from textual.driver import Driver
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from flashcards.core.errors import FlashcardsError
from flashcards.core.models import HomeSnapshot, Settings, SyncReport
from flashcards.services import HomePrefetch, Services, StudyService
from flashcards.tui.collector import Collector
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.text import say

if TYPE_CHECKING:
    from rich.console import RenderableType

# The review, summary, settings and help screens (and Markdown, pygments, Select...) are imported
# when first needed, or by the warm-up thread once home is on screen: startup pays only for home.

# The browser's query syntax, for the help screen (core/card_query.py has the parser).
BROWSER_SYNTAX = [
    ("words", "Match question, notes, key points and tags (each word as a prefix)"),
    ('deck:"ML Engineer"', "Cards of a deck (* is a wildcard); also topic:, tag:, role:, level:"),
    ("is:suspended", "Also new, learning, young, mature, due, buried, flagged, leech, edited"),
    ("-is:new", "A leading - negates a filter"),
]

# How long the home screen's worker waits for the counts read while Textual was importing.
PREFETCH_WAIT_SECONDS = 5.0


# If home never gets painted (its read failed), the garbage collector paused for start-up resumes anyway
# (Collector.resume).
GC_RESUME_SECONDS = 10.0


# Of Textual's own palette commands, those that make sense here.
TEXTUAL_COMMANDS_KEPT = ("Theme", "Quit")


class OrderedCommands(SystemCommandsProvider):
    """The palette's commands in the order get_system_commands gives them (Textual sorts them by name)."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)


class FlashcardsApp(App[None]):
    """Daily spaced-repetition study over one collection."""

    COMMANDS = {OrderedCommands}
    CSS_PATH = "app.tcss"
    TITLE = "flashcards"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Show every key (this list)"),
        Binding("f1", "help", "Help", show=False, tooltip="Show every key (this list)"),
    ]

    def __init__(
        self,
        services: Services,
        monotonic: Callable[[], float] = time.monotonic,
        prefetch: HomePrefetch | None = None,
        collector: Collector | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.monotonic = monotonic
        self.collector = collector  # the garbage collection policy of a real run (run_app); tests keep CPython's
        self.settings = Settings()
        self._prefetch = prefetch
        self._opened = False
        self._open_lock = threading.Lock()
        self._warm = False
        self.quitting = False  # set by `exit`; the driver then stops input without waiting (tui/driver.py)
        self.started = False  # set once Textual has started (on_ready)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform, with a quicker quit on Linux and macOS (see tui/driver.py)."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from flashcards.tui.driver import QuickExitDriver

            return QuickExitDriver
        return driver

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """Quit: as Textual's `exit`, remembering that the app is going away for good."""
        self.quitting = True
        super().exit(result, return_code, message)

    @property
    def study(self) -> StudyService:
        """The daily-work service."""
        return self.services.study

    async def on_event(self, event: events.Event) -> None:
        if self.collector is not None and isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    def on_mount(self) -> None:
        # Nothing here touches the database: the home screen's worker reads (or waits for the
        # prefetched) counts and reports back, so the first frame is never held up.
        self.push_screen(HomeScreen())
        if self.collector is not None:
            self.set_timer(GC_RESUME_SECONDS, self.collector.resume)

    def on_ready(self) -> None:
        """Textual has started: home shows its counts from now on. Rows put in the table before this
        are rendered twice (once in a frame Textual throws away while it starts), so home waits for it."""
        self.started = True
        if isinstance(self.screen, HomeScreen) and self.screen.data is None:
            self.screen.reload()

    def take_prefetched(self) -> HomeSnapshot | None:
        """The snapshot read while Textual was importing, once (None afterwards or if there was none).

        Blocks until that read is done (at most a few seconds): call it from a worker thread.
        """
        prefetch, self._prefetch = self._prefetch, None
        snapshot = prefetch.result(timeout=PREFETCH_WAIT_SECONDS) if prefetch is not None else None
        if snapshot is not None:
            self._opened = True
        return snapshot

    def prefetched_if_done(self) -> HomeSnapshot | None:
        """The prefetched snapshot if its read has already finished (taken once, as `take_prefetched`), else
        None without waiting: the UI thread shows it at once instead of going through a worker."""
        if self._prefetch is None or not self._prefetch.done():
            return None
        return self.take_prefetched()

    def ensure_open(self, on_setup: Callable[[], object]) -> SyncReport | None:
        """Create or sync the collection once (thread-safe); `on_setup` is called first if that is slow."""
        with self._open_lock:
            if self._opened:
                return None
            if self.services.bundled.needs_setup():
                on_setup()
            report = self.services.bundled.open()
            self._opened = True
            return report

    def apply_settings(self, settings: Settings) -> None:
        """Use `settings` from now on: grade keys, and the theme if Textual knows it."""
        self.settings = settings
        if settings.theme in self.available_themes and settings.theme != self.theme:
            self.theme = settings.theme

    def warm_up(self) -> None:
        """Once home is painted: load the write path and take the day's first backup, in a daemon thread
        (not a Textual worker) so that quitting never waits for it."""
        if not self._warm:
            self._warm = True
            threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()

    def _warm_up(self) -> None:
        # First, while nothing else is going on (home has just been painted): one collection pass over
        # start-up's objects, frozen after it; the imports below then run with the collector on.
        if self.collector is not None:
            self.collector.resume()
        # Deferred imports: these screens (Markdown, pygments, Select...) are not needed for the first frame.
        import flashcards.tui.screens.review  # noqa: F401
        import flashcards.tui.screens.summary  # noqa: F401

        with contextlib.suppress(FlashcardsError):  # the first write reports it to the user
            self.services.collection.engine  # noqa: B018  (imports SQLModel and opens the engine)
        if self.collector is not None:
            self.collector.start()  # what is loaded now lives as long as the app (tui/collector.py)
        with contextlib.suppress(FlashcardsError):
            note = self.services.collection.zone_note()
            if note:
                with contextlib.suppress(RuntimeError):
                    self.call_from_thread(say, self, note, severity="warning")
        try:
            self.services.maintenance.daily_backup()  # the first start of a day keeps a copy
        except (FlashcardsError, OSError) as err:
            with contextlib.suppress(RuntimeError):  # the app may have exited meanwhile
                self.call_from_thread(say, self, f"Daily backup failed: {err}", severity="warning")

    def help_sections(self, current: Screen[Any] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key of every screen, for the help screen: those of `current` (the screen help was opened
        from) first, then the keys that work everywhere, then the other screens."""
        from flashcards.tui.screens.browser import BrowserScreen
        from flashcards.tui.screens.card_edit import CardEditScreen
        from flashcards.tui.screens.card_info import CardInfoScreen
        from flashcards.tui.screens.help import binding_keys, grade_keys_help
        from flashcards.tui.screens.import_screen import ImportScreen
        from flashcards.tui.screens.mock import MockScreen
        from flashcards.tui.screens.mock_report import MockReportScreen
        from flashcards.tui.screens.mock_setup import MockSetupScreen
        from flashcards.tui.screens.plan import PlanScreen
        from flashcards.tui.screens.review import ANSWER_SCROLL_HELP, ReviewScreen
        from flashcards.tui.screens.settings import SettingsScreen
        from flashcards.tui.screens.stats import StatsScreen
        from flashcards.tui.screens.summary import SummaryScreen

        everywhere = binding_keys(self, self.BINDINGS) + [("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]
        grades = grade_keys_help()
        if self.settings.grade_mode == "four":
            grades.reverse()  # the mode in use first
        by_screen: list[tuple[type[Screen[Any]], list[tuple[str, list[tuple[str, str]]]]]] = [
            (HomeScreen, [("Decks (home)", [("↑ / ↓", "Choose a deck or topic"),
                                            *binding_keys(self, HomeScreen.BINDINGS)])]),
            (ReviewScreen, [("Review", [*binding_keys(self, ReviewScreen.BINDINGS), ANSWER_SCROLL_HELP]), *grades]),
            (SummaryScreen, [("Session summary", binding_keys(self, SummaryScreen.BINDINGS))]),
            (SettingsScreen, [("Settings", binding_keys(self, SettingsScreen.BINDINGS))]),
            (ImportScreen, [("Import", [("tab", "Complete the path; next field"), ("enter", "Preview the path"),
                                        *binding_keys(self, ImportScreen.BINDINGS)])]),
            (StatsScreen, [("Progress statistics", binding_keys(self, StatsScreen.BINDINGS))]),
            (CardInfoScreen, [("Card info", binding_keys(self, CardInfoScreen.BINDINGS))]),
            (BrowserScreen, [("Card browser", binding_keys(self, BrowserScreen.BINDINGS)),
                             ("Card browser: search", BROWSER_SYNTAX)]),
            (CardEditScreen, [("Card form", binding_keys(self, CardEditScreen.BINDINGS))]),
            (MockSetupScreen, [("Mock interview: setup", binding_keys(self, MockSetupScreen.BINDINGS))]),
            (MockScreen, [("Mock interview: a question", [*binding_keys(self, MockScreen.main_bindings()),
                                                          ("a d f h j …", "Tick key point 1, 2, 3 … (t: all)")])]),
            (MockReportScreen, [("Mock interview: report", binding_keys(self, MockReportScreen.BINDINGS))]),
            (PlanScreen, [("Interview plan", binding_keys(self, PlanScreen.BINDINGS))]),
        ]
        here = [sections for kind, sections in by_screen if isinstance(current, kind)]
        rest = [section for kind, sections in by_screen if not isinstance(current, kind) for section in sections]
        first = here[0] if here else []
        return [*first, ("Everywhere", everywhere), *rest]

    def action_help(self) -> None:
        """Show every key (or close help if it is open)."""
        from flashcards.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.help_sections(self.screen)))

    def action_settings(self) -> None:
        """Open the settings screen."""
        from flashcards.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.settings, sorted(self.available_themes)))

    def action_browse(self, query: str = "") -> None:
        """Open the card browser (search, edit, suspend, add), unless it is open already."""
        from flashcards.tui.screens.browser import BrowserScreen

        if not isinstance(self.screen, BrowserScreen):
            self.push_screen(BrowserScreen(query))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """This screen's commands first, then help, then Textual's Theme and Quit; its Keys, Maximize and
        Screenshot items are left out (they mean nothing to someone studying cards)."""
        yield from getattr(screen, "palette_commands", list)()
        yield SystemCommand("Browse cards", "Find, edit, suspend, flag and add cards", self.action_browse)
        yield SystemCommand("Help: keys", "Every key on every screen", self.action_help)
        for command in super().get_system_commands(screen):
            if command.title in TEXTUAL_COMMANDS_KEPT:
                yield command


def build_app(
    services: Services,
    monotonic: Callable[[], float] = time.monotonic,
    prefetch: HomePrefetch | None = None,
    collector: Collector | None = None,
) -> FlashcardsApp:
    """The app over `services` (the collection not yet opened): the one factory the CLI and the tests use.

    `monotonic` times answers and is faked in tests; `prefetch` is a home snapshot already
    being read (see Services.prefetch_home); `collector` moves full garbage collections off the
    keystroke path (tui/collector.py; it freezes the process's heap, so only the real run uses it).
    """
    return FlashcardsApp(services, monotonic=monotonic, prefetch=prefetch, collector=collector)


def run_app(services: Services, prefetch: HomePrefetch | None = None) -> int:
    """Run the study app until the user quits, then release the database; returns the app's exit code."""
    try:
        app = build_app(services, prefetch=prefetch, collector=Collector())
        app.run()
        return app.return_code or 0
    finally:
        services.close()
