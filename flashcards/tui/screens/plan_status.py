"""The message with the upcoming interviews' plans for the home screen's plan line (kept apart from the plan
screen so the home screen's first frame does not import it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from flashcards.core.plan import Plan


@dataclass
class PlanStatus(Message):
    """The plans of the upcoming interviews, soonest first (none: no line), and the first one's readiness
    score (now, projected to its interview)."""

    plans: list[Plan]
    readiness: tuple[float, float] | None = None
