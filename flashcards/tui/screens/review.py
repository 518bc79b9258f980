"""The review screen: question, answer on Space/Enter, grade keys, undo, bury and suspend."""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Static

from flashcards.core.errors import FlashcardsError
from flashcards.core.key_points import PointMark, proposal
from flashcards.core.models import GradeMode, GradeResult, QueueItem, QueueReason, four_key_words, grade_name
from flashcards.core.sm2 import Grade
from flashcards.services import StudyService
from flashcards.services.session import (
    ActionKind,
    CardTimer,
    Step,
    StudySession,
    grade_for_key,
    practice_grade,
    practice_step,
)
from flashcards.tui.host import HostedScreen
from flashcards.tui.messages import Failed, Graded, PutAside, StepReady, Undone
from flashcards.tui.text import fmt, plain, safe, say, short_dates, short_day, shorten
from flashcards.tui.widgets.card_face import AnswerScroll, CardFace
from flashcards.tui.widgets.footer import KeyFooter
from flashcards.tui.widgets.grade_bar import SHORT_NAMES, GradeBar, interval_label
from flashcards.tui.widgets.key_point_checklist import ChecklistHost, KeyPointChecklist, host_bindings
from flashcards.tui.widgets.session_bar import SessionBar

# The summary and card-info screens are imported when first shown (deferred): Markdown and tables
# they use are not needed to show a card.


def explanation_text(result: GradeResult, seconds: float, mode: GradeMode = GradeMode.SIX) -> Content:
    """`Graded 4 in 7 s · next review Sun 11 Jan · I(2) = 6 days; EF 2.50 -> 2.50`.

    In four-key mode the grade and the repeat rule are said as Again/Hard/Good/Easy.
    """
    due = result.state.due
    when = f"next review {short_day(due)}" if due else "no review scheduled"
    if result.state.repeat_day is not None:
        when += ", and again later today"
    four = mode == GradeMode.FOUR
    return fmt(
        "[b]Graded $grade[/b] in $secs s · $when · [i]$why[/i]",
        grade=grade_name(result.grade, four),
        secs=round(seconds),
        when=when,
        why=short_dates(four_key_words(result.explanation) if four else result.explanation),
    )


def leech_text(result: GradeResult) -> Content:
    """The leech notice: how often the card lapsed, what was done, and the way to fix it."""
    done = "suspended it" if result.suspended else "kept it in your reviews"
    return fmt(
        "[b]Leech:[/b] this card has lapsed $n times; marked as a leech and $done. "
        "Press [b]e[/b] to edit it (find leeches with is:leech in the browser).",
        n=result.state.lapses,
        done=done,
    )

# Below this height (80x24, not 100x30) the status line keeps to one line and the question loses its lower margin.
SHORT_HEIGHT = 28

PUT_ASIDE = {ActionKind.BURY: "Buried until tomorrow", ActionKind.SUSPEND: "Suspended (out of every queue)"}

# The keys that scroll a revealed answer wherever the focus is (as the answer's own keys do once it has the
# focus), so that showing the answer needs no focus change: focusing it (and blurring it on the next card)
# repainted the whole screen in a second frame and sent focus messages up the tree, ~5 ms per card.
ANSWER_SCROLL_KEYS = {"up": ("scroll_up", "↑"), "down": ("scroll_down", "↓"), "pageup": ("page_up", "PgUp"),
                      "pagedown": ("page_down", "PgDn"), "home": ("scroll_home", "Home"),
                      "end": ("scroll_end", "End")}  # fmt: skip
ANSWER_SCROLL_HELP = (" ".join(shown for _, shown in ANSWER_SCROLL_KEYS.values()), "Scroll a long answer")


class ReviewScreen(ChecklistHost, HostedScreen[None]):
    """One card at a time; every write runs in a worker and keys wait while one is in flight."""

    AUTO_FOCUS = ""  # nothing takes the focus by itself: the screen's keys reach the answer (ANSWER_SCROLL_KEYS)
    BINDINGS = [
        Binding("space", "reveal", "Show answer", tooltip="Show the answer notes, key points and grade keys"),
        Binding("enter", "reveal", "Show answer", show=False),
        Binding("enter", "accept", "Accept", show=False, tooltip="Grade as the ticked key points propose"),
        *(Binding(str(k), f"grade_key({k})", f"Grade {k}", show=False) for k in range(6)),
        Binding("u", "undo", "Undo", tooltip="Take back the last grade, bury or suspend"),
        Binding("b", "bury", "Bury", tooltip="Hide this card until tomorrow"),
        Binding("exclamation_mark", "suspend", "Suspend", key_display="!", tooltip="Take this card out of every queue"),
        Binding("i", "card_info", "Info", show=False, tooltip="This card's history, state and why it has its interval"),
        Binding("e", "edit_card", "Edit", show=False, tooltip="Edit the leech just reported, else this card"),
        Binding("g", "grade_meanings", "Meanings", show=False, tooltip="Show or hide what each grade key means"),
        Binding("escape", "end", "End", tooltip="End the session and see the summary"),
        *host_bindings(),
        *(Binding(key, f"scroll_answer('{action}')", show=False, key_display=shown)
          for key, (action, shown) in ANSWER_SCROLL_KEYS.items()),
    ]

    def __init__(self, session: StudySession, undo_first: bool = False) -> None:
        super().__init__()
        self.session = session
        self.undo_first = undo_first
        self.item: QueueItem | None = None
        self.revealed = False
        self.busy = True  # until the first card arrives
        self.ending = False
        self.leech_id: int | None = None  # the card the last leech notice was about
        self.status = Content("")  # what the status line above the grade keys says
        self.timer = CardTimer(time.monotonic)  # on the app's clock from on_mount

    @property
    def service(self) -> StudyService:
        """The app's study service."""
        return self.host.study

    @property
    def grade_mode(self) -> GradeMode:
        """Six SM-2 grade keys or four Anki-style ones, from the settings."""
        return self.host.settings.grade_mode

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield SessionBar(id="session-bar")
        yield CardFace(id="card")
        yield Static(id="explanation")
        yield GradeBar(id="grades")
        yield KeyFooter()

    def on_mount(self) -> None:
        kind = "Practice" if self.session.practice else "Review"
        self.sub_title = safe(f"{kind} · {shorten(self.session.label, 100)}")
        self.timer = CardTimer(self.host.monotonic)
        self.set_interval(1, self._tick)
        self.query_one("#grades").display = False
        self.query_one("#explanation").display = False
        self.query_one(CardFace).show_message("Loading the next card…")
        if self.undo_first:
            self._undo()
        else:
            self._load_first()

    def on_screen_suspend(self) -> None:
        # Help, card info, settings or the palette is on top: time spent there is not time on the card.
        self.timer.pause()

    def on_screen_resume(self) -> None:
        self.timer.resume()
        self._tick()

    def on_resize(self) -> None:
        height = self.size.height
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.query_one(GradeBar).fit_height(height)

    def action_grade_meanings(self) -> None:
        """Show or hide the meaning of each grade key under the one-line grade bar."""
        self.query_one(GradeBar).toggle_meanings()

    def _tick(self) -> None:
        self.query_one(SessionBar).tick(self.timer.seconds())

    # -- workers (each runs in a thread and reports back with a message) -------------------

    @work(thread=True, group="review-read")
    def _load_first(self) -> None:
        try:
            if self.session.practice:
                if self.session.card_ids:
                    self.session.practice_queue = [self.service.get_card(i) for i in self.session.card_ids]
                else:
                    self.session.practice_queue = self.service.practice_cards(self.session.scope)
                step = practice_step(self.session)
            else:
                step = self.service.start(self.session)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(StepReady(step))

    @work(thread=True, group="review-read")
    def _reload(self) -> None:
        try:
            step = self.service.reload(self.session)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(StepReady(step))

    @work(thread=True, group="review-write")
    def _grade(self, item: QueueItem, grade: Grade, seconds: float, points: tuple[PointMark, ...]) -> None:
        try:
            answered = self.service.answer(self.session, item, grade, seconds, points=points)
        except FlashcardsError as err:
            self.post_message(Failed(str(err), retry=True))
            return
        self.post_message(Graded(answered.result, seconds, answered.step))

    @work(thread=True, group="review-write")
    def _put_aside(self, kind: ActionKind, item: QueueItem) -> None:
        try:
            step = self.service.put_aside(self.session, kind, item)
        except FlashcardsError as err:
            self.post_message(Failed(str(err), retry=True))
            return
        self.post_message(PutAside(kind, item.card.question, step))

    @work(thread=True, group="review-write")
    def _undo(self) -> None:
        try:
            kind, step = self.service.take_back(self.session)
        except FlashcardsError as err:
            self.post_message(Failed(str(err)))
            return
        self.post_message(Undone(kind, step))

    # -- results ---------------------------------------------------------------------------

    def on_step_ready(self, message: StepReady) -> None:
        self.show_step(message.step)

    def show_step(self, step: Step) -> None:
        """Show the next card (question side) or finish when there is none."""
        self.busy = False
        previous, self.item = self.item, step.item
        if (
            step.item is not None
            and previous is not None
            and step.item.card.id == previous.card.id
            and step.item.reason == QueueReason.REPEAT
        ):
            self._explain(fmt("[b]Again now:[/b] the only card left today. ") + self.status)
        if self.ending or step.item is None:
            self.finish(ran_out=step.item is None)
            return
        if self.revealed:
            self.revealed = False
            self.refresh_bindings()
        self.timer.restart()
        self._tick()
        self.query_one(SessionBar).show(self.session.done, step.counts, self.session.practice)
        self.query_one(GradeBar).show(self.grade_mode, step.preview, self.session.practice)
        self.query_one("#grades").display = False
        self.query_one(CardFace).show(step.item.card, step.item.reason)

    def on_graded(self, message: Graded) -> None:
        result = message.result
        if result.leech:
            self.leech_id = result.card_id
            self._explain(leech_text(result))  # the notice stays in the status line, over no content
        else:
            self._explain(explanation_text(result, message.seconds, self.grade_mode))
        self.show_step(message.step)

    def on_put_aside(self, message: PutAside) -> None:
        self._explain(fmt("[b]$what:[/b] $q  (u to undo)", what=PUT_ASIDE[message.kind], q=shorten(message.question, 50)))
        self.show_step(message.step)

    def on_undone(self, message: Undone) -> None:
        self._explain(
            fmt("[b]Undone:[/b] the last $what was taken back; the card is as it was.", what=message.kind.value)
        )
        self.show_step(message.step)

    def on_failed(self, message: Failed) -> None:
        say(self, message.text, severity="error")
        if message.retry:
            self._reload()
            return
        self.busy = False
        if self.item is None:
            self.query_one(CardFace).show_message(f"{message.text}\nPress Esc to go back.")
        if self.ending:
            self.finish()

    def _explain(self, text: Content) -> None:
        self.status = text
        status = self.query_one("#explanation", Static)
        status.update(text)
        status.display = bool(text.plain)  # an empty status line would take a line from the answer

    def notice(self, text: str) -> None:
        """Show `text` on the status line above the grade keys (a toast would cover them)."""
        self._explain(plain(text))

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Constant per session, so the footer is rebuilt only when the answer is shown or hidden.
        if action in ("undo", "bury", "suspend"):
            return not self.session.practice
        if action == "reveal":
            return not self.revealed  # False hides it from the footer once the answer is on screen
        if action in ("toggle_point", "toggle_all_points", "scroll_answer"):
            return self.revealed
        if action == "accept":  # Enter grades only once the user ticked: plain grading is as before
            return self.revealed and self.proposed is not None
        return True

    def action_reveal(self) -> None:
        """Show the answer notes, key points and grade keys."""
        if self.item is None or self.revealed:
            return
        self.revealed = True
        self.refresh_bindings()
        self.query_one(CardFace).set_revealed(True)
        self.query_one("#grades").display = True

    def action_scroll_answer(self, action: str) -> None:
        """Scroll the revealed answer as its own key for `action` (e.g. `page_down`) would."""
        getattr(self.query_one(AnswerScroll), f"action_{action}")()

    def action_grade_key(self, key: int) -> None:
        """Grade the revealed card with the grade `key` stands for in the current mode."""
        grade = grade_for_key(self.grade_mode, key)
        if grade is not None:
            self._submit(grade)

    def action_accept(self) -> None:
        """Grade the revealed card with the grade its ticked key points propose."""
        if self.proposed is not None:
            self._submit(self.proposed)

    def _submit(self, grade: Grade) -> None:
        """Grade the card shown (with the checklist's points once the user ticked any)."""
        item = self.item
        if item is None or not self.revealed or self.busy:
            return
        self.busy = True
        seconds = self.timer.seconds()
        if self.session.practice:
            name = grade_name(grade, self.grade_mode == GradeMode.FOUR)
            self._explain(fmt("[b]Practice graded $grade[/b]: not recorded.", grade=name))
            self.show_step(practice_grade(self.session, item, grade, seconds))
            return
        checklist = self.query_one(KeyPointChecklist)
        self._grade(item, grade, seconds, checklist.marks() if checklist.touched else ())

    # -- the key-point checklist -------------------------------------------------------------

    @property
    def proposed(self) -> Grade | None:
        """The grade the ticked key points propose, or None before the user ticked anything on this card."""
        checklist = self.query_one(KeyPointChecklist)
        if not checklist.touched:
            return None
        return proposal(checklist.total, checklist.said, self.grade_mode)

    def on_key_point_checklist_changed(self, message: KeyPointChecklist.Changed) -> None:
        grade = self.proposed
        self.query_one(GradeBar).propose(grade)
        if grade is not None:
            message.checklist.set_note(self.proposal_note(grade))

    def proposal_note(self, grade: Grade) -> Content:
        """`proposed 3 hard, today · Enter` (four keys: `proposed Hard, today · Enter`)."""
        four = self.grade_mode == GradeMode.FOUR
        name = grade_name(grade, True) if four else f"{int(grade)} {SHORT_NAMES[grade]}"
        preview = self.query_one(GradeBar).preview
        when = "" if self.session.practice or grade not in preview else f", {interval_label(preview[grade])}"
        return fmt("proposed [b]$name[/b]$when · [b]Enter[/b]", name=name, when=when)

    def action_undo(self) -> None:
        """Take back the last grade, bury or suspend."""
        if self.busy or self.session.practice:
            return
        self.busy = True
        self._undo()

    def action_bury(self) -> None:
        """Hide this card until tomorrow."""
        self._start_put_aside(ActionKind.BURY)

    def action_suspend(self) -> None:
        """Take this card out of every queue."""
        self._start_put_aside(ActionKind.SUSPEND)

    def _start_put_aside(self, kind: ActionKind) -> None:
        if self.busy or self.item is None or self.session.practice:
            return
        self.busy = True
        self._put_aside(kind, self.item)

    def action_card_info(self) -> None:
        """Show the current card's review history, SM-2 state and interval explanation."""
        if self.item is None:
            return
        from flashcards.tui.screens.card_info import CardInfoScreen

        self.app.push_screen(CardInfoScreen(self.host.services.stats, self.item.card.id))

    def action_edit_card(self) -> None:
        """Edit the leech just reported (or else the card shown) in the card form."""
        card_id = self.leech_id if self.leech_id is not None else (self.item.card.id if self.item else None)
        if card_id is None or self.session.practice and self.leech_id is None and self.item is None:
            return
        from flashcards.tui.screens.card_edit import CardEditScreen

        self.app.push_screen(CardEditScreen(card_id=card_id))

    def action_end(self) -> None:
        """End the session (after any grade in flight) and show the summary."""
        if self.busy:
            self.ending = True
            return
        self.finish()

    def finish(self, ran_out: bool = False) -> None:
        """Show the summary, or go straight home if nothing was done."""
        from flashcards.tui.screens.summary import SummaryScreen

        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()  # help or card info opened while the last grade was saving
        if self.session.done or self.session.history:
            self.app.switch_screen(SummaryScreen(self.session))
            return
        stack = self.app.screen_stack
        below = stack[stack.index(self) - 1] if self in stack and stack.index(self) > 0 else None
        self.app.pop_screen()
        if ran_out and not self.ending:
            from flashcards.tui.screens.home import HomeScreen  # loaded at startup; imported here to avoid a cycle

            if isinstance(below, HomeScreen):
                below.nothing_to_study(self.session.scope, self.session.label, self.session.practice)
            else:
                say(self, f"Nothing to study in {self.session.label} right now.")

    def palette_commands(self) -> list[SystemCommand]:
        """Command palette entries for this screen."""
        commands = [
            SystemCommand("Show answer", "Reveal the notes and key points", self.action_reveal),
            SystemCommand("End session", "Show the session summary", self.action_end),
        ]
        if not self.session.practice:
            commands += [
                SystemCommand("Undo", "Take back the last grade, bury or suspend", self.action_undo),
                SystemCommand("Bury card", "Hide this card until tomorrow", self.action_bury),
                SystemCommand("Suspend card", "Take this card out of every queue", self.action_suspend),
            ]
        return commands
