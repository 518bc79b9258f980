"""Fixtures for the TUI tests: services on a temp SQLite file over the standard decks with a fixed clock, a fake
card timer, the app as the CLI builds it, and fast idle polling for Pilot tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.models import Settings
from flashcards.services import Services, StudyService
from flashcards.tui.app import FlashcardsApp, build_app
from tests.support.decks import STANDARD_DECKS
from tests.support.pilot import FakeTime, ServicesFactory


@pytest.fixture(autouse=True)
def quick_idle(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Poll for idle every 5 ms instead of 20 ms in Pilot tests (they wait on explicit conditions).

    Snapshot tests keep Textual's default so screenshots are taken only once the app is still.
    """
    if "snap_compare" not in request.fixturenames:
        import textual._wait

        monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 1 / 200)
        monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 1 / 200 / 20)


@pytest.fixture
def make_services(tmp_path: Path) -> Iterator[ServicesFactory]:
    """Build services on tmp_path/c.sqlite3 over `decks` (file name -> text), opened unless told not."""
    made: list[Services] = []

    def factory(
        decks: dict[str, str] | None = None, settings: Settings | None = None, opened: bool = True
    ) -> Services:
        folder = tmp_path / "decks"
        folder.mkdir(exist_ok=True)
        for name, text in (decks or STANDARD_DECKS).items():
            (folder / name).write_text(text, encoding="utf-8")
        clock = FixedClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
        services = Services.open_path(tmp_path / "c.sqlite3", clock=clock, decks_dir=folder)
        if opened:
            services.bundled.open()
        if settings is not None:
            services.study.save_settings(settings)
        made.append(services)
        return services

    yield factory
    for services in made:
        services.close()


@pytest.fixture
def services(make_services: ServicesFactory) -> Services:
    """Services over the standard five-card decks, opened."""
    return make_services()


@pytest.fixture
def fake_time() -> FakeTime:
    """The card timer's clock."""
    return FakeTime()


@pytest.fixture
def app(services: Services, fake_time: FakeTime) -> FlashcardsApp:
    """The app the CLI builds, over the test services and the fake timer."""
    return build_app(services, monotonic=fake_time)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the opt-in TUI benchmarks unless they were asked for with `-m benchmark`."""
    if "benchmark" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="opt-in benchmark: run with -m benchmark")
    for item in items:
        if "benchmark" in item.keywords and "tests/tui" in str(item.path):
            item.add_marker(skip)


@pytest.fixture
def service(services: Services) -> StudyService:
    """The study service of `services`."""
    return services.study
