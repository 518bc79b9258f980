"""Pure aggregations of card states: exclusive state counts, histograms, readiness ranking by topic and role."""

from __future__ import annotations

from datetime import date

import pytest

from flashcards.core.readiness import (
    EASE_BUCKETS,
    INTERVAL_BUCKETS,
    CardStates,
    StateGroup,
    TopicInfo,
    card_states,
    distribution,
    readiness,
    readiness_score,
    state_of,
)
from flashcards.core.sm2 import Sm2State
from flashcards.core.stats import Ratio

D = date(2026, 3, 10)
NAMES = (
    TopicInfo(1, 10, "ML Engineer", "mle", "serving", "Model serving"),
    TopicInfo(1, 11, "ML Engineer", "mle", "spark", "Spark"),
    TopicInfo(2, 20, "Data Scientist", "ds", "stats", "Statistics"),
    TopicInfo(2, None, "Data Scientist", "ds", None, "(no topic)"),
)


def g(deck: int, topic: int | None, state: str, n: int, buried: bool = False, suspended: bool = False) -> StateGroup:
    return StateGroup(deck, topic, state, buried, suspended, n)


def test_state_of_each_sm2_state() -> None:
    assert state_of(Sm2State()) == "new"
    assert state_of(Sm2State(repetitions=0, interval=1, due=D)) == "learning"  # lapsed
    assert state_of(Sm2State(repetitions=1, interval=1, due=D)) == "learning"
    assert state_of(Sm2State(repetitions=2, interval=6, due=D)) == "young"
    assert state_of(Sm2State(repetitions=3, interval=20, due=D)) == "young"
    assert state_of(Sm2State(repetitions=3, interval=21, due=D)) == "mature"


def test_card_states_count_suspended_then_buried_then_state() -> None:
    groups = [g(1, 10, "new", 5), g(1, 10, "mature", 3), g(1, 10, "mature", 2, buried=True),
              g(1, 10, "young", 4, buried=True, suspended=True), g(1, 11, "learning", 1), g(2, 20, "young", 6)]
    s = card_states(groups)
    assert s == CardStates(new=5, learning=1, young=6, mature=3, suspended=4, buried=2)
    assert s.total == 21
    assert s + CardStates(new=1) == CardStates(6, 1, 6, 3, 4, 2)


def test_interval_distribution_buckets_mean_and_median() -> None:
    d = distribution({1: 2, 6: 1, 21: 1, 400: 1}, INTERVAL_BUCKETS)
    counts = {b.label: b.count for b in d.buckets}
    assert counts["1d"] == 2 and counts["3-6d"] == 1 and counts["3-4w"] == 1 and counts["1y+"] == 1
    assert sum(counts.values()) == d.total == 5
    assert d.mean == pytest.approx((2 + 6 + 21 + 400) / 5) and d.median == 6


def test_ease_distribution_edges() -> None:
    d = distribution({130: 1, 249: 1, 250: 3, 251: 1, 300: 1}, EASE_BUCKETS)
    counts = {b.label: b.count for b in d.buckets}
    assert counts["1.30"] == 1 and counts["2.30"] == 1 and counts["2.50"] == 3 and counts["2.51+"] == 2
    assert d.median == 250


def test_empty_distribution() -> None:
    d = distribution({}, INTERVAL_BUCKETS)
    assert (d.total, d.mean, d.median) == (0, None, None)
    assert all(b.count == 0 for b in d.buckets)


def test_readiness_score_formula() -> None:
    assert readiness_score(0, 0, 0, Ratio(), 0.9) == 0.0
    assert readiness_score(10, 0, 0, Ratio(), 0.9) == 0.0
    # all seen and mature, no recent reviews: the retention estimate is the prior
    assert readiness_score(10, 10, 10, Ratio(), 0.9) == 0.95
    # 10 reviews at 50% shrunk toward 0.9 by 10 pseudo-reviews: (5 + 9) / 20 = 0.7
    assert readiness_score(10, 10, 0, Ratio(5, 10), 0.9) == 0.35


def test_readiness_ranks_untouched_and_slipping_topics_first() -> None:
    groups = [
        g(1, 10, "mature", 8), g(1, 10, "young", 2),  # serving: all seen, mostly mature
        g(1, 11, "new", 9), g(1, 11, "learning", 1),  # spark: barely started
        g(2, 20, "young", 5), g(2, 20, "new", 5, buried=True),  # stats: half seen
        g(2, 20, "mature", 4, suspended=True),  # suspended cards are left out
        g(2, None, "mature", 2),
    ]
    recent = {(1, 10): Ratio(18, 20), (2, 20): Ratio(2, 10)}
    topics, roles = readiness(groups, NAMES, recent)
    assert [t.topic for t in topics][:2] == ["spark", "stats"]
    stats = next(t for t in topics if t.topic == "stats")
    assert (stats.cards, stats.seen, stats.mature, stats.retention) == (10, 5, 0, Ratio(2, 10))
    assert stats.label == "Data Scientist › Statistics" and stats.role == "ds" and stats.deck_id == 2
    untitled = next(t for t in topics if t.topic is None)
    assert untitled.label == "Data Scientist › (no topic)"
    assert {r.label for r in roles} == {"mle", "ds"}
    mle = next(r for r in roles if r.label == "mle")
    assert (mle.cards, mle.seen, mle.mature, mle.retention) == (20, 11, 8, Ratio(18, 20))
    assert roles[0].score <= roles[1].score


def test_readiness_prior_is_the_overall_retention() -> None:
    groups = [g(1, 10, "young", 10), g(1, 11, "young", 10)]
    topics, _ = readiness(groups, NAMES, {(1, 10): Ratio(16, 20), (1, 11): Ratio(1, 2)})
    spark = next(t for t in topics if t.topic == "spark")
    # overall 17/22; spark: (1 + 10 x 17/22) / 12 estimated, all seen, none mature
    assert spark.score == round((1 + 10 * 17 / 22) / 12 / 2, 4)


def test_readiness_drops_topics_whose_cards_are_all_suspended() -> None:
    topics, roles = readiness([g(1, 10, "mature", 3, suspended=True)], NAMES, {})
    assert topics == () and roles == ()


def test_readiness_of_unknown_topic_ids_still_shows() -> None:
    topics, _ = readiness([g(9, 99, "new", 1)], NAMES, {})
    assert topics[0].label == "deck 9 › (no topic)" and topics[0].role is None
