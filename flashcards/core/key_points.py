"""Key-point grading: from the points a user ticked as said to a proposed SM-2 grade and a score.

The mapping (`proposed_grade`), for a card with `total` key points of which `said` were ticked:

| ticked                  | proposed grade                 |
|-------------------------|--------------------------------|
| all of them             | 4 (5 is one key away: press 5) |
| at least two thirds     | 3                              |
| at least one third      | 2                              |
| at least one            | 1                              |
| none                    | 0                              |

The thirds are compared in whole numbers (`3 * said >= 2 * total`), so 2 of 3 is two thirds
and 1 of 3 is one third exactly. Cards with few points follow the same table: with one point
it is 4 or 0, with two points 1 said is a half (at least a third: 2). Perfect (5) is never
proposed: saying every point does not tell fluent from hesitant, the user does. A card without
key points has no checklist and no proposal (None): it is graded by hand as before.

In four-key mode (Again/Hard/Good/Easy on SM-2 grades 1/3/4/5) a proposal of 0 or 2 is
Again (1): all three are failing grades, and a fail must stay a fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flashcards.core.models import FOUR_KEY_GRADES, GradeMode
from flashcards.core.sm2 import Grade

__all__ = [
    "MissedPoint", "PointMark", "PointTally", "TopicMisses", "check_marks", "four_key_grade", "marks", "missed_by_topic",
    "missed_most", "proposal", "proposed_grade", "score",
]  # fmt: skip


def _check(total: int, said: int) -> None:
    if total < 0 or not 0 <= said <= total:
        raise ValueError(f"said must be 0-{max(total, 0)} key points, got {said} of {total}")


def proposed_grade(total: int, said: int) -> Grade | None:
    """The SM-2 grade proposed when `said` of a card's `total` key points were ticked (see the table above).

    Returns None for a card without key points. Raises ValueError if `said` is outside 0-`total`.
    """
    _check(total, said)
    if total == 0:
        return None
    if said == total:
        return Grade.CORRECT_HESITANT
    if 3 * said >= 2 * total:
        return Grade.CORRECT_HARD
    if 3 * said >= total:
        return Grade.WRONG_EASY
    if said > 0:
        return Grade.WRONG_REMEMBERED
    return Grade.BLACKOUT


_FOUR_KEY_SM2 = frozenset(FOUR_KEY_GRADES.values())


def four_key_grade(grade: Grade) -> Grade:
    """`grade` as one the four-key mode has a key for: 0 and 2 become Again (1); 1, 3, 4, 5 stay."""
    return grade if int(grade) in _FOUR_KEY_SM2 else Grade.WRONG_REMEMBERED


def proposal(total: int, said: int, mode: GradeMode = GradeMode.SIX) -> Grade | None:
    """The proposed grade in grade mode `mode`: `proposed_grade`, moved onto a four-key grade in four-key mode."""
    grade = proposed_grade(total, said)
    if grade is None or mode != GradeMode.FOUR:
        return grade
    return four_key_grade(grade)


def score(total: int, said: int) -> float | None:
    """The share of key points said, 0.0-1.0 (e.g. 2 of 3 -> 0.667); None for a card without key points.

    Raises ValueError if `said` is outside 0-`total`.
    """
    _check(total, said)
    return said / total if total else None


@dataclass(frozen=True)
class PointMark:
    """One key point as it was shown under a review: its position on the card (0-based), text and whether it was said."""

    position: int
    point: str
    said: bool


def marks(points: Iterable[str], ticked: Iterable[int]) -> tuple[PointMark, ...]:
    """One PointMark per point of `points`, said when its position is in `ticked`.

    Raises ValueError for a ticked position that is not a point.
    """
    shown = tuple(points)
    chosen = set(ticked)
    stray = sorted(p for p in chosen if not 0 <= p < len(shown))
    if stray:
        raise ValueError(f"no key point at position {stray[0]} (the card has {len(shown)})")
    return tuple(PointMark(i, text, i in chosen) for i, text in enumerate(shown))


def check_marks(points: Sequence[str], shown: Iterable[PointMark]) -> None:
    """Raise ValueError unless every mark in `shown` is a different point of `points`, at its position, with its text."""
    seen: set[int] = set()
    for m in shown:
        if not 0 <= m.position < len(points) or m.position in seen:
            raise ValueError(f"key point {m.position + 1} is not a point of this card, or is given twice")
        if points[m.position] != m.point:
            raise ValueError(f"key point {m.position + 1} does not match the card's text")
        seen.add(m.position)


@dataclass(frozen=True)
class MissedPoint:
    """A key point and how often it was missed over the checklist reviews that showed it.

    `card_id` and `question` say which card it belongs to (per-topic lists mix cards).
    """

    point: str
    missed: int
    shown: int
    card_id: int = 0
    question: str = ""

    @property
    def share(self) -> float:
        """The share of its reviews in which the point was missed, 0.0-1.0."""
        return self.missed / self.shown if self.shown else 0.0


def missed_most(points: Iterable[MissedPoint], limit: int | None = None) -> tuple[MissedPoint, ...]:
    """The points missed at least once, most misses first (then the larger share, then card and text)."""
    missed = sorted((p for p in points if p.missed), key=lambda p: (-p.missed, -p.share, p.card_id, p.point))
    return tuple(missed if limit is None else missed[:limit])


@dataclass(frozen=True)
class PointTally:
    """One key point of one card counted over its checklist reviews, with the card's deck and topic."""

    deck_id: int
    deck: str
    topic: str | None
    topic_title: str | None
    card_id: int
    question: str
    point: str
    missed: int
    shown: int


@dataclass(frozen=True)
class TopicMisses:
    """A topic's key points missed most often: `missed` of `shown` over every checklist point of the topic."""

    label: str
    deck_id: int
    deck: str
    topic: str | None
    missed: int
    shown: int
    points: tuple[MissedPoint, ...]


# How many topics, and points per topic, the stats show.
MISSED_TOPICS = 5
MISSED_PER_TOPIC = 3


def missed_by_topic(
    tallies: Iterable[PointTally], topics: int = MISSED_TOPICS, per_topic: int = MISSED_PER_TOPIC
) -> tuple[TopicMisses, ...]:
    """Per deck topic, the `per_topic` points missed most; the `topics` topics with the most misses first.

    Topics whose points were never missed are left out; ties go to the larger share missed, then the label.
    """
    grouped: dict[tuple[int, str | None], list[PointTally]] = {}
    for t in tallies:
        grouped.setdefault((t.deck_id, t.topic), []).append(t)
    out = []
    for (deck_id, topic), rows in grouped.items():
        missed = sum(r.missed for r in rows)
        if not missed:
            continue
        first = rows[0]
        label = f"{first.deck} › {first.topic_title or first.topic or '(no topic)'}"
        points = missed_most((MissedPoint(r.point, r.missed, r.shown, r.card_id, r.question) for r in rows), per_topic)
        out.append(TopicMisses(label, deck_id, first.deck, topic, missed, sum(r.shown for r in rows), points))
    out.sort(key=lambda m: (-m.missed, -m.missed / m.shown, m.label))
    return tuple(out[:topics])
