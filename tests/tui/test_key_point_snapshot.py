"""SVG snapshot of key-point grading: the checklist on the revealed answer at 80x24."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.support.pilot import reveal, start_review

SMALL = (80, 24)


def test_key_point_checklist_ticked(snap_compare, app) -> None:
    """The answer at 80x24 with two of three key points ticked (a, f): each point has its key and box,
    the header counts 2 of 3 and proposes grade 3 with its interval, the grade bar highlights 3 and says
    `Enter: 3`, and the notes keep the rest of the answer room (12+ lines, as without the checklist)."""

    async def run_before(pilot: Pilot) -> None:
        await start_review(pilot)
        await reveal(pilot)
        await pilot.press("a", "f")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
