"""Per-deck options on a real collection file: each deck's own limits, the global ones over all decks, the order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flashcards.core.clock import FixedClock
from flashcards.core.deck_options import DeckOptions, NewOrder, Room, capped_count, daily_room
from flashcards.core.errors import NotFoundError
from flashcards.core.models import Settings
from flashcards.core.sm2 import Grade
from flashcards.services import Scope, Services, StudySession
from flashcards.tui.widgets.deck_table import deck_rows
from tests.support.decks import deck_text
from tests.support.pilot import ServicesFactory


def learn_new(services: Services, scope: Scope, count: int) -> list[int]:
    """Grade `count` new cards of `scope` with 5, as a session serves them; their ids."""
    done = []
    for _ in range(count):
        item = services.study.next_card(scope)
        assert item is not None and item.card.state.is_new
        services.study.grade(item.card, Grade(5))
        done.append(item.card.id)
    return done


def deck_id(services: Services, name: str) -> int:
    return services.study.find_deck(name).id


def home_new(services: Services, *names: str) -> tuple[int, ...]:
    """The home table's New column for the deck rows `names` ("All decks" for the first row)."""
    rows = {r.key: r for r in deck_rows(services.study.home_snapshot())}
    keys = ["all" if n == "All decks" else f"deck:{deck_id(services, n)}" for n in names]
    return tuple(rows[k].new for k in keys)


# -- the pure rule, worked by hand ------------------------------------------------------------


def test_daily_room_worked_examples() -> None:
    globals_ = (20, 200)  # (new, reviews) a day
    options = {2: DeckOptions(new_per_day=5), 3: DeckOptions(reviews_per_day=10)}
    done = {1: (0, 20), 2: (0, 4), 3: (10, 0)}  # deck 1 used the day's 20 new cards
    # Deck 1 alone: its own (default) limit of 20, all used. Deck 2: 5 - 4 = 1. Deck 4 (no work): 20.
    assert daily_room(1, Room(190, 0), globals_, options, done).new == 0
    assert daily_room(2, Room(190, 0), globals_, options, done).new == 1
    assert daily_room(4, Room(190, 0), globals_, options, done).new == 20
    assert daily_room(3, Room(190, 0), globals_, options, done).reviews == 0
    # All decks: the global room, the decks with options listed with their own room.
    every = daily_room(None, Room(190, 0), globals_, options, done, extra_new=10)
    assert (every.reviews, every.new) == (190, 10)
    assert every.full_for_reviews == (3,) and every.full_for_new == ()
    assert dict(every.decks) == {2: Room(200, 11), 3: Room(0, 30)}
    # 30 available, room 25 in all; deck 2 has 12 of them but room for 1: 30 - 11 = 19.
    assert capped_count(25, 30, {2: (12, 1)}) == 19
    assert capped_count(10, 30, {2: (12, 1)}) == 10
    assert capped_count(25, 3, {2: (3, 0)}) == 0


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="New cards per day"):
        DeckOptions(new_per_day=-1).validated()
    with pytest.raises(ValueError, match="Reviews per day"):
        DeckOptions(reviews_per_day=100_000).validated()
    with pytest.raises(ValueError, match="new-card order"):
        DeckOptions(new_order="sideways")  # type: ignore[arg-type]
    assert DeckOptions().is_default and not DeckOptions(new_order=NewOrder.LEVEL).is_default


# -- the queue on a real file --------------------------------------------------------------------


@pytest.fixture
def two_decks(make_services: ServicesFactory) -> Services:
    """Deck Alpha (12 new cards) and Beta (8), with a global limit of 5 new cards a day."""
    decks = {"alpha.md": deck_text("Alpha", "alpha", 12), "beta.md": deck_text("Beta", "beta", 8)}
    return make_services(decks, settings=replace(Settings(), new_per_day=5))


def test_a_new_deck_offers_its_own_new_cards_after_the_global_limit_was_used_elsewhere(
    two_decks: Services, tmp_path
) -> None:
    """The issue's case: Alpha used the day's 5 new cards; a deck imported next still has its own 5."""
    services = two_decks
    learn_new(services, Scope(), 5)  # "All decks" takes the decks' cards in turn: 3 from Alpha, 2 from Beta
    assert services.study.queue_counts().new == 0  # All decks: the global limit is spent
    assert home_new(services, "All decks", "Alpha", "Beta") == (0, 2, 3)
    source = tmp_path / "gamma.md"
    source.write_text(deck_text("Gamma", "gamma", 7))
    services.imports.commit(services.imports.prepare([source]))
    gamma = Scope(deck_id(services, "Gamma"))
    assert services.study.queue_counts(gamma).new == 5 and home_new(services, "Gamma") == (5,)
    assert len(set(learn_new(services, gamma, 5))) == 5
    assert services.study.next_card(gamma) is None  # then Gamma's own limit is spent too
    assert home_new(services, "All decks", "Gamma") == (0, 0)


def test_home_counts_agree_with_what_each_session_serves(two_decks: Services) -> None:
    services = two_decks
    alpha, beta = deck_id(services, "Alpha"), deck_id(services, "Beta")
    services.study.save_deck_options(alpha, DeckOptions(new_per_day=2))
    services.study.save_deck_options(beta, DeckOptions(new_per_day=8))
    assert home_new(services, "Alpha", "Beta", "All decks") == (2, 8, 5)
    assert services.study.queue_counts(Scope(alpha)).new == 2 and services.study.queue_counts(Scope(beta)).new == 8
    # All decks: 5 in all (the global limit), of which at most 2 from Alpha.
    served = learn_new(services, Scope(), 5)
    in_alpha = [i for i in served if services.study.get_card(i).deck_id == alpha]
    assert len(in_alpha) == 2
    assert services.study.next_card(Scope()) is None or services.study.queue_counts(Scope()).new == 0
    assert home_new(services, "Alpha", "Beta", "All decks") == (0, 5, 0)
    assert services.study.queue_counts(Scope(beta)).new == 5 and len(learn_new(services, Scope(beta), 5)) == 5


def test_a_session_over_all_decks_stops_serving_a_deck_at_its_own_limit(two_decks: Services) -> None:
    """Through the review loop (the counts kept by the session), not just next_card."""
    services = two_decks
    alpha = deck_id(services, "Alpha")
    services.study.save_deck_options(alpha, DeckOptions(new_per_day=1))
    session = StudySession(scope=Scope(), label="all", started_utc="2026-01-05T12:00:00Z")
    step = services.study.start(session)
    assert step.counts.new == 5
    decks = []
    while step.item is not None:
        decks.append(step.item.card.deck)
        step = services.study.answer(session, step.item, Grade(5), 1.0).step
    assert decks == ["Alpha", "Beta", "Beta", "Beta", "Beta"]


def test_review_limit_per_deck(two_decks: Services) -> None:
    """Alpha's own review limit of 2 holds on a day with 4 reviews due; All decks caps Alpha's share at 2 as well."""
    services = two_decks
    alpha, beta = deck_id(services, "Alpha"), deck_id(services, "Beta")
    services.study.save_settings(replace(services.study.settings(), new_per_day=20))
    learn_new(services, Scope(alpha), 4)
    learn_new(services, Scope(beta), 3)
    clock = services.collection.clock
    assert isinstance(clock, FixedClock)
    clock.advance(days=1)  # a grade of 5 on a new card is due the next day
    services.study.save_deck_options(alpha, DeckOptions(reviews_per_day=2))
    assert services.study.queue_counts(Scope(alpha)).due == 2
    assert services.study.queue_counts(Scope()).due == 5
    session = StudySession(scope=Scope(), label="all", started_utc="2026-01-06T12:00:00Z")
    step = services.study.start(session)
    reviewed = []
    while step.item is not None and step.item.reason.value == "review":
        reviewed.append(step.item.card.deck)
        step = services.study.answer(session, step.item, Grade(5), 1.0).step
    assert sorted(reviewed) == ["Alpha", "Alpha", "Beta", "Beta", "Beta"]


def test_new_card_order_random_and_by_level(make_services: ServicesFactory) -> None:
    levels = ("senior", "basic", "mid", "basic", "senior", "mid")
    head = "---\ndeck: Order\ntopic: order\n---\n\n"
    body = "".join(
        f"## Question {n}?\nid: order-{n}\nlevel: {level}\nsources: s\n\n### Notes\nN {n}.\n\n"
        "### Key points\n- one\n- two\n- three\n\n" for n, level in enumerate(levels)
    )
    services = make_services({"order.md": head + body})
    order = deck_id(services, "Order")
    scope = Scope(order)

    def served() -> list[str]:
        return [services.study.get_card(i).question for i in _serve_all(services, scope)]

    assert served() == [f"Question {n}?" for n in range(6)]  # file order by default
    services.study.save_deck_options(order, DeckOptions(new_order=NewOrder.LEVEL))
    by_level = [services.study.get_card(i).level for i in _serve_all(services, scope)]
    assert by_level == ["basic", "basic", "mid", "mid", "senior", "senior"]
    assert served()[:2] == ["Question 1?", "Question 3?"]  # file order within a level
    services.study.save_deck_options(order, DeckOptions(new_order=NewOrder.RANDOM))
    shuffled = served()
    assert sorted(shuffled) == sorted(f"Question {n}?" for n in range(6)) and shuffled == served()  # same all day
    clock = services.collection.clock
    assert isinstance(clock, FixedClock)
    days = {tuple(served())}
    for _ in range(5):
        clock.advance(days=1)
        days.add(tuple(served()))
    assert len(days) > 1  # another shuffle on other days


def _serve_all(services: Services, scope: Scope) -> list[int]:
    """The order the next new cards would come in (each excluded in turn, nothing graded)."""
    seen: list[int] = []
    while (item := services.study.next_card(scope, exclude=tuple(seen))) is not None and item.card.state.is_new:
        seen.append(item.card.id)
    return seen


def test_options_round_trip_and_reset(two_decks: Services) -> None:
    services = two_decks
    alpha, name, options = services.study.deck_options("alpha")
    assert name == "Alpha" and options == DeckOptions()
    services.study.save_deck_options(alpha, DeckOptions(3, 30, NewOrder.RANDOM))
    assert services.study.deck_options("ALPHA")[2] == DeckOptions(3, 30, NewOrder.RANDOM)
    services.study.save_deck_options(alpha, DeckOptions())
    assert services.study.deck_options("Alpha")[2] == DeckOptions()
    with pytest.raises(NotFoundError):
        services.study.deck_options("nope")
    with pytest.raises(ValueError):
        services.study.save_deck_options(alpha, DeckOptions(new_per_day=-2))
