"""Same-day repeats keep a gap of a few cards when others wait, and come straight back only when alone."""

from __future__ import annotations

from flashcards.core.clock import to_utc_text
from flashcards.core.models import QueueReason, Settings
from flashcards.core.sm2 import Grade
from flashcards.services import Scope, Services, StudySession
from flashcards.services.session import REPEAT_GAP


def test_a_failed_repeat_waits_for_the_others(services: Services) -> None:
    """Eight cards all failed again and again (the clock stands still, so they were all graded "at once"):
    no card comes back before REPEAT_GAP others were shown."""
    study = services.study
    study.save_settings(Settings(new_per_day=8))
    session = StudySession(Scope(), "all", to_utc_text(services.collection.clock.now()))
    step = study.start(session)
    shown: list[int] = []
    while step.item is not None and len(shown) < 40:
        shown.append(step.item.card.id)
        step = study.answer(session, step.item, Grade(1), 1.0).step  # fail; a repeat is still pending
    assert len(shown) == 40 and len(set(shown)) == 8
    for i, card_id in enumerate(shown):
        assert card_id not in shown[max(0, i - REPEAT_GAP) : i], (i, shown)


def test_the_only_card_left_comes_straight_back(services: Services) -> None:
    study = services.study
    study.save_settings(Settings(new_per_day=1))
    session = StudySession(Scope(), "all", to_utc_text(services.collection.clock.now()))
    first = study.start(session).item
    assert first is not None
    step = study.answer(session, first, Grade(2), 1.0).step
    assert step.item is not None and step.item.card.id == first.card.id and step.item.reason == QueueReason.REPEAT
