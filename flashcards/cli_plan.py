"""`flashcards plan ...`: set, list and remove interviews, and print each one's plan day by day (the plan service's calls).

A bad date, role, deck or id is one line on stderr and exit code 1, with nothing written.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from flashcards.core.plan import ROLES, Interview, InterviewScope, Plan
from flashcards.core.safe_text import json_visible, visible

if TYPE_CHECKING:
    from flashcards.core.readiness import ReadinessProjection
    from flashcards.services import Services


def _echo(text: str = "", err: bool = False) -> None:
    click.echo(visible(text), err=err)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.ClickException(f"--date {text!r}: not a date (use YYYY-MM-DD)") from None


def interview_json(interview: Interview) -> dict[str, Any]:
    """An interview as JSON."""
    scope = interview.scope
    return {"id": interview.id, "day": interview.day.isoformat(), "title": interview.title, "role": scope.role,
            "decks": list(scope.decks), "topics": list(scope.topics), "scope": scope.label()}


def plan_json(plan: Plan, ready: ReadinessProjection) -> dict[str, Any]:
    """A plan as JSON: the figures and one object per day (card ids of the new cards and reviews)."""
    return {
        "interview": interview_json(plan.interview), "today": plan.today.isoformat(), "ended": plan.ended,
        "on_track": plan.on_track, "cards": plan.cards, "new_left": plan.new_left, "pace": plan.pace,
        "new_per_day": plan.new_per_day, "reviews_per_day": plan.reviews_per_day,
        "latest_introduction": plan.latest_introduction.isoformat(), "short": plan.short, "missed": plan.missed,
        "fits": plan.fits, "seen_three": round(plan.seen_three, 4), "mature": round(plan.mature, 4),
        "readiness": {"now": ready.now, "then": ready.then},
        "days": [
            {"day": d.day.isoformat(), "new": len(d.new), "reviews": len(d.reviews), "brought_forward": d.brought_forward,
             "seen": round(d.seen, 4), "seen_three": round(d.seen_three, 4), "mature": round(d.mature, 4),
             "new_cards": list(d.new), "review_cards": list(d.reviews)}
            for d in plan.days
        ],
    }  # fmt: skip


def plan_lines(plan: Plan, ready: ReadinessProjection) -> list[str]:
    """The plan as text: the head, then a row per day."""
    from flashcards.core.plan_text import TABLE_NOTE, plan_head, plan_table

    head = plan_head(plan, (ready.now, ready.then))
    return head if plan.ended else [*head, "", *plan_table(plan), TABLE_NOTE]


@click.command("plan")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Set an interview on this day (then print its plan).")
@click.option("--role", type=click.Choice(ROLES), help="The interview covers this role's decks.")
@click.option("--deck", "decks", multiple=True, metavar="NAME", help="The interview covers deck NAME (repeatable).")
@click.option("--topic", "topics", multiple=True, metavar="SLUG", help="The interview covers topic SLUG (repeatable).")
@click.option("--title", default="", help="A name for the interview, e.g. 'Acme onsite'.")
@click.option("--list", "list_only", is_flag=True, help="List the interviews, past ones too.")
@click.option("--remove", "remove", type=int, metavar="ID", help="Remove interview ID; its plan's moves are undone.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def plan_cmd(services: Services, day: str | None, role: str | None, decks: tuple[str, ...], topics: tuple[str, ...],
             title: str, list_only: bool, remove: int | None, as_json: bool) -> None:
    """Plan toward interviews: print each upcoming interview's plan day by day, or set, list or remove one.

    Without --role, --deck or --topic an interview covers every deck. Until its day, new cards are paced
    so each gets three reviews by then, and reviews due after it are brought into the last days before it.
    """
    from flashcards.cli import opened

    if (role or decks or topics or title) and day is None:
        raise click.UsageError("--role, --deck, --topic and --title describe a new interview: give --date too")
    plans = opened(services, backup=False).plan
    if remove is not None:
        back = plans.remove(remove)
        _echo(json.dumps({"removed": remove, "cards_moved_back": back}) if as_json
              else f"removed interview {remove}; {back} card(s) back on their SM-2 due days")
        return
    if list_only:
        listed = plans.interviews()
        if as_json:
            click.echo(json_visible(json.dumps({"interviews": [interview_json(i) for i in listed]}, ensure_ascii=False)))
            return
        for interview in listed:
            _echo(f"{interview.id:>4}  {interview.day.isoformat()}  {interview.label()}")
        if not listed:
            _echo("no interviews set (add one with `flashcards plan --date YYYY-MM-DD`)", err=True)
        return
    chosen: list[Plan]
    if day is not None:
        interview, spread = plans.add(_day(day), InterviewScope(role, decks, topics), title)
        if not as_json:
            _echo(f"interview {interview.id} set: {interview.label()}")
            if spread.moves or spread.missed:
                _echo(f"{len(spread.moves)} card(s) due after it brought into its final window"
                      + (f"; {len(spread.missed)} found no room at your review limit" if spread.missed else ""))
            _echo("")
        chosen = [plans.plan(interview)]
    else:
        chosen = plans.plans()
    if as_json:
        data = {"plans": [plan_json(p, plans.readiness(p)) for p in chosen]}
        click.echo(json_visible(json.dumps(data, ensure_ascii=False)))
        return
    if not chosen:
        _echo("no upcoming interview (set one with `flashcards plan --date YYYY-MM-DD [--role mle|ds]`)", err=True)
    for i, plan in enumerate(chosen):
        if i:
            _echo("")
        for line in plan_lines(plan, plans.readiness(plan)):
            _echo(line)
