"""Messages that thread workers post back to screens with the results of service calls."""

from __future__ import annotations

from textual.message import Message

from flashcards.core.models import (
    GradeResult,
    QueueItem,
    SessionSummary,
    Settings,
)
from flashcards.core.models import (
    HomeSnapshot as HomeData,
)
from flashcards.tui.session import Step


class SetupStarted(Message):
    """The collection is being created or the bundled decks synced; this can take a moment."""


class HomeLoaded(Message):
    """The home screen's data is ready."""

    def __init__(self, data: HomeData) -> None:
        super().__init__()
        self.data = data


class Failed(Message):
    """A service call failed with a user-facing message; `retry` asks the screen to reload."""

    def __init__(self, text: str, retry: bool = False) -> None:
        super().__init__()
        self.text = text
        self.retry = retry


class StepReady(Message):
    """The next card of a session (or none: the session is over) with counts and previews."""

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step


class Graded(Message):
    """A grade was committed."""

    def __init__(self, item: QueueItem, result: GradeResult, seconds: float) -> None:
        super().__init__()
        self.item = item
        self.result = result
        self.seconds = seconds


class Undone(Message):
    """The last action was taken back; `kind` is grade, bury or suspend."""

    def __init__(self, kind: str, step: Step) -> None:
        super().__init__()
        self.kind = kind
        self.step = step


class PutAside(Message):
    """A card was buried or suspended (`kind`)."""

    def __init__(self, kind: str, item: QueueItem) -> None:
        super().__init__()
        self.kind = kind
        self.item = item


class SummaryLoaded(Message):
    """The totals of a finished session."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary


class SettingsSaved(Message):
    """Settings were validated and stored."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
