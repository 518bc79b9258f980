"""Timed mock interviews, pure: the formats, drawing questions weighted toward weak topics, scores and the report.

Drawing (see `draw`): the cards a format allows are grouped by topic; each question picks a
topic with probability proportional to its weight, `1 + WEAK_BOOST x (1 - readiness)` (so a
topic nobody has started is up to three times as likely as a ready one), halved every time
that topic is picked again (so questions spread over the topics), then a card of that topic
uniformly. No card comes twice. Randomness is the `rng` passed in, so a seed gives one draw.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from flashcards.core.models import Card


class MockFormat(StrEnum):
    """The kind of interview a mock imitates."""

    PHONE = "phone"
    ONSITE = "onsite"
    DESIGN = "design"


FORMAT_TITLES = {
    MockFormat.PHONE: "Phone screen",
    MockFormat.ONSITE: "Onsite",
    MockFormat.DESIGN: "Design round",
}
FORMAT_HINTS = {
    MockFormat.PHONE: "basic and mid-level questions across the role's topics",
    MockFormat.ONSITE: "mid and senior questions across the role's topics",
    MockFormat.DESIGN: "system design: the design topics and cards tagged as design, any level",
}
# Card levels each format asks; None: any level (the design round is chosen by topic instead).
FORMAT_LEVELS: dict[MockFormat, tuple[str, ...] | None] = {
    MockFormat.PHONE: ("basic", "mid"),
    MockFormat.ONSITE: ("mid", "senior"),
    MockFormat.DESIGN: None,
}
# The design round's topics: ML system design for ML engineers, experiment and metric design for data scientists.
DESIGN_TOPICS = frozenset({"ml-system-design", "ab-testing", "product-metrics"})
ALL_ROLES = "all"  # a mock over every deck, whatever its role

DEFAULT_SECONDS = 180.0  # the time limit of a question: 3 minutes,
SENIOR_SECONDS = 300.0  # 5 for a senior card
LENGTH_MINUTES = (30, 45, 60)
LENGTH_QUESTIONS = (5, 10, 15)
MAX_QUESTIONS = 50
MAX_MINUTES = 180
# How much more likely a topic is drawn the less ready it is (weight 1 + WEAK_BOOST x (1 - readiness)).
WEAK_BOOST = 2.0
WEAKEST_SHOWN = 3


@dataclass(frozen=True)
class MockSetup:
    """What the user asked for: a role, a format, and either `minutes` or a number of `questions`.

    `seconds_per_question` overrides the default time limit (3 minutes, 5 for senior cards).
    """

    role: str
    format: MockFormat
    minutes: int | None = None
    questions: int | None = None
    seconds_per_question: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.format, MockFormat):
            if self.format not in tuple(MockFormat):
                raise ValueError(f"mock format must be one of {', '.join(MockFormat)}")
            object.__setattr__(self, "format", MockFormat(self.format))

    def validated(self) -> MockSetup:
        """Self if the length is one of minutes or questions and in range, else ValueError naming the field."""
        if (self.minutes is None) == (self.questions is None):
            raise ValueError("a mock's length is either minutes or a number of questions")
        if self.minutes is not None and not 1 <= self.minutes <= MAX_MINUTES:
            raise ValueError(f"mock length must be 1-{MAX_MINUTES} minutes")
        if self.questions is not None and not 1 <= self.questions <= MAX_QUESTIONS:
            raise ValueError(f"number of questions must be 1-{MAX_QUESTIONS}")
        if self.seconds_per_question is not None and not 10 <= self.seconds_per_question <= 3600:
            raise ValueError("time per question must be 10 s to 60 minutes")
        return self


@dataclass(frozen=True)
class MockQuestion:
    """One question of a drawn mock: the card and its time limit in seconds."""

    card: Card
    time_limit: float


@dataclass(frozen=True)
class MockAnswer:
    """One answered question as stored: the text as shown, time taken, key points said and missed, score 0-1.

    `review_id` is the review it counted as (the setting), else None.
    """

    position: int
    card_id: int | None
    question: str
    deck: str
    topic: str
    level: str | None
    time_limit: float
    seconds: float
    timed_out: bool
    points_total: int
    points_said: int
    missed: tuple[str, ...] = ()
    score: float = 0.0
    review_id: int | None = None
    deck_id: int | None = None
    topic_title: str = ""

    @property
    def topic_label(self) -> str:
        """`Deck › Topic title` (the slug when the topic is gone)."""
        return f"{self.deck} › {self.topic_title or self.topic or '(no topic)'}"


@dataclass(frozen=True)
class MockRecord:
    """A stored mock: what was asked, when, how it went; `answers` are filled only when asked for."""

    id: int
    started_at: str
    finished_at: str | None
    role: str
    format: MockFormat
    minutes: int | None
    questions: int
    score: float | None
    counts_as_review: bool
    answered: int = 0
    answers: tuple[MockAnswer, ...] = ()

    @property
    def finished(self) -> bool:
        """True once the mock reached its report (ended early counts)."""
        return self.finished_at is not None


@dataclass(frozen=True)
class TopicScore:
    """How one topic went in a mock: questions, mean score, and where to study it (deck id and topic slug)."""

    label: str
    deck: str
    deck_id: int | None
    topic: str
    questions: int
    score: float


@dataclass(frozen=True)
class Trend:
    """This mock's score against the earlier finished mocks (oldest first)."""

    score: float
    earlier: tuple[float, ...] = ()

    @property
    def previous(self) -> float | None:
        """The score of the mock before this one, if any."""
        return self.earlier[-1] if self.earlier else None

    @property
    def change(self) -> float | None:
        """This score minus the previous one (None for a first mock)."""
        return None if self.previous is None else round(self.score - self.previous, 4)

    @property
    def mean_earlier(self) -> float | None:
        """The mean score of the earlier mocks."""
        return sum(self.earlier) / len(self.earlier) if self.earlier else None


@dataclass(frozen=True)
class MockReport:
    """The end of a mock: each answer, each topic (weakest first), the points missed, the weakest topics, the trend."""

    mock: MockRecord
    answers: tuple[MockAnswer, ...]
    topics: tuple[TopicScore, ...]
    weakest: tuple[TopicScore, ...]
    missed: tuple[tuple[str, str], ...]  # (question, point) in question order
    trend: Trend
    seconds: float = 0.0
    reviews: int = 0  # answers that counted as reviews (the setting)

    @property
    def score(self) -> float:
        """The mean score over the answered questions (0 when none was answered)."""
        return self.trend.score


# -- drawing ------------------------------------------------------------------------------------


def fits_format(card: Card, fmt: MockFormat) -> bool:
    """True if `card` can be asked in a mock of format `fmt`: it has key points (they score the answer) and
    its level fits the format (the design round goes by topic and tags instead)."""
    if not card.key_points:
        return False
    if fmt == MockFormat.DESIGN:
        return (card.topic or "") in DESIGN_TOPICS or any("design" in tag.casefold() for tag in card.tags)
    levels = FORMAT_LEVELS[fmt]
    return levels is not None and (card.level or "").casefold() in levels


def time_limit(card: Card, setup: MockSetup) -> float:
    """Seconds for `card`: the setup's override, else 3 minutes, 5 for a senior card."""
    if setup.seconds_per_question is not None:
        return float(setup.seconds_per_question)
    return SENIOR_SECONDS if (card.level or "").casefold() == "senior" else DEFAULT_SECONDS


def topic_key(card: Card) -> tuple[int, str | None]:
    """(deck id, topic slug): how readiness and the report name a card's topic."""
    return card.deck_id, card.topic


def topic_weight(readiness: float | None) -> float:
    """A topic's draw weight from its readiness 0-1 (None: never measured, treated as 0)."""
    score = min(1.0, max(0.0, readiness or 0.0))
    return 1.0 + WEAK_BOOST * (1.0 - score)


def draw(
    cards: Sequence[Card],
    readiness: Mapping[tuple[int, str | None], float],
    setup: MockSetup,
    rng: random.Random,
) -> tuple[MockQuestion, ...]:
    """The questions of a mock: cards that fit the format, drawn by topic weight (see the module docstring).

    With `setup.questions`, up to that many; with `setup.minutes`, questions while their time limits
    still fit in the minutes (a question that does not fit is passed over for a shorter one). Fewer
    come back when the pool runs out; none when nothing fits. Inputs are not changed.
    """
    setup.validated()
    pools: dict[tuple[int, str | None], list[Card]] = {}
    for card in sorted({c.id: c for c in cards if fits_format(c, setup.format)}.values(), key=lambda c: c.id):
        pools.setdefault(topic_key(card), []).append(card)
    weights = {key: topic_weight(readiness.get(key)) for key in pools}
    budget = None if setup.minutes is None else setup.minutes * 60.0
    wanted = setup.questions if setup.questions is not None else MAX_QUESTIONS
    chosen: list[MockQuestion] = []
    shortest = min((time_limit(c, setup) for pool in pools.values() for c in pool), default=0.0)
    while pools and len(chosen) < wanted and (budget is None or budget >= shortest):
        keys = sorted(pools, key=lambda k: (k[0], k[1] or ""))
        key = rng.choices(keys, weights=[weights[k] for k in keys])[0]
        pool = pools[key]
        card = pool.pop(rng.randrange(len(pool)))
        if not pool:
            del pools[key]
        limit = time_limit(card, setup)
        if budget is not None:
            if limit > budget:
                continue  # too long for what is left; a shorter card may still fit
            budget -= limit
        chosen.append(MockQuestion(card, limit))
        weights[key] /= 2
    return tuple(chosen)


# -- scoring and the report ---------------------------------------------------------------------


def answer_score(said: int, total: int) -> float:
    """The share of key points said, 0-1 (a card without key points scores 0: there is nothing to check)."""
    return round(said / total, 4) if total > 0 else 0.0


def mock_score(answers: Sequence[MockAnswer]) -> float:
    """The mean of the answers' scores, 0 when there are none."""
    return round(sum(a.score for a in answers) / len(answers), 4) if answers else 0.0


def topic_scores(answers: Sequence[MockAnswer]) -> tuple[TopicScore, ...]:
    """Each topic asked, with its question count and mean score, weakest first (then by label)."""
    groups: dict[tuple[str, str], list[MockAnswer]] = {}
    for a in answers:
        groups.setdefault((a.deck, a.topic), []).append(a)
    rows = [
        TopicScore(items[0].topic_label, deck, items[0].deck_id, topic, len(items), mock_score(items))
        for (deck, topic), items in groups.items()
    ]
    return tuple(sorted(rows, key=lambda t: (t.score, -t.questions, t.label)))


def build_report(mock: MockRecord, answers: Sequence[MockAnswer], earlier: Sequence[float]) -> MockReport:
    """The report of `mock` from its `answers` (any order) and the scores of the finished mocks before it."""
    ordered = tuple(sorted(answers, key=lambda a: a.position))
    topics = topic_scores(ordered)
    missed = tuple((a.question, point) for a in ordered for point in a.missed)
    return MockReport(
        mock=mock,
        answers=ordered,
        topics=topics,
        weakest=topics[:WEAKEST_SHOWN],
        missed=missed,
        trend=Trend(mock_score(ordered), tuple(earlier)),
        seconds=round(sum(a.seconds for a in ordered), 3),
        reviews=sum(a.review_id is not None for a in ordered),
    )


@dataclass
class MockRun:
    """A mock in progress (UI state, no I/O): its id, the questions drawn, the answers so far."""

    mock_id: int
    setup: MockSetup
    questions: tuple[MockQuestion, ...]
    counts_as_review: bool = False
    answers: list[MockAnswer] = field(default_factory=list)

    @property
    def position(self) -> int:
        """The index of the question to ask next."""
        return len(self.answers)

    @property
    def current(self) -> MockQuestion | None:
        """The question to ask next, None when every one was answered."""
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def planned_seconds(self) -> float:
        """The sum of the time limits."""
        return sum(q.time_limit for q in self.questions)


def clock_text(seconds: float) -> str:
    """`2:05` for a countdown or a time taken (whole seconds, rounded up while counting down)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


class Countdown:
    """A question's countdown on a monotonic time line given by the caller (no clock is read here); can be paused."""

    def __init__(self, limit: float, now: float) -> None:
        self.limit = limit
        self._started = now
        self._paused_at: float | None = None

    def elapsed(self, now: float) -> float:
        """Seconds used so far, leaving out pauses, at most the limit."""
        at = self._paused_at if self._paused_at is not None else now
        return min(self.limit, max(0.0, at - self._started))

    def remaining(self, now: float) -> float:
        """Seconds left (0 once the time is up)."""
        return self.limit - self.elapsed(now)

    def expired(self, now: float) -> bool:
        """True once the whole limit is used."""
        return self.remaining(now) <= 0

    def pause(self, now: float) -> None:
        """Stop the countdown (help is open over the question); `resume` goes on from the same second."""
        if self._paused_at is None:
            self._paused_at = now

    def resume(self, now: float) -> None:
        """Count down again, leaving out the time paused."""
        if self._paused_at is not None:
            self._started += now - self._paused_at
            self._paused_at = None
