"""`flashcards cards ...` on real collection files: JSON search, actions by id or key, add from stdin or a file, $EDITOR."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.support.cli import run

CARD = "## What does consumer lag measure?\ntags: kafka\n\n### Notes\nThe gap between the log end and the committed offset.\n"


def test_search_json_then_suspend_and_unsuspend(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["cards", "search", "kafka", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["total"] >= 1 and data["total"] == len(data["cards"])
    first = data["cards"][0]
    assert {"id", "key", "deck", "question", "state", "due", "interval", "ef", "lapses", "reviews"} <= set(first)
    code, out, _ = run(["cards", "suspend", str(first["id"])], capsys)
    assert (code, out) == (0, "suspended 1 card(s)\n")
    code, out, _ = run(["cards", "search", "is:suspended", "--json"], capsys)
    assert [c["id"] for c in json.loads(out)["cards"]] == [first["id"]]
    run(["cards", "unsuspend", first["key"]], capsys)  # by key too
    code, out, _ = run(["cards", "search", "is:suspended", "--json"], capsys)
    assert json.loads(out)["cards"] == []


def test_unknown_id_and_bad_query_are_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["cards", "suspend", "1", "999999"], capsys)
    assert (code, err) == (1, "flashcards: no card with id '999999'\n")
    code, out, err = run(["cards", "search", "is:shiny"], capsys)
    assert code == 1 and err.startswith("flashcards: 'is:shiny': unknown state") and err.count("\n") == 1
    code, out, err = run(["cards", "show", "nope-123"], capsys)
    assert (code, err) == (1, "flashcards: no card with id 'nope-123'\n")


def test_add_from_stdin_and_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(CARD))
    code, out, _ = run(["cards", "add", "--deck", "Mine"], capsys)
    assert code == 0 and out.startswith("added 1 card(s) to Mine: ")
    new_id = out.split(": ")[1].strip()
    code, out, _ = run(["cards", "search", "deck:mine", "committed", "--json"], capsys)
    assert [str(c["id"]) for c in json.loads(out)["cards"]] == [new_id]
    path = tmp_path / "more.md"
    path.write_text("---\ndeck: ignored\n---\n\n## Another?\n\n### Notes\nYes.\n\n## Bad?\nlevel: expert\n\n### Notes\nNo.\n")
    code, _, err = run(["cards", "add", "--deck", "Mine", str(path)], capsys)
    assert (code, err) == (1, f"flashcards: {path}:11: level 'expert' must be one of basic, mid, senior\n")
    code, out, _ = run(["cards", "search", "deck:mine", "--json"], capsys)
    assert json.loads(out)["total"] == 1  # nothing of the bad file was added
    path.write_text(CARD)
    code, _, err = run(["cards", "add", "--deck", "ML Engineer", str(path)], capsys)
    assert code == 1 and "bundled deck" in err


def test_show_prints_the_card_in_deck_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["cards", "search", "--json", "--limit", "1"], capsys)
    card = json.loads(out)["cards"][0]
    code, out, _ = run(["cards", "show", str(card["id"])], capsys)
    assert code == 0 and f"id: {card['key']}" in out and "### Notes" in out and f"card {card['id']}: new" in out


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    path = tmp_path / "editor.py"
    path.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n" + script)
    monkeypatch.setenv("VISUAL", f"{sys.executable} {path}")


def test_edit_in_editor_saves_valid_text_and_refuses_bad_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, _ = run(["cards", "search", "--json", "--limit", "1"], capsys)
    card = json.loads(out)["cards"][0]
    _editor(tmp_path, monkeypatch, "p.write_text(p.read_text().replace('### Notes\\n', '### Notes\\nPlatypus. '))\n")
    code, out, _ = run(["cards", "edit", str(card["id"])], capsys)
    assert (code, out) == (0, f"card {card['id']}: saved\n")
    code, out, _ = run(["cards", "search", "platypus", "--json"], capsys)
    assert [c["id"] for c in json.loads(out)["cards"]] == [card["id"]]
    _editor(tmp_path, monkeypatch, "p.write_text(p.read_text().replace('### Notes', '### Wrong'))\n")
    code, _, err = run(["cards", "edit", str(card["id"])], capsys)
    assert code == 1 and err.startswith(f"flashcards: card {card['id']}:") and "unknown section '### Wrong'" in err
    code, out, _ = run(["cards", "search", "platypus", "--json"], capsys)
    assert len(json.loads(out)["cards"]) == 1  # the bad edit saved nothing
