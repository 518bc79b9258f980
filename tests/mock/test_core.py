"""Mock interviews, pure: which cards a format asks, time limits, drawing (no repeats, weighted, seeded), the report."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from flashcards.core.mock import (
    DEFAULT_SECONDS,
    SENIOR_SECONDS,
    Countdown,
    MockAnswer,
    MockFormat,
    MockRecord,
    MockSetup,
    Trend,
    build_report,
    clock_text,
    draw,
    fits_format,
    mock_score,
    time_limit,
    topic_weight,
)
from flashcards.core.models import Card

POINTS = ("one", "two", "three")


def card(n: int, level: str = "mid", topic: str = "alpha", deck_id: int = 1, **kw: object) -> Card:
    values: dict[str, object] = {"key_points": POINTS, "topic": topic, "level": level, **kw}
    return Card(id=n, key=f"k{n}", deck_id=deck_id, deck="Deck", question=f"Q{n}?", notes="", **values)  # type: ignore[arg-type]


def answer(position: int, score: float, topic: str = "alpha", missed: tuple[str, ...] = (), seconds: float = 60.0):
    return MockAnswer(position, position + 1, f"Q{position}?", "Deck", topic, "mid", 180.0, seconds, False, 3,
                      round(score * 3), missed, score, deck_id=1, topic_title=topic.title())


RECORD = MockRecord(1, "2026-01-05T12:00:00Z", "2026-01-05T12:20:00Z", "mle", MockFormat.ONSITE, None, 5, 0.5, False)


# -- which cards, how long ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "level", "fits"),
    [
        (MockFormat.PHONE, "basic", True), (MockFormat.PHONE, "mid", True), (MockFormat.PHONE, "senior", False),
        (MockFormat.ONSITE, "basic", False), (MockFormat.ONSITE, "mid", True), (MockFormat.ONSITE, "senior", True),
        (MockFormat.PHONE, None, False),
    ],
)  # fmt: skip
def test_formats_ask_their_levels(fmt: MockFormat, level: str | None, fits: bool) -> None:
    assert fits_format(card(1, level=level), fmt) is fits  # type: ignore[arg-type]


def test_design_round_asks_design_topics_and_design_tags_at_any_level() -> None:
    assert fits_format(card(1, "basic", topic="ml-system-design"), MockFormat.DESIGN)
    assert fits_format(card(2, "senior", topic="ab-testing"), MockFormat.DESIGN)
    assert fits_format(card(3, "mid", topic="model-serving", tags=("api-design",)), MockFormat.DESIGN)
    assert not fits_format(card(4, "senior", topic="model-serving", tags=("latency",)), MockFormat.DESIGN)


def test_a_card_without_key_points_is_never_asked() -> None:
    assert not fits_format(card(1, "mid", key_points=()), MockFormat.ONSITE)


def test_time_limit_is_three_minutes_five_for_senior_unless_set() -> None:
    setup = MockSetup("mle", MockFormat.ONSITE, questions=5)
    assert time_limit(card(1, "mid"), setup) == DEFAULT_SECONDS == 180
    assert time_limit(card(1, "senior"), setup) == SENIOR_SECONDS == 300
    assert time_limit(card(1, "senior"), MockSetup("mle", MockFormat.ONSITE, questions=5, seconds_per_question=120)) == 120


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (MockSetup("mle", MockFormat.PHONE), "either minutes or a number"),
        (MockSetup("mle", MockFormat.PHONE, minutes=30, questions=5), "either minutes or a number"),
        (MockSetup("mle", MockFormat.PHONE, questions=0), "1-50"),
        (MockSetup("mle", MockFormat.PHONE, minutes=500), "1-180 minutes"),
        (MockSetup("mle", MockFormat.PHONE, questions=5, seconds_per_question=5), "10 s"),
    ],
)
def test_a_bad_setup_names_what_is_wrong(setup: MockSetup, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        setup.validated()


def test_format_given_as_text_is_held_as_its_enum_and_a_wrong_one_is_refused() -> None:
    assert MockSetup("mle", "phone", questions=1).format is MockFormat.PHONE  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="phone, onsite, design"):
        MockSetup("mle", "lunch", questions=1)  # type: ignore[arg-type]


# -- drawing ------------------------------------------------------------------------------------


def pool() -> list[Card]:
    """Two topics of 6 cards: in each, 2 basic, 2 mid, 2 senior."""
    levels = ("basic", "mid", "senior") * 2
    return [card(i, levels[i % 6], topic="alpha" if i < 6 else "beta") for i in range(12)]


def test_a_phone_screen_draws_only_basic_and_mid_without_repeats() -> None:
    drawn = draw(pool(), {}, MockSetup("mle", MockFormat.PHONE, questions=50), random.Random(1))
    assert sorted(q.card.id for q in drawn) == [i for i in range(12) if i % 3 != 2]  # all 8 basic/mid, once each
    assert {q.card.level for q in drawn} == {"basic", "mid"}
    assert all(q.time_limit == 180 for q in drawn)


def test_an_onsite_draws_mid_and_senior_with_five_minutes_for_senior() -> None:
    drawn = draw(pool(), {}, MockSetup("mle", MockFormat.ONSITE, questions=6), random.Random(2))
    assert len(drawn) == 6 and len({q.card.id for q in drawn}) == 6
    assert {q.card.level for q in drawn} <= {"mid", "senior"}
    assert all(q.time_limit == (300 if q.card.level == "senior" else 180) for q in drawn)


def test_the_same_seed_gives_the_same_mock_and_inputs_are_unchanged() -> None:
    cards = pool()
    before = list(cards)
    setup = MockSetup("mle", MockFormat.ONSITE, questions=5)
    first = draw(cards, {(1, "alpha"): 0.2}, setup, random.Random(7))
    assert first == draw(cards, {(1, "alpha"): 0.2}, setup, random.Random(7))
    assert cards == before


def test_minutes_fill_the_time_with_limits_that_fit() -> None:
    # 10 minutes: senior (5 min) and mid (3 min) cards; whatever is drawn fits in 600 s, and nothing more fits.
    for seed in range(20):
        drawn = draw(pool(), {}, MockSetup("mle", MockFormat.ONSITE, minutes=10), random.Random(seed))
        used = sum(q.time_limit for q in drawn)
        assert used <= 600
        assert 600 - used < 180  # a 3-minute question would have fitted otherwise (there are 4 mid cards)


def test_questions_spread_across_topics() -> None:
    cards = [card(i, "mid", topic=f"t{i % 4}") for i in range(40)]
    for seed in range(30):
        drawn = draw(cards, {}, MockSetup("mle", MockFormat.ONSITE, questions=4), random.Random(seed))
        topics = Counter(q.card.topic for q in drawn)
        assert max(topics.values()) <= 3  # a topic's weight halves each time it is drawn


def test_weak_topics_are_drawn_more_often() -> None:
    # Topic weak (readiness 0) weighs 3, topic ready (readiness 1) weighs 1: the first question comes from
    # the weak topic three times in four.
    cards = [card(i, "mid", topic="weak" if i % 2 else "ready") for i in range(20)]
    readiness = {(1, "weak"): 0.0, (1, "ready"): 1.0}
    first = Counter(
        draw(cards, readiness, MockSetup("mle", MockFormat.ONSITE, questions=1), random.Random(seed))[0].card.topic
        for seed in range(2000)
    )
    assert 0.70 < first["weak"] / 2000 < 0.80
    assert topic_weight(0.0) == 3.0 and topic_weight(1.0) == 1.0 and topic_weight(None) == 3.0
    assert topic_weight(0.5) == 2.0


def test_nothing_fits_gives_no_questions() -> None:
    assert draw([card(1, "senior")], {}, MockSetup("mle", MockFormat.PHONE, questions=5), random.Random(0)) == ()


def test_a_question_longer_than_the_whole_mock_is_passed_over() -> None:
    cards = [card(1, "senior"), card(2, "mid")]
    drawn = draw(cards, {}, MockSetup("mle", MockFormat.ONSITE, minutes=4), random.Random(0))
    assert [q.card.id for q in drawn] == [2]


# -- scores and the report ----------------------------------------------------------------------


def test_report_scores_each_topic_and_names_the_three_weakest() -> None:
    answers = [
        answer(0, 1.0, "alpha"), answer(1, 0.0, "beta", ("one", "two", "three")), answer(2, 0.6667, "gamma", ("two",)),
        answer(3, 0.3333, "delta", ("one", "three")), answer(4, 0.0, "alpha", ("one", "two", "three")),
    ]  # fmt: skip
    report = build_report(RECORD, list(reversed(answers)), earlier=[0.4, 0.55])
    assert [a.position for a in report.answers] == [0, 1, 2, 3, 4]
    assert [(t.topic, t.questions, t.score) for t in report.topics] == [
        ("beta", 1, 0.0), ("delta", 1, 0.3333), ("alpha", 2, 0.5), ("gamma", 1, 0.6667),
    ]
    assert [t.topic for t in report.weakest] == ["beta", "delta", "alpha"]
    assert report.weakest[0].label == "Deck › Beta" and report.weakest[0].deck_id == 1
    assert report.missed[:3] == (("Q1?", "one"), ("Q1?", "two"), ("Q1?", "three"))
    assert len(report.missed) == 9
    assert report.score == mock_score(answers) == 0.4  # (1 + 0 + 0.6667 + 0.3333 + 0) / 5
    assert report.trend.previous == 0.55 and report.trend.change == -0.15
    assert report.seconds == 300


def test_trend_of_a_first_mock_has_nothing_to_compare() -> None:
    trend = Trend(0.5)
    assert trend.previous is None and trend.change is None and trend.mean_earlier is None
    assert Trend(0.5, (0.2, 0.4)).mean_earlier == pytest.approx(0.3)


def test_clock_text_rounds_up_while_counting_down() -> None:
    assert clock_text(180) == "3:00"
    assert clock_text(179.2) == "3:00"
    assert clock_text(65) == "1:05"
    assert clock_text(0.4) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(-3) == "0:00"


def test_countdown_runs_out_and_leaves_out_pauses() -> None:
    countdown = Countdown(180, now=100)
    assert countdown.remaining(160) == 120 and not countdown.expired(160)
    countdown.pause(160)
    assert countdown.remaining(500) == 120  # help was open for a while
    countdown.resume(500)
    assert countdown.remaining(560) == 60 and countdown.elapsed(560) == 120
    assert countdown.expired(620) and countdown.remaining(9999) == 0 and countdown.elapsed(9999) == 180
