"""The key-point grade mapping, worked by hand at every boundary, and the score and marks helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.key_points import (
    MissedPoint,
    PointMark,
    PointTally,
    check_marks,
    four_key_grade,
    marks,
    missed_by_topic,
    missed_most,
    proposal,
    proposed_grade,
    score,
)
from flashcards.core.models import GradeMode
from flashcards.core.sm2 import Grade


@pytest.mark.parametrize(
    ("total", "said", "grade"),
    [
        # one point: all or nothing
        (1, 0, 0),
        (1, 1, 4),
        # two points: one said is a half, at least a third
        (2, 0, 0),
        (2, 1, 2),
        (2, 2, 4),
        # three points: 1 is one third exactly, 2 is two thirds exactly
        (3, 0, 0),
        (3, 1, 2),
        (3, 2, 3),
        (3, 3, 4),
        # four points: 1/4 < 1/3, 2/4 >= 1/3, 3/4 >= 2/3
        (4, 1, 1),
        (4, 2, 2),
        (4, 3, 3),
        (4, 4, 4),
        # five points: 1/5 < 1/3 <= 2/5; 3/5 < 2/3 <= 4/5
        (5, 0, 0),
        (5, 1, 1),
        (5, 2, 2),
        (5, 3, 2),
        (5, 4, 3),
        (5, 5, 4),
        # six points: 2/6 is one third exactly, 4/6 two thirds exactly
        (6, 1, 1),
        (6, 2, 2),
        (6, 3, 2),
        (6, 4, 3),
        (6, 5, 3),
        (6, 6, 4),
        # seven points: 2/7 < 1/3 <= 3/7; 4/7 < 2/3 <= 5/7
        (7, 2, 1),
        (7, 3, 2),
        (7, 4, 2),
        (7, 5, 3),
        (7, 6, 3),
    ],
)
def test_proposed_grade_at_each_boundary(total: int, said: int, grade: int) -> None:
    assert proposed_grade(total, said) == grade


def test_a_card_without_key_points_has_no_proposal_and_no_score() -> None:
    assert proposed_grade(0, 0) is None
    assert proposal(0, 0, GradeMode.FOUR) is None
    assert score(0, 0) is None


def test_five_is_never_proposed() -> None:
    assert all(proposed_grade(n, k) != Grade.PERFECT for n in range(1, 20) for k in range(n + 1))


@pytest.mark.parametrize(("total", "said"), [(3, 4), (3, -1), (-1, 0), (0, 1)])
def test_impossible_counts_raise(total: int, said: int) -> None:
    with pytest.raises(ValueError, match="key points"):
        proposed_grade(total, said)
    with pytest.raises(ValueError, match="key points"):
        score(total, said)


@given(st.integers(1, 40), st.data())
def test_more_points_said_never_lowers_the_proposal(total: int, data: st.DataObject) -> None:
    said = data.draw(st.integers(0, total - 1))
    assert proposed_grade(total, said + 1) >= proposed_grade(total, said)  # type: ignore[operator]


@pytest.mark.parametrize(("grade", "four"), [(0, 1), (1, 1), (2, 1), (3, 3), (4, 4), (5, 5)])
def test_four_key_mode_moves_failing_grades_to_again(grade: int, four: int) -> None:
    assert four_key_grade(Grade(grade)) == four


def test_proposal_in_each_mode() -> None:
    assert proposal(4, 2, GradeMode.SIX) == 2
    assert proposal(4, 2, GradeMode.FOUR) == 1  # Again
    assert proposal(4, 3, GradeMode.FOUR) == 3  # Hard
    assert proposal(4, 4, GradeMode.FOUR) == 4  # Good
    assert proposal(4, 0, GradeMode.FOUR) == 1


def test_score_is_the_share_said() -> None:
    assert score(3, 2) == pytest.approx(2 / 3)
    assert score(5, 5) == 1.0
    assert score(4, 0) == 0.0


def test_marks_one_per_point_in_order() -> None:
    assert marks(("bias", "variance", "noise"), {2, 0}) == (
        PointMark(0, "bias", True),
        PointMark(1, "variance", False),
        PointMark(2, "noise", True),
    )
    assert marks((), ()) == ()


def test_marks_rejects_a_tick_that_is_not_a_point() -> None:
    with pytest.raises(ValueError, match="position 3"):
        marks(("a", "b", "c"), {3})


def test_missed_share() -> None:
    assert MissedPoint("p", missed=3, shown=4).share == 0.75
    assert MissedPoint("p", missed=0, shown=0).share == 0.0


def tally(deck_id: int, topic: str | None, card: int, point: str, missed: int, shown: int) -> PointTally:
    return PointTally(deck_id, f"Deck {deck_id}", topic, topic.title() if topic else None, card, f"Q{card}?", point,
                      missed, shown)  # fmt: skip


def test_missed_by_topic_ranks_topics_and_points() -> None:
    tallies = [
        tally(1, "a", 10, "bias", 2, 4),
        tally(1, "a", 10, "variance", 0, 4),
        tally(1, "a", 11, "noise", 2, 2),  # as many misses as `bias`, a larger share: first
        tally(1, "a", 11, "irreducible", 1, 2),
        tally(1, "a", 12, "extra", 1, 5),  # the fourth missed point of the topic: cut at three
        tally(2, None, 20, "p-value", 1, 1),
        tally(2, "b", 21, "never missed", 0, 9),  # a topic with no miss is left out
    ]
    topics = missed_by_topic(tallies)
    assert [(t.label, t.missed, t.shown) for t in topics] == [("Deck 1 › A", 6, 17), ("Deck 2 › (no topic)", 1, 1)]
    assert [(p.point, p.card_id) for p in topics[0].points] == [("noise", 11), ("bias", 10), ("irreducible", 11)]
    assert missed_by_topic(tallies, topics=1, per_topic=1)[0].points == (MissedPoint("noise", 2, 2, 11, "Q11?"),)
    assert missed_by_topic([]) == ()


def test_missed_most_leaves_out_points_never_missed() -> None:
    points = [MissedPoint("a", 0, 3), MissedPoint("b", 1, 3), MissedPoint("c", 1, 1)]
    assert [p.point for p in missed_most(points)] == ["c", "b"]
    assert [p.point for p in missed_most(points, limit=1)] == ["c"]


def test_check_marks_accepts_the_checklist_marks_and_refuses_others() -> None:
    points = ("bias", "variance")
    check_marks(points, marks(points, {1}))
    check_marks(points, ())
    with pytest.raises(ValueError, match="given twice"):
        check_marks(points, (PointMark(0, "bias", True), PointMark(0, "bias", True)))
    with pytest.raises(ValueError, match="not a point"):
        check_marks(points, (PointMark(2, "noise", True),))
    with pytest.raises(ValueError, match="does not match"):
        check_marks(points, (PointMark(0, "variance", True),))
