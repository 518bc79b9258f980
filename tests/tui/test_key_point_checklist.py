"""The key-point checklist on its own: one key per point, a click toggles, `t` ticks all, text is literal, no key clash."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.widgets.key_point_checklist import ALL_KEY, POINT_KEYS, KeyPointChecklist

NASTY = "x[i] [/] [@click=app.quit]q[/] \x1b[2J"


class ChecklistApp(App[None]):
    """The checklist alone, focused, recording every Changed message."""

    def __init__(self, points: tuple[str, ...]) -> None:
        super().__init__()
        self.points = points
        self.changes: list[frozenset[int]] = []

    def compose(self) -> ComposeResult:
        yield KeyPointChecklist(id="checklist")

    def on_mount(self) -> None:
        checklist = self.query_one(KeyPointChecklist)
        checklist.show(self.points)
        checklist.focus()

    def on_key_point_checklist_changed(self, message: KeyPointChecklist.Changed) -> None:
        self.changes.append(message.ticked)


async def test_keys_tick_and_untick_and_post_changes() -> None:
    app = ChecklistApp(("bias", "variance", "noise"))
    async with app.run_test(size=(60, 10)) as pilot:
        checklist = app.query_one(KeyPointChecklist)
        assert not checklist.touched
        await pilot.press("a", "f", "a")
        await pilot.pause()
        assert checklist.ticked == {2}
        assert app.changes == [{0}, {0, 2}, {2}]
        assert checklist.touched
        assert [m.said for m in checklist.marks()] == [False, False, True]
        await pilot.press("h")  # a fourth key on a three-point card does nothing
        await pilot.pause()
        assert checklist.ticked == {2}
        assert len(app.changes) == 3


async def test_tick_all_then_none() -> None:
    app = ChecklistApp(("bias", "variance"))
    async with app.run_test(size=(60, 10)) as pilot:
        checklist = app.query_one(KeyPointChecklist)
        await pilot.press("a", ALL_KEY)
        await pilot.pause()
        assert checklist.ticked == {0, 1}
        await pilot.press(ALL_KEY)
        await pilot.pause()
        assert checklist.ticked == set()


async def test_a_click_on_a_point_toggles_it() -> None:
    app = ChecklistApp(("bias", "variance", "noise"))
    async with app.run_test(size=(60, 10)) as pilot:
        checklist = app.query_one(KeyPointChecklist)
        await pilot.click(KeyPointChecklist, offset=(10, 2))  # line 0 is the header; line 2 the second point
        await pilot.pause()
        assert checklist.ticked == {1}
        await pilot.click(KeyPointChecklist, offset=(10, 2))
        await pilot.pause()
        assert checklist.ticked == set()


async def test_point_text_is_shown_literally() -> None:
    app = ChecklistApp((NASTY,))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = app.query_one(KeyPointChecklist).render()
        plain = getattr(text, "plain", str(text))
        assert "x[i] [/] [@click=app.quit]q[/] ␛[2J" in plain
        assert "\x1b" not in plain
        assert app.is_running  # the literal @click did not quit


async def test_a_card_without_points_hides_the_checklist() -> None:
    app = ChecklistApp(())
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.press("a", ALL_KEY)
        await pilot.pause()
        checklist = app.query_one(KeyPointChecklist)
        assert not checklist.display
        assert app.changes == []


def test_no_checklist_key_is_a_review_screen_or_app_key() -> None:
    review_keys = {
        key
        for binding in ReviewScreen.BINDINGS
        if isinstance(binding, Binding) and not binding.action.startswith("toggle_")  # the checklist's own, added
        for key in binding.key.split(",")
    }
    taken = review_keys | {"question_mark", "f1", "s", "q", "ctrl+p", "ctrl+q"}
    ours = set(POINT_KEYS) | {ALL_KEY}
    assert len(ours) == len(POINT_KEYS) + 1  # no key twice
    assert not ours & taken
    hosted = {b.key for b in ReviewScreen.BINDINGS if isinstance(b, Binding) and b.action.startswith("toggle_")}
    assert hosted == ours  # the review screen forwards every checklist key
