"""Messages that thread workers post back to screens with the results of service calls (dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from flashcards.core.models import GradeResult, HomeSnapshot, SessionSummary, Settings
from flashcards.services.session import ActionKind, Step

if TYPE_CHECKING:
    from flashcards.core.import_models import ImportPreview
    from flashcards.services.imports import PreparedImport


@dataclass
class SetupStarted(Message):
    """The collection is being created or the bundled decks synced; this can take a moment."""


@dataclass
class HomeLoaded(Message):
    """The home screen's data is ready."""

    data: HomeSnapshot


@dataclass
class Failed(Message):
    """A service call failed with a user-facing message (the one way workers report errors);
    `retry` asks the screen to read its state again."""

    text: str
    retry: bool = False


@dataclass
class StepReady(Message):
    """The next card of a session (or none: the session is over) with counts and previews."""

    step: Step


@dataclass
class Graded(Message):
    """A grade was committed; `step` is what comes next."""

    result: GradeResult
    seconds: float
    step: Step


@dataclass
class Undone(Message):
    """The session's last action (`kind`) was taken back; `step` shows that card again."""

    kind: ActionKind
    step: Step


@dataclass
class PutAside(Message):
    """A card was buried or suspended (`kind`); `step` is what comes next."""

    kind: ActionKind
    question: str
    step: Step


@dataclass
class SummaryLoaded(Message):
    """The totals of a finished session."""

    summary: SessionSummary


@dataclass
class SettingsSaved(Message):
    """Settings were validated and stored."""

    settings: Settings


@dataclass
class Previewed(Message):
    """An import preview is ready."""

    prepared: PreparedImport


@dataclass
class Imported(Message):
    """The import was committed."""

    result: ImportPreview
