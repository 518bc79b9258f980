"""Map an Anki card's scheduling state and review log onto SM-2 states and review rows.

The mapping, pinned here:

- New cards (type 0) stay new.
- Review cards (type 2): interval = Anki's interval, E-Factor = Anki's ease (2500 permille -> 2.50,
  never below 1.30), repetitions = the run of passed reviews at the end of the log but at least 2,
  so SM-2 keeps growing the interval from Anki's (with 0 or 1 it would restart at 1 or 6 days).
- Learning cards (type 1): repetitions 0 and interval 0, due on the day Anki has them due.
- Relearning cards (type 3): a lapse in SM-2 terms: repetitions 0, interval 1, E-Factor kept.
- Due days: review cards count days from the collection's creation; learning cards carry a Unix
  time. Cards in a filtered deck use their home deck's due (`odue`).
- Lapses carry over; suspended cards (queue -1) stay suspended; buried cards are not buried.
- Review log: Anki's buttons 1-4 become SM-2 grades 1, 3, 4, 5 (as in four-key mode); the first
  review of a card on a study day is a `review`, further ones that day are `repeat`s; manual
  reschedules (no button) are left out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flashcards.core.clock import DayRule, to_utc_text
from flashcards.core.import_models import ImportedHistory, ImportedReview
from flashcards.core.models import FOUR_KEY_GRADES
from flashcards.core.sm2 import EF_INITIAL_X100, EF_MIN_X100, MAX_INTERVAL_DAYS, Sm2State, clamp_interval
from flashcards.importers.anki_collection import AnkiCard, RevlogEntry

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
REVLOG_REVIEW = 1
QUEUE_SUSPENDED = -1
_TIMESTAMP_FLOOR = 1_000_000_000  # a `due` this large is a Unix time, not a day number


def map_history(card: AnkiCard, log: list[RevlogEntry], crt: int, rule: DayRule) -> ImportedHistory:
    """The SM-2 state, suspension and review rows for one Anki card; `crt` is the collection's creation time."""
    reviews = map_reviews(log, rule)
    last = reviews[-1].reviewed_at if reviews else None
    return ImportedHistory(
        state=map_state(card, log, crt, rule),
        suspended=card.queue == QUEUE_SUSPENDED,
        last_review_at=last,
        reviews=reviews,
    )


def map_state(card: AnkiCard, log: list[RevlogEntry], crt: int, rule: DayRule) -> Sm2State:
    """The SM-2 state equivalent to an Anki card's scheduling fields (see the module docstring)."""
    if card.type == NEW:
        return Sm2State()
    ef = _ef(card.factor)
    due = _due_day(card, crt, rule)
    if card.type == REVIEW:
        return Sm2State(
            repetitions=max(2, _passed_run(log)),
            ef_x100=ef,
            interval=max(1, clamp_interval(card.ivl)),
            due=due,
            lapses=card.lapses,
        )
    if card.type == RELEARNING:
        return Sm2State(repetitions=0, ef_x100=ef, interval=1, due=due, lapses=card.lapses)
    return Sm2State(repetitions=0, ef_x100=ef, interval=0, due=due, lapses=card.lapses)


def _ef(factor: int) -> int:
    return max(EF_MIN_X100, round(factor / 10)) if factor > 0 else EF_INITIAL_X100


def _due_day(card: AnkiCard, crt: int, rule: DayRule) -> date:
    """The card's due study day; a due date out of the calendar's range (a hostile or broken file) becomes
    the latest the scheduler allows from the collection's creation day."""
    due = card.odue if card.odid else card.due
    try:
        created = datetime.fromtimestamp(crt, rule.zone).date()
    except (OverflowError, OSError, ValueError):
        created = date(1970, 1, 1)
    latest = created + timedelta(days=2 * MAX_INTERVAL_DAYS)
    try:
        if due >= _TIMESTAMP_FLOOR:
            return min(rule.study_day(datetime.fromtimestamp(due, UTC)), latest)
        # Anki's day 0 is the local calendar date of the collection's creation time (which Anki sets
        # to its own rollover hour), whatever our rollover hour is.
        return created + timedelta(days=min(max(due, -MAX_INTERVAL_DAYS), 2 * MAX_INTERVAL_DAYS))
    except (OverflowError, OSError, ValueError):
        return latest


def _passed_run(log: list[RevlogEntry]) -> int:
    """Passed reviews (type review, button 2-4) since the last failed answer of any kind."""
    run = 0
    for entry in reversed(log):
        if entry.ease == 1:
            break
        run += entry.type == REVLOG_REVIEW and entry.ease > 1
    return run


def map_reviews(log: list[RevlogEntry], rule: DayRule) -> tuple[ImportedReview, ...]:
    """Anki review log rows (oldest first) as SM-2 review rows with before/after states."""
    out: list[ImportedReview] = []
    reps, ef, lapses = 0, EF_INITIAL_X100, 0
    due: date | None = None
    seen_days: set[date] = set()
    for entry in log:
        if entry.ease not in FOUR_KEY_GRADES:
            continue
        try:
            at = datetime.fromtimestamp(entry.id / 1000, UTC)
            day = rule.study_day(at)
        except (OverflowError, OSError, ValueError):
            continue  # a review time outside the calendar: not a real review
        if day > date.max - timedelta(days=MAX_INTERVAL_DAYS):
            continue
        passed = entry.ease > 1
        reps_after = reps + (entry.type == REVLOG_REVIEW) if passed else 0
        lapses_after = lapses + (not passed and entry.type == REVLOG_REVIEW)
        ef_after = _ef(entry.factor) if entry.factor > 0 else ef
        interval_after = clamp_interval(entry.ivl)
        due_after = day + timedelta(days=interval_after)
        out.append(
            ImportedReview(
                reviewed_at=to_utc_text(at),
                study_day=day,
                grade=FOUR_KEY_GRADES[entry.ease],
                kind="repeat" if day in seen_days else "review",
                seconds=round(max(entry.time, 0) / 1000, 3),
                repetitions_before=reps,
                repetitions_after=reps_after,
                ef_before=ef,
                ef_after=ef_after,
                interval_before=clamp_interval(entry.last_ivl),
                interval_after=interval_after,
                due_before=due,
                due_after=due_after,
                lapses_before=lapses,
                lapses_after=lapses_after,
            )
        )
        seen_days.add(day)
        reps, ef, lapses, due = reps_after, ef_after, lapses_after, due_after
    return tuple(out)
