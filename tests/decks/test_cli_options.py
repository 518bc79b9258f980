"""`flashcards decks options NAME` on the bundled decks: show, set, reset, and one-line errors with exit 1."""

from __future__ import annotations

import pytest

from tests.support.cli import run


def test_show_set_and_reset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["decks", "options", "data scientist"], capsys)
    assert code == 0 and out.splitlines()[0] == "Data Scientist"
    assert "new cards per day: 20 (the global setting)" in out and "in file order" in out
    code, out, _ = run(["decks", "options", "Data Scientist", "--new-per-day", "3", "--new-order", "level"], capsys)
    assert code == 0 and "Data Scientist (saved)" in out and "new cards per day: 3 (this deck's own)" in out
    assert "by level" in out
    code, out, _ = run(["decks"], capsys)
    row = next(line for line in out.splitlines() if line.startswith("Data Scientist"))
    assert row.split()[4] == "3"  # new today: the deck's own limit
    code, out, _ = run(["decks", "options", "Data Scientist", "--new-per-day", "default"], capsys)
    assert "new cards per day: 20 (the global setting)" in out and "by level" in out
    code, out, _ = run(["decks", "options", "Data Scientist", "--reset"], capsys)
    assert "in file order" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "no deck named 'nope'"),
        (["Data Scientist", "--new-per-day", "-1"], "New cards per day must be 0-9999, or left to the global setting"),
        (["Data Scientist", "--reviews-per-day", "lots"], "--reviews-per-day: 'lots' is not a number or 'default'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(["decks", "options", *args], capsys)
    assert code == 1 and err.strip() == f"flashcards: {message}" and out == ""
    code, out, _ = run(["decks", "options", "Data Scientist"], capsys)
    assert "20 (the global setting)" in out  # nothing written
