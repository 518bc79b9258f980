"""The review loop as the service runs it (grade -> next step in one call), on a real SQLite file: counts kept
by the session equal a recount, and undo takes back this session's own action and nothing else."""

from __future__ import annotations

import random

import pytest

from flashcards.core.clock import FixedClock, to_utc_text
from flashcards.core.deck_options import DeckOptions
from flashcards.core.errors import NothingToUndoError
from flashcards.core.models import Settings
from flashcards.core.sm2 import Grade
from flashcards.services import Scope, Services, StudySession
from flashcards.services.session import ActionKind


def _session(services: Services, scope: Scope = Scope()) -> StudySession:
    return StudySession(scope, "all", to_utc_text(services.collection.clock.now()))


@pytest.mark.parametrize("seed", range(6))
def test_counts_kept_by_the_session_equal_a_recount(services: Services, clock: FixedClock, seed: int) -> None:
    """Random grades (lapses, repeats, new and due cards) over three days: after every answer the counts the
    screen shows are exactly what a fresh count of the collection says."""
    rng = random.Random(seed)
    study = services.study
    study.save_settings(Settings(new_per_day=4, reviews_per_day=3))
    for _day in range(3):
        session = _session(services)
        step = study.start(session)
        while step.item is not None:
            grade = Grade(rng.choice((0, 2, 3, 4, 4, 5)))
            step = study.answer(session, step.item, grade, 1.0).step
            assert step.counts == study.queue_counts(session.scope, session.extra_left())
        clock.advance(days=rng.choice((1, 2)))


def test_undo_takes_back_this_sessions_grade_not_another_writers(services: Services) -> None:
    """Copy A grades, copy B grades a different card, A undoes: B's grade stays (issue 16, item 1)."""
    collection = services.collection
    other = Services.open_path(collection.path, clock=collection.clock, decks_dir=services.bundled.decks_dir)
    mine, theirs = _session(services), _session(other)
    first = services.study.start(mine)
    assert first.item is not None
    services.study.answer(mine, first.item, Grade(4), 2.0)
    their_step = other.study.start(theirs)
    assert their_step.item is not None and their_step.item.card.id != first.item.card.id
    their_answer = other.study.answer(theirs, their_step.item, Grade(5), 2.0)
    kind, step = services.study.take_back(mine)
    assert kind == ActionKind.GRADE and step.item is not None and step.item.card.id == first.item.card.id
    assert [r.id for r in services.study.card_history(first.item.card.id)] == []
    assert [r.id for r in other.study.card_history(their_step.item.card.id)] == [their_answer.result.review_id]
    with pytest.raises(NothingToUndoError):
        services.study.take_back(mine)  # this session has nothing else to take back
    other.close()


def test_undo_follows_the_action_order_when_the_clock_steps_back(services: Services, clock: FixedClock) -> None:
    """The newer grade by time is the older one by action: undo still takes back the last action."""
    session = _session(services)
    step = services.study.start(session)
    assert step.item is not None
    first_card = step.item.card
    step = services.study.answer(session, step.item, Grade(5), 1.0).step
    clock.advance(minutes=-30)  # the system clock was corrected backwards
    assert step.item is not None
    second_card = step.item.card
    services.study.answer(session, step.item, Grade(5), 1.0)
    kind, back = services.study.take_back(session)
    assert back.item is not None and back.item.card.id == second_card.id
    assert services.study.card_history(first_card.id) != []
    assert services.study.card_history(second_card.id) == []
    clock.advance(minutes=30)


def test_bury_and_suspend_are_undone_in_order(services: Services) -> None:
    session = _session(services)
    step = services.study.start(session)
    assert step.item is not None
    buried = step.item.card
    step = services.study.put_aside(session, ActionKind.BURY, step.item)
    assert step.item is not None and step.item.card.id != buried.id
    suspended = step.item.card
    services.study.put_aside(session, ActionKind.SUSPEND, step.item)
    assert services.study.take_back(session)[0] == ActionKind.SUSPEND
    assert not services.study.get_card(suspended.id).suspended
    assert services.study.take_back(session)[0] == ActionKind.BURY
    until = services.study.get_card(buried.id).buried_until
    assert until is None or until <= services.study.today()


def _recount(services: Services, session: StudySession) -> object:
    return services.study.queue_counts(session.scope, session.extra_left())


@pytest.mark.parametrize("seed", range(8))
def test_counts_after_random_grades_undos_buries_and_suspends_equal_a_recount(
    services: Services, clock: FixedClock, seed: int
) -> None:
    """A seeded random mix of the review screen's actions (grades of every kind, `u` undo, bury, suspend),
    with per-deck limits in half the runs and "learn more" where the home screen offers it, over four study days: after
    every action the counts the session shows equal a fresh count of the collection."""
    rng = random.Random(seed)
    study = services.study
    study.save_settings(Settings(new_per_day=rng.choice((2, 4, 20)), reviews_per_day=rng.choice((2, 3, 50))))
    if seed % 2:
        deck_id, _, _ = study.deck_options("ML Engineer")
        study.save_deck_options(deck_id, DeckOptions(new_per_day=rng.choice((1, 2)), reviews_per_day=2))
    actions = 0
    for _day in range(4):
        scope = rng.choice((Scope(), Scope(deck_id=study.find_deck("Data Scientist").id)))
        session = StudySession(scope, "s", to_utc_text(clock.now()))
        step = study.start(session)
        if step.counts.new == 0 and rng.random() < 0.5:  # "learn more", offered once the new-card limit is reached
            session = StudySession(scope, "s", to_utc_text(clock.now()), extra_new=3)
            step = study.start(session)
        assert step.counts == _recount(services, session)
        for _ in range(40):
            roll = rng.random()
            if session.history and roll < 0.2:
                _, step = study.take_back(session)
            elif step.item is None:
                break
            elif roll < 0.3:
                step = study.put_aside(session, ActionKind.BURY, step.item)
            elif roll < 0.38:
                step = study.put_aside(session, ActionKind.SUSPEND, step.item)
            else:
                step = study.answer(session, step.item, Grade(rng.choice((0, 1, 2, 3, 4, 5))), 1.0).step
            actions += 1
            assert step.counts == _recount(services, session), f"after action {actions}"
        clock.advance(days=rng.choice((1, 2)))
    assert actions > 10  # the runs did study (a short run would prove little)
