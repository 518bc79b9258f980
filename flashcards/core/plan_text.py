"""An interview plan as text lines, shared by `flashcards plan` and the plan screen."""

from __future__ import annotations

from flashcards.core.plan import Plan, short_day, window_from

TABLE_NOTE = "Every answer assumed graded 4. moved: reviews brought into the final window."


def plan_head(plan: Plan, readiness: tuple[float, float] | None = None) -> list[str]:
    """The plan's head: the interview, the pace, readiness now and projected, and whether it is on track."""
    iv = plan.interview
    lines = [f"{iv.label()} · id {iv.id} · {plan.days_left} study days left"]
    if plan.ended:
        return [*lines, "The plan has ended: normal scheduling again."]
    lines.append(f"Cards in scope: {plan.cards} · new to introduce: {plan.new_left} by "
                 f"{short_day(plan.latest_introduction)}")
    lines.append(f"Pace: {plan.pace_text()}")
    lines.append(f"Final window: {window_text(plan)}, up to {plan.reviews_per_day} reviews a day")
    if readiness is not None:
        lines.append(f"Readiness {readiness[0]:.2f} now, {readiness[1]:.2f} projected by the interview")
    lines.append("On track." if plan.on_track else "Behind: " + " · ".join(problems(plan)))
    return lines


def window_text(plan: Plan) -> str:
    """`Mon 14 - Wed 16 Dec` (the final window's days from today), or `none left`."""
    days = window_from(plan.today, plan.interview.day)
    if not days:
        return "none left"
    return f"{short_day(days[0])} - {short_day(days[-1])}" if len(days) > 1 else short_day(days[0])


def problems(plan: Plan) -> list[str]:
    """Why a plan is not on track (empty when it is)."""
    found = []
    if plan.short:
        found.append(f"{plan.short} cards get fewer than 3 reviews")
    if plan.missed:
        found.append(f"{plan.missed} miss the final window ({plan.fits} reviews a day would fit)")
    return found


def plan_table(plan: Plan) -> list[str]:
    """A row per day: new cards, reviews, reviews brought forward, shares seen three times and mature."""
    lines = [f"{'day':<10}  {'new':>5}  {'reviews':>7}  {'moved':>5}  {'seen 3x':>7}  {'mature':>6}"]
    for d in plan.days:
        lines.append(f"{short_day(d.day):<10}  {len(d.new):>5}  {len(d.reviews):>7}  {d.brought_forward:>5}  "
                     f"{d.seen_three:>7.0%}  {d.mature:>6.0%}")
    return lines
