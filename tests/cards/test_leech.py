"""Leeches: marked (and by default suspended) at 8 lapses, again every 4 after; off at 0; undo takes it back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.leech import leech_point
from flashcards.core.models import GradeResult, LeechAction, Settings
from flashcards.core.sm2 import Grade
from flashcards.services import Scope, Services, StudySession
from tests.support.db import card_id


def test_leech_points() -> None:
    hits = [n for n in range(1, 30) if leech_point(n - 1, n, 8)]
    assert hits == [8, 12, 16, 20, 24, 28]
    assert not leech_point(8, 8, 8)  # a grade without a lapse never makes a leech
    assert [n for n in range(1, 12) if leech_point(n - 1, n, 3)] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert not any(leech_point(n - 1, n, 0) for n in range(1, 50))


def lapse(services: Services, clock: FixedClock, key: str, times: int) -> list[GradeResult]:
    """Fail card `key` once a day, `times` days in a row (its first grade is a pass, so each fail is a lapse)."""
    study = services.study
    cid = card_id(study, key)
    out = []
    if study.get_card(cid).state.is_new:
        study.grade(study.get_card(cid), 4)
    for _ in range(times):
        clock.advance(days=1)
        out.append(study.grade(study.get_card(cid), Grade(1)))
    return out


def test_eighth_lapse_marks_and_suspends(services: Services, clock: FixedClock) -> None:
    results = lapse(services, clock, "alpha-001", 8)
    assert [r.leech for r in results] == [False] * 7 + [True]
    assert results[-1].suspended and results[-1].state.lapses == 8
    cid = card_id(services.study, "alpha-001")
    [row] = services.cards.search("is:leech").rows
    assert row.id == cid and row.suspended and row.state_label.endswith("suspended, leech")
    assert [r.id for r in services.cards.search("tag:leech").rows] == [cid]
    assert services.stats.report().leeches == 1
    services.cards.suspend([cid], False)
    results = lapse(services, clock, "alpha-001", 4)
    assert [r.leech for r in results] == [False, False, False, True]  # again at 12


def test_tag_only_and_off(services: Services, clock: FixedClock) -> None:
    services.study.save_settings(replace(Settings(), leech_action=LeechAction.TAG))
    assert services.study.settings().leech_action == LeechAction.TAG
    results = lapse(services, clock, "alpha-001", 8)
    assert results[-1].leech and not results[-1].suspended
    assert services.cards.search("is:leech -is:suspended").total == 1
    services.study.save_settings(replace(Settings(), leech_threshold=0))
    assert not any(r.leech for r in lapse(services, clock, "alpha-002", 12))


def test_settings_reject_a_bad_threshold(services: Services) -> None:
    with pytest.raises(ValueError, match="leech threshold"):
        services.study.save_settings(replace(Settings(), leech_threshold=-1))


def test_session_counts_and_undo_of_the_leech_grade(services: Services, clock: FixedClock) -> None:
    lapse(services, clock, "alpha-001", 7)
    clock.advance(days=1)
    session = StudySession(Scope(), "all", "2026-01-01T00:00:00.000+00:00")
    step = services.study.start(session)
    cid = card_id(services.study, "alpha-001")
    assert step.item is not None and step.item.card.id == cid  # the one due review comes first
    answered = services.study.answer(session, step.item, Grade(1), 3.0)
    assert answered.result.leech and answered.result.suspended
    assert answered.step.counts == services.study.queue_counts(session.scope, session.extra_left())  # no repeat kept
    services.study.take_back(session)
    listing = services.cards.listing(cid)
    assert not listing.leech and not listing.suspended and listing.lapses == 7
