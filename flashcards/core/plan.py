"""Interview plans as pure arithmetic: new-card pace, the final review window and a day-by-day projection.

The rules, pinned here (today is always an argument):

- A plan runs from today to the day before its interview; on the interview day and after it,
  normal SM-2 scheduling resumes (the plan has ended).
- A card counts as *introduced* on its first grade, which is its first review. With grades of 4
  (ASSUMED_GRADE) SM-2 gives I(1) = 1 and I(2) = 6, so the third review comes 1 + 6 = 7 days after
  the introduction (introduction_offset, replayed through sm2.review rather than hard-coded). For
  three reviews by the day before the interview, a card must be introduced by
  latest_introduction(D) = D - 1 - 7 = D - 8.
- The pace is the new cards a day that introduce every remaining card of the scope by that day:
  ceil(new cards at the start of today / days from today to the latest introduction day). When
  that day has passed, the remaining cards are spread over the days left (they will get fewer than
  three reviews; the plan counts them as short). The queue's new-card limit becomes the larger of
  the Settings limit and the pace (the paces of several interviews add up), and the queue serves the
  interviews' cards before the others (reviews and new cards alike).
- A review whose SM-2 due day falls on or after the interview day is brought forward into the final
  window: the FINAL_WINDOW_DAYS days before the interview. It goes to the latest window day that has
  fewer cards due than the daily review limit; when every window day is full, the card keeps its
  SM-2 due day and *misses* the window. A review inside the window is the card's final review and is
  not moved again. Setting an interview brings the cards already due after it into the window the
  same way (from today). SM-2's n, EF and I are never changed: only the due day moves.
- A card belongs to the soonest upcoming interview whose scope covers it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from flashcards.core import sm2
from flashcards.core.sm2 import Grade, Sm2State

REVIEWS_WANTED = 3
FINAL_WINDOW_DAYS = 3
ASSUMED_GRADE = Grade.CORRECT_HESITANT
ROLES = ("mle", "ds")
MATURE_DAYS = 21  # as core.stats.MATURE_DAYS (kept here so this module needs only sm2)


def short_day(day: date) -> str:
    """`Fri 18 Dec`: how plans name days."""
    return f"{day:%a} {day.day} {day:%b}"


@dataclass(frozen=True)
class InterviewScope:
    """Which cards an interview covers: a role, or chosen decks and topic slugs; nothing chosen is every card."""

    role: str | None = None
    decks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        """True when no role, deck or topic narrows the scope."""
        return not (self.role or self.decks or self.topics)

    def covers(self, deck: str, role: str | None, topic: str | None) -> bool:
        """True if a card of `deck` (whose role is `role`) in topic `topic` is in scope."""
        if self.everything:
            return True
        if self.role is not None and role == self.role:
            return True
        if deck.casefold() in {d.casefold() for d in self.decks}:
            return True
        return topic is not None and topic in self.topics

    def label(self) -> str:
        """`role mle`, `decks A, B`, `topics x`, or `every deck`."""
        parts = []
        if self.role:
            parts.append(f"role {self.role}")
        if self.decks:
            parts.append(("deck " if len(self.decks) == 1 else "decks ") + ", ".join(self.decks))
        if self.topics:
            parts.append(("topic " if len(self.topics) == 1 else "topics ") + ", ".join(self.topics))
        return " + ".join(parts) or "every deck"


@dataclass(frozen=True)
class Interview:
    """An interview: its day and scope."""

    id: int
    day: date
    scope: InterviewScope = InterviewScope()
    title: str = ""

    def label(self) -> str:
        """`ML onsite on Fri 18 Dec 2026 (role mle)`."""
        name = self.title or "interview"
        return f"{name} on {short_day(self.day)} {self.day.year} ({self.scope.label()})"


def upcoming(interviews: Iterable[Interview], today: date) -> list[Interview]:
    """The interviews after `today`, soonest first (a plan ends on its interview day)."""
    return sorted((i for i in interviews if i.day > today), key=lambda i: (i.day, i.id))


def governing(interviews: Iterable[Interview], today: date, deck: str, role: str | None,
              topic: str | None) -> Interview | None:
    """The soonest upcoming interview whose scope covers a card of `deck`/`role`/`topic`, or None."""
    for interview in upcoming(interviews, today):
        if interview.scope.covers(deck, role, topic):
            return interview
    return None


# -- pacing -------------------------------------------------------------------------------------


def introduction_offset(reviews: int = REVIEWS_WANTED) -> int:
    """Days from a card's first grade to its `reviews`-th review when every grade is ASSUMED_GRADE (7 for 3)."""
    start = day = date(2000, 1, 3)
    state = Sm2State()
    for _ in range(reviews - 1):
        state = sm2.review(state, ASSUMED_GRADE, day).state
        assert state.due is not None
        day = state.due
    return (day - start).days


def latest_introduction(interview_day: date, reviews: int = REVIEWS_WANTED) -> date:
    """The last day a new card can be introduced and still get `reviews` reviews before `interview_day`."""
    return interview_day - timedelta(days=1 + introduction_offset(reviews))


def new_pace(new_cards: int, today: date, interview_day: date) -> int:
    """New cards a day from `today` so that `new_cards` are all introduced in time (see the module text).

    0 when there are none or the interview day has come. Raises nothing; a day in the past is an ended plan.
    """
    if new_cards <= 0 or today >= interview_day:
        return 0
    last = latest_introduction(interview_day)
    if last < today:
        last = interview_day - timedelta(days=1)
    return -(-new_cards // ((last - today).days + 1))


def new_limit(base: int, paces: Iterable[int]) -> int:
    """Today's new-card limit: the Settings limit `base`, raised to the plans' paces added up."""
    return max(base, sum(paces))


# -- the final window -----------------------------------------------------------------------------


def final_window(reviewed: date, interview_day: date) -> tuple[date, ...]:
    """The days a card reviewed on `reviewed` may be brought forward to, earliest first: the
    FINAL_WINDOW_DAYS days before the interview, none of them before `reviewed`. A review inside the
    window is itself the card's final review: its window is empty."""
    first = interview_day - timedelta(days=FINAL_WINDOW_DAYS)
    if reviewed >= first:
        return ()
    return window_from(first, interview_day)


def window_from(first: date, interview_day: date) -> tuple[date, ...]:
    """The final-window days from `first` (at the earliest the window's own first day) to the day before the interview."""
    first = max(first, interview_day - timedelta(days=FINAL_WINDOW_DAYS))
    return tuple(first + timedelta(days=k) for k in range((interview_day - first).days))


@dataclass(frozen=True)
class Move:
    """Where a due day goes: `due` (moved or not), and whether the card found no room in the window."""

    due: date
    moved: bool = False
    missed: bool = False


def place(due: date, window: Sequence[date], load: Mapping[date, int], limit: int) -> Move:
    """The latest day of `window` with fewer than `limit` cards due (`load`), else `due` missing the window."""
    for day in reversed(window):
        if load.get(day, 0) < limit:
            return Move(day, moved=True)
    return Move(due, missed=bool(window))


def bring_forward(due: date, reviewed: date, interview_day: date, load: Mapping[date, int], limit: int) -> Move:
    """The due day of a card reviewed on `reviewed` with SM-2 due day `due`, given the cards already
    due per day (`load`) and the daily review limit: the latest final-window day with room, else `due`."""
    if not reviewed < interview_day <= due:
        return Move(due)
    return place(due, final_window(reviewed, interview_day), load, limit)


@dataclass(frozen=True)
class Spread:
    """Cards brought into the final window when a plan is set: card id -> new due, and those that missed."""

    moves: Mapping[int, date]
    missed: tuple[int, ...]


def spread(dues: Sequence[tuple[int, date]], today: date, interview_day: date, load: Mapping[date, int],
           limit: int) -> Spread:
    """Bring every (card id, SM-2 due) due on or after the interview into the window from `today`, soonest
    SM-2 due first, each to the latest day with room (`load` counts the cards already due per day)."""
    counts = dict(load)
    window = window_from(today, interview_day)
    moves: dict[int, date] = {}
    missed = []
    for card_id, due in sorted(dues, key=lambda d: (d[1], d[0])):
        if not today < interview_day <= due:
            continue
        move = place(due, window, counts, limit)
        if move.moved:
            moves[card_id] = move.due
            counts[move.due] = counts.get(move.due, 0) + 1
        elif move.missed:
            missed.append(card_id)
    return Spread(moves, tuple(missed))


def fitting_limit(cards: int, window: Sequence[date], load: Mapping[date, int], limit: int) -> int | None:
    """The smallest daily review limit at which `cards` more cards fit in `window` (None if there is no window)."""
    if not window:
        return None
    fits = limit
    while sum(max(0, fits - load.get(day, 0)) for day in window) < cards:
        fits += 1
    return fits


# -- the projection -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCard:
    """A card of the plan's scope as the projection needs it."""

    id: int
    state: Sm2State
    new_order: int = 0
    reviews: int = 0  # scheduled reviews so far (same-day repeats not counted)
    buried_until: date | None = None
    forward: bool = False  # its due day was brought forward by a plan
    in_scope: bool = True  # False: a card of another deck, served after the scope's (it shares the limits)

    def available(self, day: date) -> bool:
        """Not buried on `day`."""
        return self.buried_until is None or self.buried_until <= day


@dataclass(frozen=True)
class PlanDay:
    """One day of a plan: the cards introduced and reviewed, and the shares reached by its end."""

    day: date
    new: tuple[int, ...]
    reviews: tuple[int, ...]
    brought_forward: int  # of `reviews`, those brought forward into the final window
    others: tuple[int, ...]  # cards outside the scope served that day (new and reviews), after the scope's
    seen: float
    seen_three: float
    mature: float


@dataclass(frozen=True)
class Today:
    """What today's log already holds: scheduled reviews and new cards done (all decks, for the limits),
    and new cards of the scope introduced today (for the pace)."""

    reviews_done: int = 0
    new_done: int = 0
    scope_new_done: int = 0


@dataclass(frozen=True)
class Plan:
    """An interview's plan from `today`: the pace, each day to the interview, and whether it is on track."""

    interview: Interview
    today: date
    cards: int
    new_left: int
    pace: int
    new_per_day: int
    reviews_per_day: int
    latest_introduction: date
    days: tuple[PlanDay, ...]
    short: int  # cards projected to have fewer than REVIEWS_WANTED reviews by the interview
    missed: int  # reviews that found no room in the final window
    fits: int | None  # a daily review limit at which none would miss (when some do)
    seen_now: float
    seen_three_now: float
    mature_now: float

    @property
    def ended(self) -> bool:
        """True on and after the interview day."""
        return self.today >= self.interview.day

    @property
    def days_left(self) -> int:
        """Study days before the interview."""
        return max(0, (self.interview.day - self.today).days)

    @property
    def on_track(self) -> bool:
        """Every card projected to get three reviews and no review missing the final window."""
        return not self.ended and self.short == 0 and self.missed == 0

    @property
    def seen_three(self) -> float:
        """Projected share of the scope seen at least three times by the interview."""
        return self.days[-1].seen_three if self.days else self.seen_three_now

    @property
    def seen(self) -> float:
        """Projected share of the scope seen at least once by the interview."""
        return self.days[-1].seen if self.days else self.seen_now

    @property
    def mature(self) -> float:
        """Projected share of the scope mature by the interview."""
        return self.days[-1].mature if self.days else self.mature_now

    def pace_text(self) -> str:
        """`24 new a day`, with the Settings limit when the plan raises it."""
        if self.new_left == 0:
            return "every card introduced"
        text = f"{self.pace} new a day"
        if self.pace > self.new_per_day:
            text += f" (above your limit of {self.new_per_day})"
        return text

    def status_text(self, readiness: tuple[float, float] | None = None) -> str:
        """One line for the home screen: on track or not, and why; with `readiness` (now, projected) the
        readiness score's projection, else the projected shares seen three times and mature."""
        head = f"{self.interview.title or 'Interview'} {short_day(self.interview.day)} ({self.days_left} days)"
        if self.ended:
            return f"{head}: the plan has ended; normal scheduling again"
        if self.on_track:
            then = (f"readiness {readiness[0]:.2f} now, {readiness[1]:.2f} by then" if readiness else
                    f"{self.seen_three:.0%} seen 3x, {self.mature:.0%} mature by then")
            return f"{head}: on track · {self.pace_text()} · {then}"
        from flashcards.core.plan_text import problems

        return f"{head}: behind · {' · '.join(problems(self))} · {self.pace_text()}"


def _shares(cards: Mapping[int, PlanCard]) -> tuple[float, float, float]:
    """Shares of `cards` seen at least once, seen at least REVIEWS_WANTED times, and mature."""
    if not cards:
        return 0.0, 0.0, 0.0
    seen = sum(1 for c in cards.values() if not c.state.is_new)
    three = sum(1 for c in cards.values() if c.reviews >= REVIEWS_WANTED)
    mature = sum(1 for c in cards.values() if c.state.repetitions >= 2 and c.state.interval >= MATURE_DAYS)
    return seen / len(cards), three / len(cards), mature / len(cards)


def project(interview: Interview, cards: Iterable[PlanCard], today: date, new_per_day: int, reviews_per_day: int,
            done: Today = Today()) -> Plan:
    """Replay the queue day by day from `today` to the day before the interview, grading every card
    ASSUMED_GRADE: due reviews first (most overdue first, within the review limit), then new cards in
    deck order (within the limit raised to the pace), the scope's cards before the others (`in_scope`
    False: they share the daily limits and the due counts), each review's due day brought forward as
    the app does at grade time. When some reviews miss the final window, `fits` is the smallest daily review
    limit at which the same replay has none miss. Cards are not changed; an interview on or before
    `today` gives an ended plan with no days."""
    given = tuple(cards)
    plan = _replay(interview, given, today, new_per_day, reviews_per_day, done)
    if not plan.missed:
        return plan
    low, high = reviews_per_day + 1, max(reviews_per_day, len(given)) + 1
    while low < high:  # the smallest limit with nothing missed (a day can hold every card at len(given) + 1)
        middle = (low + high) // 2
        if _replay(interview, given, today, new_per_day, middle, done).missed:
            low = middle + 1
        else:
            high = middle
    return replace(plan, fits=low)


def _replay(interview: Interview, cards: Sequence[PlanCard], today: date, new_per_day: int, reviews_per_day: int,
            done: Today) -> Plan:
    state = {c.id: c for c in cards}
    scope = {c.id for c in cards if c.in_scope}

    def in_scope() -> dict[int, PlanCard]:
        return {i: state[i] for i in scope}

    seen_now, three_now, mature_now = _shares(in_scope())
    new_start = sum(1 for i in scope if state[i].state.is_new) + done.scope_new_done
    days: list[PlanDay] = []
    missed = 0
    load: dict[date, int] = {}
    for c in state.values():
        if c.state.due is not None:
            load[c.state.due] = load.get(c.state.due, 0) + 1
    forward = {c.id for c in state.values() if c.state.due is not None and c.forward}
    day, first = today, True
    while day < interview.day:
        new_today = sum(1 for i in scope if state[i].state.is_new) + (done.scope_new_done if first else 0)
        pace = new_pace(new_today, day, interview.day)
        reviews_left = reviews_per_day - (done.reviews_done if first else 0)
        new_left = new_limit(new_per_day, [pace]) - (done.new_done if first else 0)
        # The queue serves the scope's cards first (services/plan.py), each kind in its own order.
        due = sorted((c for c in state.values() if c.state.due is not None and c.state.due <= day and c.available(day)),
                     key=lambda c: (not c.in_scope, c.state.due, c.new_order, c.id))[: max(0, reviews_left)]
        fresh = sorted((c for c in state.values() if c.state.is_new and c.available(day)),
                       key=lambda c: (not c.in_scope, c.new_order, c.id))[: max(0, new_left)]
        moved = sum(1 for c in due if c.id in forward)
        for card in [*due, *fresh]:
            after = sm2.review(card.state, ASSUMED_GRADE, day).state
            assert after.due is not None
            move = (bring_forward(after.due, day, interview.day, load, reviews_per_day) if card.in_scope
                    else Move(after.due))
            if card.state.due is not None:
                load[card.state.due] -= 1
            load[move.due] = load.get(move.due, 0) + 1
            (forward.add if move.moved else forward.discard)(card.id)
            missed += move.missed
            state[card.id] = replace(card, state=replace(after, due=move.due), reviews=card.reviews + 1)
        seen, three, mature = _shares(in_scope())
        days.append(PlanDay(
            day, tuple(c.id for c in fresh if c.in_scope), tuple(c.id for c in due if c.in_scope), moved,
            tuple(c.id for c in [*due, *fresh] if not c.in_scope), seen, three, mature,
        ))  # fmt: skip
        day, first = day + timedelta(days=1), False
    short = sum(1 for i in scope if state[i].reviews < REVIEWS_WANTED) if days else 0
    return Plan(
        interview=interview, today=today, cards=len(scope), new_left=new_start,
        pace=new_pace(new_start, today, interview.day), new_per_day=new_per_day, reviews_per_day=reviews_per_day,
        latest_introduction=latest_introduction(interview.day), days=tuple(days), short=short, missed=missed,
        fits=None, seen_now=seen_now, seen_three_now=three_now, mature_now=mature_now,
    )  # fmt: skip


def moved_note(interview: Interview | None, due: date) -> str:
    """`your interview on Fri 18 Dec brings it to Wed 16 Dec`, for the "why this interval" lines."""
    if interview is None:
        return f"an interview plan brought it forward to {short_day(due)}"
    return f"your interview on {short_day(interview.day)} brings it to {short_day(due)}"


def interview_for_move(interviews: Iterable[Interview], due: date) -> Interview | None:
    """The interview whose final window holds `due` (the soonest one after it), or None."""
    after = sorted((i for i in interviews if i.day > due), key=lambda i: (i.day, i.id))
    return after[0] if after else None
