"""Shared test data: the Anki fixture files and what every producer's package must give, the synthetic collection's day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flashcards.core.clock import DayRule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anki"
PNG_NAME = "5d174f36cabae248a81d6540.png"
MP3_NAME = "0d321d610dc932c205c62ce6.mp3"
SYNTH_TODAY = date(2026, 3, 10)
NASTY_TITLE = "[b]Bold[/b] x[i] [/] $var"

ML, PY = "Interview::ML", "Interview::Python"
CLOZE_EXTRA = "Kingma & Ba, 2014"
# The same notes, written by every producer, must give exactly these cards.
EXPECTED = {
    "anki-basic-1": (
        ML,
        "What is the **bias\u2013variance** trade-off?",
        "Error = bias\u00b2 + variance + noise.\nLower one, raise the other.\n- high bias: underfit\n- high variance: overfit",
        ("ml::theory", "stats"),
    ),
    "anki-media-1": (
        ML,
        f"Which plot is this? ![roc curve.png](media/{PNG_NAME})",
        f"ROC curve [sound: roc.mp3](media/{MP3_NAME})",
        ("plots",),
    ),
    "anki-rev-1": (ML, "precision", "TP / (TP + FP)", ("metrics",)),
    "anki-rev-1.2": (ML, "TP / (TP + FP)", "precision", ("metrics",)),
    "anki-cloze-1": (
        ML,
        "[...] combines momentum and RMSProp.",
        f"**Adam** combines momentum and RMSProp.\n{CLOZE_EXTRA}",
        ("optim",),
    ),
    "anki-cloze-1.2": (
        ML,
        "Adam combines momentum and [an optimiser].",
        f"Adam combines momentum and **RMSProp**.\n{CLOZE_EXTRA}",
        ("optim",),
    ),
}
PY_NOTES = "```\ndef f(x):\n    return x[i]\n```\nUse `[/]`."
HISTORY = {
    "anki-hist-review": (ML, "What does L2 regularisation do?", "Shrinks weights.", ("history",)),
    "anki-hist-learning": (ML, "What is a learning rate?", "Step size.", ("history",)),
    "anki-hist-suspended": (ML, "What is dropout?", "Randomly zeroes units.", ("history",)),
}
RULE = DayRule()  # UTC, rollover 04:00
