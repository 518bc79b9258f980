"""Write transactions through SQLModel: deck sync, grade, undo, bury, suspend and settings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from flashcards.core import sm2
from flashcards.core.deck_format import CardSpec, DeckFile, normalise_question
from flashcards.core.errors import FlashcardsError, NotFoundError, NothingToUndoError
from flashcards.core.models import GradeResult, SyncReport
from flashcards.core.sm2 import Sm2State
from flashcards.db.tables import (
    CardRow,
    CardStateRow,
    DeckFileRow,
    DeckRow,
    ReviewRow,
    SettingRow,
    TopicRow,
)


class StaleCardError(FlashcardsError):
    """The card changed since it was shown (graded elsewhere or twice); the grade was not applied."""


@dataclass(frozen=True)
class FileToSync:
    """A parsed deck file with the name it is tracked under and its content hash."""

    deck: DeckFile
    path_key: str
    sha256: str | None = None


def card_key(spec: CardSpec, deck_name: str) -> str:
    """A card's identity: its id, or a hash of deck and question for files without ids."""
    if spec.card_id:
        return spec.card_id
    digest = hashlib.sha1(f"{deck_name}\n{normalise_question(spec.question)}".encode()).hexdigest()
    return f"q-{digest[:20]}"


def _state_from_row(row: CardStateRow) -> Sm2State:
    return Sm2State(
        repetitions=row.repetitions,
        ef_x100=row.ef_x100,
        interval=row.interval,
        due=_day(row.due),
        repeat_day=_day(row.repeat_day),
        lapses=row.lapses,
    )


def _state_before(review: ReviewRow) -> Sm2State:
    return Sm2State(
        repetitions=review.repetitions_before,
        ef_x100=review.ef_before,
        interval=review.interval_before,
        due=_day(review.due_before),
        repeat_day=_day(review.repeat_day_before),
        lapses=review.lapses_before,
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def sync_files(engine: Engine, files: list[FileToSync], now: str, source: str, gone: tuple[str, ...] = ()) -> SyncReport:
    """Upsert decks, topics and cards of `files` in one transaction; return what changed.

    Cards that were loaded from one of these files (or from a path in `gone`) but are no
    longer in it are marked inactive, keeping their history.
    """
    added = updated = unchanged = 0
    removed: list[str] = []
    with Session(engine) as session:
        deck_ids: dict[str, int] = {}
        for item in files:
            deck_id = _upsert_deck(session, item.deck, source, now, deck_ids)
            topic_id = _upsert_topic(session, deck_id, item.deck)
            seen: set[str] = set()
            for position, spec in enumerate(item.deck.cards):
                key = card_key(spec, item.deck.deck)
                seen.add(key)
                outcome = _upsert_card(session, spec, key, deck_id, topic_id, item.path_key, position, now)
                added += outcome == "added"
                updated += outcome == "updated"
                unchanged += outcome == "unchanged"
            removed += _deactivate_missing(session, item.path_key, seen, now)
            if item.sha256 is not None:
                session.merge(DeckFileRow(path=item.path_key, sha256=item.sha256, synced_at=now))
        for path_key in gone:
            removed += _deactivate_missing(session, path_key, set(), now)
            file_row = session.get(DeckFileRow, path_key)
            if file_row is not None:
                session.delete(file_row)
        session.commit()
    return SyncReport(added=added, updated=updated, unchanged=unchanged, removed=tuple(removed), files=len(files))


def _upsert_deck(session: Session, deck: DeckFile, source: str, now: str, cache: dict[str, int]) -> int:
    if deck.deck in cache:
        return cache[deck.deck]
    row = session.exec(select(DeckRow).where(DeckRow.name == deck.deck)).first()
    if row is None:
        row = DeckRow(name=deck.deck, role=deck.role, description=deck.description, source=source, created_at=now)
        session.add(row)
        session.flush()
    else:
        if deck.role and row.role != deck.role:
            row.role = deck.role
        if deck.description and row.description != deck.description:
            row.description = deck.description
        session.add(row)
    assert row.id is not None
    cache[deck.deck] = row.id
    return row.id


def _upsert_topic(session: Session, deck_id: int, deck: DeckFile) -> int | None:
    if not deck.topic:
        return None
    title = deck.topic_title or deck.topic
    row = session.exec(select(TopicRow).where(TopicRow.deck_id == deck_id, TopicRow.slug == deck.topic)).first()
    if row is None:
        row = TopicRow(deck_id=deck_id, slug=deck.topic, title=title)
    elif row.title != title:
        row.title = title
    session.add(row)
    session.flush()
    return row.id


def _upsert_card(
    session: Session, spec: CardSpec, key: str, deck_id: int, topic_id: int | None, path_key: str, position: int, now: str
) -> str:
    content = {
        "deck_id": deck_id,
        "topic_id": topic_id,
        "question": spec.question,
        "notes": spec.notes,
        "key_points": json.dumps(list(spec.key_points), ensure_ascii=False),
        "level": spec.level,
        "tags": json.dumps(list(spec.tags), ensure_ascii=False),
        "sources": spec.sources,
        "source_file": path_key,
        "position": position,
        "active": True,
    }
    row = session.exec(select(CardRow).where(CardRow.key == key)).first()
    if row is None:
        row = CardRow(key=key, created_at=now, updated_at=now, **content)
        session.add(row)
        session.flush()
        assert row.id is not None
        session.add(CardStateRow(card_id=row.id, deck_id=deck_id, topic_id=topic_id, active=True, new_order=position))
        return "added"
    changed = {k: v for k, v in content.items() if getattr(row, k) != v}
    if not changed:
        return "unchanged"
    for k, v in changed.items():
        setattr(row, k, v)
    row.updated_at = now
    session.add(row)
    if changed.keys() & {"deck_id", "topic_id", "active", "position"}:
        _copy_to_state(session, row)
    content_keys = {"question", "notes", "key_points", "level", "tags", "sources", "deck_id", "topic_id", "active"}
    return "updated" if content_keys & changed.keys() else "unchanged"


def _copy_to_state(session: Session, card: CardRow) -> None:
    """Keep card_state's copies of deck, topic, active flag and position equal to the card's."""
    state = session.get(CardStateRow, card.id)
    if state is not None:
        state.deck_id, state.topic_id, state.active = card.deck_id, card.topic_id, card.active
        state.new_order = card.position
        session.add(state)


def _deactivate_missing(session: Session, path_key: str, keep: set[str], now: str) -> list[str]:
    rows = session.exec(select(CardRow).where(CardRow.source_file == path_key, col(CardRow.active).is_(True))).all()
    gone = []
    for row in rows:
        if row.key not in keep:
            row.active = False
            row.updated_at = now
            session.add(row)
            _copy_to_state(session, row)
            gone.append(row.key)
    return gone


def grade_card(
    engine: Engine, card_id: int, expected: Sm2State, grade: int, day: date, now: str, seconds: float
) -> GradeResult:
    """Apply `grade` to a card and log it, committed in one transaction before returning.

    Raises StaleCardError if the card's stored state is not `expected` (already graded),
    NotFoundError for an unknown card and ValueError for a grade outside 0-5.
    """
    sm2.validate_grade(grade)
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(CardStateRow, card_id)
        if row is None:
            raise NotFoundError(f"no card with id {card_id}")
        before = _state_from_row(row)
        if before != expected:
            raise StaleCardError(f"card {card_id} changed since it was shown; grade not applied")
        outcome = sm2.review(before, grade, day)
        after = outcome.state
        review = ReviewRow(
            card_id=card_id,
            reviewed_at=now,
            study_day=day.isoformat(),
            grade=grade,
            kind=outcome.kind,
            seconds=round(max(0.0, seconds), 3),
            repetitions_before=before.repetitions,
            ef_before=before.ef_x100,
            interval_before=before.interval,
            due_before=_iso(before.due),
            repeat_day_before=_iso(before.repeat_day),
            lapses_before=before.lapses,
            repetitions_after=after.repetitions,
            ef_after=after.ef_x100,
            interval_after=after.interval,
            due_after=_iso(after.due),
            repeat_day_after=_iso(after.repeat_day),
            lapses_after=after.lapses,
        )
        _write_state(row, after)
        row.last_review_at = now
        session.add(row)
        session.add(review)
        session.commit()
        assert review.id is not None
        return GradeResult(review.id, card_id, grade, outcome.kind, after, outcome.explanation)


def _write_state(row: CardStateRow, state: Sm2State) -> None:
    row.repetitions = state.repetitions
    row.ef_x100 = state.ef_x100
    row.interval = state.interval
    row.due = _iso(state.due)
    row.repeat_day = _iso(state.repeat_day)
    row.lapses = state.lapses


def undo_last(engine: Engine, day: date) -> int:
    """Remove the newest review of study day `day` (by time, so imported history never gets in
    the way) and restore the card's prior state.

    Returns the card id. Raises NothingToUndoError if no review of that day exists, or if the
    card has moved on since that review (undoing it then would corrupt the card's state).
    """
    with Session(engine) as session:
        review = session.exec(
            select(ReviewRow)
            .where(ReviewRow.study_day == day.isoformat())
            .order_by(col(ReviewRow.reviewed_at).desc(), col(ReviewRow.id).desc())
            .limit(1)
        ).first()
        if review is None:
            raise NothingToUndoError("nothing to undo today")
        row = session.get(CardStateRow, review.card_id)
        assert row is not None
        after = (review.repetitions_after, review.ef_after, review.interval_after, review.due_after, review.lapses_after)
        if (row.repetitions, row.ef_x100, row.interval, row.due, row.lapses) != after:
            raise NothingToUndoError("the card has changed since its last review today; nothing was undone")
        _write_state(row, _state_before(review))
        previous = session.exec(
            select(ReviewRow.reviewed_at)
            .where(ReviewRow.card_id == review.card_id, col(ReviewRow.id) != review.id)
            .order_by(col(ReviewRow.reviewed_at).desc())
            .limit(1)
        ).first()
        row.last_review_at = previous
        session.add(row)
        session.delete(review)
        session.commit()
        return review.card_id


def bury(engine: Engine, card_id: int, day: date) -> None:
    """Hide a card until the study day after `day`."""
    _update_state(engine, card_id, buried_until=(day + timedelta(days=1)).isoformat())


def set_suspended(engine: Engine, card_id: int, suspended: bool) -> None:
    """Suspend a card (out of every queue until unsuspended) or unsuspend it."""
    _update_state(engine, card_id, suspended=suspended)


def _update_state(engine: Engine, card_id: int, **values: object) -> None:
    with Session(engine) as session:
        row = session.get(CardStateRow, card_id)
        if row is None:
            raise NotFoundError(f"no card with id {card_id}")
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
        session.commit()


def save_settings(engine: Engine, values: dict[str, str]) -> None:
    """Store settings (text values) in one transaction."""
    with Session(engine) as session:
        for key, value in values.items():
            session.merge(SettingRow(key=key, value=value))
        session.commit()
