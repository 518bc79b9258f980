"""MockService: timed mock interviews over a Collection: draw, store each answer as it is given, report, export.

A mock does not touch the SM-2 schedule unless the `mock_reviews` setting is `due`: then an
answer to a card that is due is graded through StudyService.grade with the grade the key-point
checklist maps to (core/key_points.py), and the answer keeps that review's id.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from flashcards.core import mock as core
from flashcards.core.errors import FlashcardsError, NotFoundError, StaleCardError
from flashcards.core.mock import MockAnswer, MockQuestion, MockRecord, MockReport, MockRun, MockSetup
from flashcards.core.models import Card, MockReviews
from flashcards.core.readiness import readiness
from flashcards.db import mocks as store
from flashcards.db import stats_queries as q
from flashcards.db.collection import Collection
from flashcards.services.errors import storage_errors
from flashcards.services.study import StudyService

# Recent retention per topic, as the stats screen's readiness reads it.
READINESS_DAYS = 30


class MockService:
    """Mock interviews on one Collection; every write is one short transaction, committed before it returns."""

    def __init__(self, collection: Collection, study: StudyService, rng: random.Random | None = None) -> None:
        self.collection = collection
        self.study = study
        self.rng = rng or random.Random()  # the draws' randomness when a call passes none (tests seed it)

    @property
    def db_path(self) -> Path:
        """The collection file (for error messages)."""
        return self.collection.path

    # -- reads ----------------------------------------------------------------------------------

    def roles(self) -> list[str]:
        """The roles a mock can be set for: those of the decks, then `all` (every deck)."""
        with self.collection.read() as conn:
            return [*store.roles(conn), core.ALL_ROLES]

    def readiness_by_topic(self) -> dict[tuple[int, str | None], float]:
        """Readiness 0-1 of every topic, by (deck id, topic slug), as the stats screen ranks them."""
        from datetime import timedelta

        today = self.study.today()
        with self.collection.read() as conn:
            groups = q.state_groups(conn, today)
            names = q.topic_names(conn)
            recent = q.recent_retention(conn, today - timedelta(days=READINESS_DAYS - 1))
        topics, _roles = readiness(groups, names, recent)
        return {(t.deck_id, t.topic): t.score for t in topics if t.deck_id is not None}

    def draw(self, setup: MockSetup, rng: random.Random | None = None) -> tuple[MockQuestion, ...]:
        """The questions a mock of `setup` would ask (nothing is written). Raises ValueError for a bad setup,
        NotFoundError when no card fits the role and format."""
        setup.validated()
        with self.collection.read() as conn:
            cards = store.role_cards(conn, setup.role)
        drawn = core.draw(cards, self.readiness_by_topic(), setup, rng or self.rng)
        if not drawn:
            title = core.FORMAT_TITLES[setup.format].lower()
            raise NotFoundError(f"no cards with key points fit a {title} for role {setup.role!r}")
        return drawn

    def history(self) -> list[MockRecord]:
        """Every stored mock, oldest first."""
        with self.collection.read() as conn:
            return store.mocks(conn)

    def report(self, mock_id: int) -> MockReport:
        """The report of a stored mock (finished or not). Raises NotFoundError for an unknown id."""
        with self.collection.read() as conn:
            record = store.mock(conn, mock_id)
            if record is None:
                raise NotFoundError(f"no mock with id {mock_id} (`flashcards mock` lists them)")
            earlier = store.finished_scores_before(conn, mock_id)
        return core.build_report(record, record.answers, earlier)

    # -- the mock: one call per user action -------------------------------------------------------

    @storage_errors
    def start(self, setup: MockSetup, rng: random.Random | None = None) -> MockRun:
        """Draw the questions and store the mock as begun; the setting decides whether answers count as reviews."""
        questions = self.draw(setup, rng)
        counts = self.study.settings().mock_reviews == MockReviews.DUE
        mock_id = store.start_mock(
            self.collection.engine, self.collection.now_text(), setup.role, setup.format, setup.minutes,
            len(questions), counts,
        )  # fmt: skip
        return MockRun(mock_id, setup, questions, counts_as_review=counts)

    @storage_errors
    def answer(self, run: MockRun, said: Sequence[bool], seconds: float, timed_out: bool = False) -> MockAnswer:
        """Score the current question by the key points ticked as `said` (one flag per point), store it,
        committed before returning, and move the run on. Raises ValueError if `said` does not match the points."""
        question = run.current
        if question is None:
            raise ValueError("every question of this mock is answered")
        card = question.card
        if len(said) != len(card.key_points):
            raise ValueError(f"{len(said)} ticks for {len(card.key_points)} key points")
        taken = min(max(0.0, seconds), question.time_limit) if timed_out else max(0.0, seconds)
        review_id = self._review(card, said, taken) if run.counts_as_review else None
        answer = _answer(run.position, question, said, taken, timed_out, review_id)
        try:
            store.record_answer(self.collection.engine, run.mock_id, answer)
        except Exception:
            if review_id is not None:  # the answer and its review go together, or neither
                try:
                    self.study.undo(review_id)
                except FlashcardsError:
                    pass
            raise
        run.answers.append(answer)
        return answer

    def _review(self, card: Card, said: Sequence[bool], seconds: float) -> int | None:
        """Grade `card` if it is due today, with the grade its ticks map to and the points stored with the review
        (as a checklist grade in the review screen is); the review's id, else None."""
        from flashcards.core.key_points import marks, proposed_grade

        fresh = self.study.get_card(card.id)
        due = fresh.state.due
        if fresh.suspended or due is None or due > self.study.today() or fresh.key_points != card.key_points:
            return None  # not due, or its points were edited since the mock showed them
        ticked = [i for i, flag in enumerate(said) if flag]
        grade = proposed_grade(len(fresh.key_points), len(ticked))
        if grade is None:
            return None
        try:
            return self.study.grade(fresh, grade, seconds, points=marks(fresh.key_points, ticked)).review_id
        except StaleCardError:
            return None  # graded elsewhere meanwhile: the mock answer is kept without a review

    @storage_errors
    def finish(self, run: MockRun) -> MockReport | None:
        """End the mock (all answered or ended early): store its score and return the report.

        A mock ended before any answer is removed and None is returned.
        """
        if not run.answers:
            store.delete_mocks(self.collection.engine, [run.mock_id])
            return None
        store.finish_mock(self.collection.engine, run.mock_id, self.collection.now_text(), core.mock_score(run.answers))
        return self.report(run.mock_id)

    # -- export ---------------------------------------------------------------------------------

    @storage_errors
    def export_csv(self, target: Path) -> int:
        """Write every answered question of every mock as CSV (`-`: standard output); returns the row count."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(store.EXPORT_COLUMNS)
        count = 0
        with self.collection.read() as conn:
            for row in store.export_rows(conn):
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        if str(target) == "-":
            from flashcards.core.safe_text import visible

            text = buffer.getvalue()  # a terminal acts on escape sequences in card text; a pipe gets the bytes
            sys.stdout.write(visible(text) if sys.stdout.isatty() else text)
        else:
            target.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        return count


def _answer(
    position: int, question: MockQuestion, said: Sequence[bool], seconds: float, timed_out: bool, review_id: int | None
) -> MockAnswer:
    card = question.card
    points = card.key_points
    return MockAnswer(
        position=position, card_id=card.id, question=card.question, deck=card.deck, topic=card.topic or "",
        level=card.level, time_limit=question.time_limit, seconds=round(seconds, 3), timed_out=timed_out,
        points_total=len(points), points_said=sum(bool(s) for s in said),
        missed=tuple(p for p, s in zip(points, said, strict=True) if not s),
        score=core.answer_score(sum(bool(s) for s in said), len(points)), review_id=review_id,
        deck_id=card.deck_id, topic_title=card.topic_title or "",
    )  # fmt: skip
