"""Pure aggregations of card states: state counts, interval and ease histograms, readiness by topic and role."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from flashcards.core import sm2
from flashcards.core.stats import MATURE_DAYS, Ratio, sum_ratios

STATE_NAMES = ("new", "learning", "young", "mature")
WEAKEST_COUNT = 5
# Readiness shrinks a topic's retention toward the overall one by this many pseudo-reviews.
RETENTION_PRIOR_WEIGHT = 10
DEFAULT_RETENTION = 0.9


@dataclass(frozen=True)
class CardStates:
    """Cards by state; each card is counted once: suspended, else buried, else its SM-2 state."""

    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    buried: int = 0

    @property
    def total(self) -> int:
        """All active cards."""
        return self.new + self.learning + self.young + self.mature + self.suspended + self.buried

    def __add__(self, other: CardStates) -> CardStates:
        return CardStates(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.new, self.learning, self.young, self.mature, self.suspended, self.buried)


@dataclass(frozen=True)
class StateGroup:
    """A count of cards of one deck and topic sharing SM-2 state, buried and suspended flags."""

    deck_id: int
    topic_id: int | None
    state: str
    buried: bool
    suspended: bool
    count: int


@dataclass(frozen=True)
class TopicInfo:
    """Names of a deck/topic pair (topic None: cards of the deck without a topic)."""

    deck_id: int
    topic_id: int | None
    deck: str
    role: str | None
    topic: str | None
    title: str


@dataclass(frozen=True)
class Bucket:
    """A histogram bar: values from `low` to `high` (None: no upper bound)."""

    label: str
    low: int
    high: int | None
    count: int


@dataclass(frozen=True)
class Distribution:
    """A histogram with the mean and median of the underlying values."""

    buckets: tuple[Bucket, ...]
    total: int
    mean: float | None
    median: int | None


@dataclass(frozen=True)
class Readiness:
    """How ready a topic (or a role) is: cards, how many seen and mature, recent retention, score 0-1."""

    label: str
    deck_id: int | None
    deck: str | None
    role: str | None
    topic: str | None
    cards: int
    seen: int
    mature: int
    retention: Ratio
    score: float

    @property
    def share_seen(self) -> float:
        """Seen cards / cards."""
        return self.seen / self.cards if self.cards else 0.0

    @property
    def share_mature(self) -> float:
        """Mature cards / cards."""
        return self.mature / self.cards if self.cards else 0.0


# -- card states and distributions --------------------------------------------------------------


def state_of(state: sm2.Sm2State) -> str:
    """`new`, `learning` (fewer than 2 successful repetitions), `young` or `mature`."""
    if state.is_new:
        return "new"
    if state.repetitions < 2:
        return "learning"
    return "young" if state.interval < MATURE_DAYS else "mature"


def card_states(groups: Iterable[StateGroup]) -> CardStates:
    """Count each card once: suspended first, then buried, then by SM-2 state."""
    counts = dict.fromkeys((*STATE_NAMES, "suspended", "buried"), 0)
    for g in groups:
        key = "suspended" if g.suspended else "buried" if g.buried else g.state
        counts[key] += g.count
    return CardStates(**counts)


INTERVAL_BUCKETS = (
    ("1d", 1, 1), ("2d", 2, 2), ("3-6d", 3, 6), ("1-2w", 7, 13), ("2-3w", 14, 20), ("3-4w", 21, 29),
    ("1-2mo", 30, 59), ("2-3mo", 60, 89), ("3-6mo", 90, 179), ("6-12mo", 180, 364), ("1y+", 365, None),
)
EASE_BUCKETS = (
    ("1.30", 130, 149), ("1.50", 150, 169), ("1.70", 170, 189), ("1.90", 190, 209), ("2.10", 210, 229),
    ("2.30", 230, 249), ("2.50", 250, 250), ("2.51+", 251, None),
)


def distribution(values: Mapping[int, int], buckets: Sequence[tuple[str, int, int | None]]) -> Distribution:
    """Histogram of `values` (value -> how many cards) over `buckets` of (label, low, high)."""
    bars = []
    for label, low, high in buckets:
        n = sum(c for v, c in values.items() if v >= low and (high is None or v <= high))
        bars.append(Bucket(label, low, high, n))
    total = sum(values.values())
    mean = sum(v * c for v, c in values.items()) / total if total else None
    return Distribution(tuple(bars), total, None if mean is None else round(mean, 2), _median(values, total))


def _median(values: Mapping[int, int], total: int) -> int | None:
    if not total:
        return None
    seen = 0
    for value in sorted(values):
        seen += values[value]
        if seen * 2 >= total:
            return value
    return None  # pragma: no cover  (unreachable: the loop reaches total)


# -- readiness ----------------------------------------------------------------------------------


def readiness_score(cards: int, seen: int, mature: int, retention: Ratio, prior: float) -> float:
    """(share seen x estimated retention + share mature) / 2, from 0 (untouched) to 1 (ready).

    The retention estimate shrinks the topic's own ratio toward `prior` by
    RETENTION_PRIOR_WEIGHT pseudo-reviews, so a topic with two reviews is not ranked on a coin flip.
    """
    if cards <= 0:
        return 0.0
    k = RETENTION_PRIOR_WEIGHT
    estimate = (retention.passed + k * prior) / (retention.total + k)
    return round((seen / cards * estimate + mature / cards) / 2, 4)


def readiness(groups: Iterable[StateGroup], names: Sequence[TopicInfo],
              recent: Mapping[tuple[int, int | None], Ratio]) -> tuple[tuple[Readiness, ...], ...]:
    """(per topic, per role) readiness, each ranked weakest first.

    `groups` are card counts, `names` the decks and topics, `recent` the recent retention of
    each (deck_id, topic_id). Suspended cards are left out; topics with no cards are dropped.
    """
    tally: dict[tuple[int, int | None], list[int]] = {}
    for g in groups:
        if not g.suspended:
            cell = tally.setdefault((g.deck_id, g.topic_id), [0, 0, 0])
            cell[0] += g.count
            cell[1] += g.count * (g.state != "new")
            cell[2] += g.count * (g.state == "mature")
    prior = sum_ratios(recent.values()).share or DEFAULT_RETENTION
    info = {(n.deck_id, n.topic_id): n for n in names}
    topics = [_topic_row(key, counts, info.get(key), recent.get(key, Ratio()), prior) for key, counts in tally.items()]
    return _ranked(t for t in topics if t.cards), _ranked(_roles(topics, prior))


def _topic_row(key: tuple[int, int | None], counts: list[int], name: TopicInfo | None, ratio: Ratio,
               prior: float) -> Readiness:
    cards, seen, mature = counts
    deck = name.deck if name else f"deck {key[0]}"
    label = f"{deck} › {name.title if name else '(no topic)'}"
    return Readiness(label, key[0], deck, name.role if name else None, name.topic if name else None,
                     cards, seen, mature, ratio, readiness_score(cards, seen, mature, ratio, prior))


def _roles(topics: Iterable[Readiness], prior: float) -> list[Readiness]:
    sums: dict[str, tuple[int, int, int, Ratio]] = {}
    for t in topics:
        role = t.role or "other"
        c, s, m, r = sums.get(role, (0, 0, 0, Ratio()))
        sums[role] = (c + t.cards, s + t.seen, m + t.mature, r + t.retention)
    return [Readiness(role, None, None, role, None, c, s, m, r, readiness_score(c, s, m, r, prior))
            for role, (c, s, m, r) in sums.items() if c]


def _ranked(rows: Iterable[Readiness]) -> tuple[Readiness, ...]:
    return tuple(sorted(rows, key=lambda r: (r.score, r.share_seen, -r.cards, r.label)))


# -- projection to an interview ------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessProjection:
    """Readiness of an interview's scope now and projected to the interview day (by its plan)."""

    label: str
    cards: int
    now: float
    then: float


def project_readiness(label: str, cards: int, seen: tuple[float, float], mature: tuple[float, float],
                      retention: Ratio) -> ReadinessProjection:
    """The readiness score of `cards` now and by the interview, from the shares (now, then) seen and
    mature and the scope's recent retention (the projection assumes that retention holds)."""
    prior = retention.share or DEFAULT_RETENTION

    def score(s: float, m: float) -> float:
        return readiness_score(cards, round(s * cards), round(m * cards), retention, prior)

    return ReadinessProjection(label, cards, score(seen[0], mature[0]), score(seen[1], mature[1]))
