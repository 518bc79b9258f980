"""`flashcards mock`: the past mock interviews, and one mock's report (`mock show ID`), as text or JSON.

Mocks are taken in the app (m on the home screen); `flashcards export mocks` writes every answer as CSV.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from flashcards.core.safe_text import json_visible, visible

if TYPE_CHECKING:
    from flashcards.services import Services


def _echo(text: str = "") -> None:
    click.echo(visible(text))


def _opened(services: Services) -> Services:
    from flashcards.cli import opened

    return opened(services, backup=False)  # read-only: no daily backup


@click.group("mock", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the past mocks as JSON.")
@click.pass_context
def mock_group(ctx: click.Context, as_json: bool) -> None:
    """List past mock interviews (take one with m on the app's home screen): score, length, trend."""
    if ctx.invoked_subcommand is not None:
        return
    from flashcards.core.mock_format import history_lines, record_json

    services: Services = ctx.obj
    records = _opened(services).mocks.history()
    if as_json:
        click.echo(json_visible(json.dumps({"mocks": [record_json(r) for r in records]}, ensure_ascii=False)))
        return
    for line in history_lines(records, services.collection.day_rule().zone):
        _echo(line)


@mock_group.command("show")
@click.argument("mock_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def show_cmd(services: Services, mock_id: int, as_json: bool) -> None:
    """Print mock MOCK_ID's report: each question, each topic, the key points missed, the weakest topics, the trend."""
    from flashcards.core.mock_format import report_json, report_lines

    report = _opened(services).mocks.report(mock_id)
    if as_json:
        click.echo(json_visible(json.dumps(report_json(report), ensure_ascii=False)))
        return
    for line in report_lines(report, services.collection.day_rule().zone):
        _echo(line)
