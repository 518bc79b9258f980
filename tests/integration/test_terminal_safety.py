"""Escape sequences in card and deck text never reach the terminal: CLI output and the TUI rendered by pyte.

A shared deck can carry `ESC ]2;...` (terminal title), `ESC [2J` (clear the screen),
`ESC ]52;c;...` (write the clipboard, e.g. in tmux with set-clipboard on) or 8-bit C1
controls. These tests write such a deck, then look at the bytes the app sends to a
terminal and at what a terminal emulator (pyte) shows: the sequences are shown as visible
text (`␛]2;...`) and never sent; the stored text keeps every byte.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flashcards.core.safe_text import cut, json_visible, visible
from tests.support.terminal import ROOT, Terminal, flashcards_argv, render, screen_lines

DECK = "\x1b]2;pwned\x07Evil\x1b[2J"
QUESTION = "Q \x1b]52;c;ZWNobyBoaQ==\x07 clip \x1b[31mred"
ANSWER = "A \x1b[2JCLEARED \x9b31m c1 \rback"
TAG = "\x1b]0;tagpwn\x07tag"
# Byte strings that must never reach the terminal: each would act instead of being shown.
HOSTILE = [b"\x1b]2;pwned", b"\x1b]52;c;ZWNo", b"\x1b[2JCLEARED", b"\x1b]0;tagpwn", b"\xc2\x9b31m", b"\x1b[31mred"]


def test_visible_replaces_every_c0_and_c1_control_but_newline_and_tab() -> None:
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        char = chr(code)
        shown = visible(f"a{char}b")
        if char in "\n\t":
            assert shown == f"a{char}b"
        else:
            assert not any(0x7F <= ord(c) <= 0x9F or ord(c) < 0x20 for c in shown), repr(shown)
            assert shown.startswith("a") and shown.endswith("b") and len(shown) > 2
    assert visible("\x1b]2;x\x07") == "␛]2;x␇"
    assert visible("\x9b") == "<9B>"
    assert visible("one\r\ntwo\rthree") == "one\ntwo␍three"
    plain = "x[i] [/] 中文 é\tok\n"
    assert visible(plain) is plain


def test_cut_bounds_what_is_shown_and_says_so() -> None:
    text = "\x1b" * 50 + "x" * 10_000_000
    shown = cut(text, 1000)
    assert len(shown) < 1200 and "\x1b" not in shown
    assert "more characters not shown" in shown and "10,000,000" not in shown
    assert cut("short\x1b", 1000) == "short␛"


def test_json_visible_escapes_c1_and_keeps_the_data() -> None:
    import json

    data = {"deck": DECK + "\x9b\x7f"}
    text = json_visible(json.dumps(data, ensure_ascii=False))
    assert not any(0x7F <= ord(c) <= 0x9F or ord(c) < 0x20 for c in text)
    assert json.loads(text) == data


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASHCARDS", "PYTEST"))}
    return {**env, "FLASHCARDS_HOME": str(home), "TZ": "UTC", "PYTHONPATH": str(ROOT)}


def _cli(home: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*flashcards_argv(*args)], env=_env(home), cwd=ROOT, capture_output=True, timeout=120, input=stdin
    )


@pytest.fixture
def hostile_home(tmp_path: Path) -> Path:
    """A data folder whose collection holds a deck, card, tag and answer full of escape sequences."""
    source = tmp_path / "hostile.csv"
    source.write_text(
        f"#deck:{DECK}\nfront,back,tags\n\"{QUESTION}\",\"{ANSWER}\",\"{TAG}\"\n", encoding="utf-8", newline=""
    )
    home = tmp_path / "home"
    done = _cli(home, "import", str(source))
    assert done.returncode == 0, done.stderr.decode()
    (home / "import-output").write_bytes(done.stdout)
    return home


def _stored(home: Path) -> tuple[str, str, str]:
    with sqlite3.connect(home / "collection.sqlite3") as conn:
        return conn.execute(
            "SELECT d.name, c.question, c.notes FROM card c JOIN deck d ON d.id = c.deck_id WHERE c.question LIKE 'Q %'"
        ).fetchone()


def test_stored_text_keeps_every_byte(hostile_home: Path) -> None:
    assert _stored(hostile_home) == (DECK, QUESTION, ANSWER.replace("\r", "\n"))


def test_cli_output_shows_escape_sequences_as_text(hostile_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "again.csv"
    source.write_text(f"#deck:{DECK}\nfront,back\n\"{QUESTION} 2\",\"{ANSWER}\"\n\"{QUESTION} 2\",\"other\"\n")
    good = tmp_path / "good.csv"
    good.write_text(f"#deck:{DECK}\nfront,back\n\"{QUESTION} 3\",\"{ANSWER}\"\n")
    outputs = {
        "decks": _cli(hostile_home, "decks"),
        "dry run": _cli(hostile_home, "import", "--dry-run", str(source)),
        "good dry run": _cli(hostile_home, "import", "--dry-run", str(good)),
        "stats": _cli(hostile_home, "stats"),
        "stats json": _cli(hostile_home, "stats", "--json"),
        "export deck": _cli(hostile_home, "export", "deck", "nope\x1b]2;x\x07", str(tmp_path / "out.md")),
    }
    assert not any(h in (hostile_home / "import-output").read_bytes() for h in HOSTILE)
    for name, done in outputs.items():
        both = done.stdout + done.stderr
        assert not any(h in both for h in HOSTILE), (name, both)
        assert b"\x1b" not in both and b"\xc2\x9b" not in both, (name, both)
    screen = render(outputs["decks"].stdout)
    assert any("␛]2;pwned␇Evil␛[2J" in line for line in screen_lines(screen))
    assert screen.title == ""  # pyte sets it on OSC 0/2, as a real terminal would
    dry = outputs["dry run"]
    assert dry.returncode == 1 and "same card as line 3" in dry.stderr.decode()
    assert "decks: ␛]2;pwned␇Evil␛[2J" in outputs["good dry run"].stdout.decode()
    assert "no deck named" in outputs["export deck"].stderr.decode()


def test_review_export_to_a_terminal_is_visible_and_to_a_pipe_exact(hostile_home: Path, tmp_path: Path) -> None:
    graded = _cli(hostile_home, "export", "reviews", "-")
    assert graded.returncode == 0  # no reviews yet: a header row only; the pipe gets exact bytes
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        "c.execute(\"INSERT INTO review (card_id, reviewed_at, study_day, grade, kind, seconds, repetitions_before,"
        " ef_before, interval_before, lapses_before, repetitions_after, ef_after, interval_after, lapses_after)"
        " SELECT id, '2026-01-05T10:00:00.000+00:00', '2026-01-05', 4, 'review', 1, 0, 250, 0, 0, 1, 250, 1, 0"
        " FROM card WHERE question LIKE 'Q %'\"); c.commit()"
    )
    subprocess.run([sys.executable, "-c", code, str(hostile_home / "collection.sqlite3")], check=True)
    piped = _cli(hostile_home, "export", "reviews", "-")
    assert QUESTION.encode() in piped.stdout  # a file gets the data exactly
    term = Terminal(flashcards_argv("export", "reviews", "-"), _env(hostile_home), columns=200, lines=10)
    try:
        assert term.wait_exit(timeout=120) == 0
    finally:
        term.kill()
    assert not any(h in term.output() for h in HOSTILE)
    assert "Q ␛]52;c;ZWNobyBoaQ==␇ clip" in term.text()


def test_study_app_in_a_real_terminal_shows_escape_sequences_as_text(hostile_home: Path) -> None:
    """The app runs under a pty as it would for a user; pyte renders every byte it writes."""
    term = Terminal(flashcards_argv(), _env(hostile_home))
    try:
        term.wait_for(lambda text: "Evil" in text and "Data Scientist" in text)
        term.send("\x1b[B")  # the hostile deck sorts first (ESC comes before letters)
        term.send("\r")
        term.wait_for(lambda text: "clip" in text)
        term.send(" ")
        term.wait_for(lambda text: "CLEARED" in text)
        shown = term.text()
        term.send("\x11")  # ctrl+q
        assert term.wait_exit() == 0
    finally:
        term.kill()
    raw = term.output()
    assert not [h for h in HOSTILE if h in raw]
    assert "Q ␛]52;c;ZWNobyBoaQ==␇ clip ␛[31mred" in shown
    assert "A ␛[2JCLEARED <9B>31m c1" in shown
    assert "␛]2;pwned␇Evil" in shown
    assert "pwned" not in term.screen.title
