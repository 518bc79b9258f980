"""Fixtures for the TUI tests: a service on a temp SQLite file with a fixed clock, and a fake card timer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.models import Settings
from flashcards.services import StudyService
from flashcards.tui.app import FlashcardsApp, build_app

NOTES_WITH_CODE = """**Answer:** keep `k` items and replace one with probability k/i.

```python
def reservoir(stream, k):
    sample = []
    for i, item in enumerate(stream, 1):
        if i <= k:
            sample.append(item)
    return sample
```

**Pitfall:** sampling the first k only."""


def card(card_id: str, question: str, notes: str = "", points: tuple[str, ...] = ("one", "two", "three")) -> str:
    """One strict-valid card in the deck format."""
    bullets = "".join(f"- {p}\n" for p in points)
    body = notes or f"**Answer:** notes for {card_id}."
    return (
        f"## {question}\nid: {card_id}\nlevel: basic\ntags: t1, t2\n\n### Notes\n{body}\n\n### Key points\n{bullets}\n"
    )


def deck(name: str, topic: str, title: str, cards: list[str]) -> str:
    """A strict-valid deck file."""
    return f"---\ndeck: {name}\nrole: mle\ntopic: {topic}\ntopic_title: {title}\n---\n\n" + "".join(cards)


STANDARD_DECKS = {
    "alpha-basics.md": deck(
        "Alpha",
        "basics",
        "Basics",
        [
            card(
                "a-001",
                "How do you sample k items from a stream?",
                NOTES_WITH_CODE,
                ("reservoir", "one pass", "O(k) memory"),
            ),
            card("a-002", "What is a learning rate?"),
            card("a-003", "What is overfitting?"),
        ],
    ),
    "alpha-extra.md": deck("Alpha", "extra", "Extra topic", [card("a-004", "What is dropout?")]),
    "beta.md": deck("Beta", "misc", "Misc", [card("b-001", "What is a p-value?")]),
}


class FakeTime:
    """A monotonic clock for the card timer that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass."""
        self.now += seconds


ServiceFactory = Callable[..., StudyService]


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
def make_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceFactory]:
    """Build a service on tmp_path/c.sqlite3 over `decks` (file name -> text), opened unless told not."""
    monkeypatch.setenv("TZ", "UTC")
    made: list[StudyService] = []

    def factory(
        decks: dict[str, str] | None = None, settings: Settings | None = None, opened: bool = True
    ) -> StudyService:
        folder = tmp_path / "decks"
        folder.mkdir(exist_ok=True)
        for name, text in (decks or STANDARD_DECKS).items():
            (folder / name).write_text(text, encoding="utf-8")
        clock = FixedClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
        service = StudyService(tmp_path / "c.sqlite3", clock=clock, decks_dir=folder)
        if opened:
            service.open()
        if settings is not None:
            service.save_settings(settings)
        made.append(service)
        return service

    yield factory
    for service in made:
        service.close()


@pytest.fixture
def service(make_service: ServiceFactory) -> StudyService:
    """A service over the standard five-card decks, opened."""
    return make_service()


@pytest.fixture
def fake_time() -> FakeTime:
    """The card timer's clock."""
    return FakeTime()


@pytest.fixture
def app(service: StudyService, fake_time: FakeTime) -> FlashcardsApp:
    """The app the CLI builds, over the test service and the fake timer."""
    return build_app(service, monotonic=fake_time)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the opt-in TUI benchmarks unless they were asked for with `-m benchmark`."""
    if "benchmark" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="opt-in benchmark: run with -m benchmark")
    for item in items:
        if "benchmark" in item.keywords and "tests/tui" in str(item.path):
            item.add_marker(skip)
