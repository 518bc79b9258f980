"""Make the Anki package fixtures in tests/fixtures/anki/ with real producers (genanki and Anki's own `anki` package).

Usage: uv run --with anki --with genanki python scripts/make_anki_fixtures.py

Layouts written (see tests/fixtures/anki/README.md):

- genanki.apkg          genanki: `collection.anki2` (schema 11) + JSON media map; no `meta` member
- anki_modern.apkg      anki (Collection.export_anki_package, legacy=False): `meta` v3, zstd
                        `collection.anki21b` (schema 18), protobuf+zstd media map, zstd media,
                        plus Anki's dummy `collection.anki2` ("please update") that must be ignored
- anki_legacy.apkg      anki (legacy=True): `meta` v2, `collection.anki21` (schema 11), JSON media map,
                        plus the dummy `collection.anki2`
- anki_modern.colpkg    anki (Collection.export_collection_package, legacy=False): the whole collection
- anki_notes.txt        anki "Notes in Plain Text" (Collection.export_note_csv): header lines, HTML, GUIDs,
                        note types, decks and tags
- anki_cards.txt        anki "Cards in Plain Text" (Collection.export_card_csv): rendered question/answer, no HTML

The `anki` package can no longer write the oldest layout with a real `collection.anki2` as the
only collection (Anki 2.0 / 2.1.0-2.1.49 packages); genanki writes exactly that layout, so it
stands in as the real producer for it.

Scheduling and review history are written through the anki package's own database handle
(`col.db.execute`) with pinned times, because the scheduler only answers "now" and fuzzes
intervals; pinned values let the tests assert exact SM-2 states and review rows.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "anki"
# Collection creation: 2026-01-05 04:00 UTC (Anki stores day numbers relative to this).
CRT = int(datetime(2026, 1, 5, 4, 0, tzinfo=UTC).timestamp())
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"fixture-image"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00fixture-sound"

BASIC = [
    # (guid, deck, front, back, tags)
    (
        "basic-1",
        "Interview::ML",
        "What is the <b>bias\u2013variance</b> trade-off?",
        "Error = bias\u00b2 + variance + noise.<br>Lower one, raise the other."
        "<ul><li>high bias: underfit</li><li>high variance: overfit</li></ul>",
        ["ml::theory", "stats"],
    ),
    (
        "basic-2",
        "Interview::Python",
        "Cafe\u0301 x[i] [/] &lt;tag&gt; &amp; \U0001f642",
        "<pre><code>def f(x):\n    return x[i]\n</code></pre>&nbsp;Use <code>[/]</code>."
        "<script>alert(1)</script><style>b {color: red}</style>",
        [],
    ),
    (
        "media-1",
        "Interview::ML",
        'Which plot is this? <img src="roc curve.png">',
        "ROC curve [sound:roc.mp3]",
        ["plots"],
    ),
]
REVERSED = ("rev-1", "Interview::ML", "precision", "TP / (TP + FP)", ["metrics"])
CLOZE = (
    "cloze-1",
    "Interview::ML",
    "{{c1::Adam}} combines momentum and {{c2::RMSProp::an optimiser}}.",
    "Kingma &amp; Ba, 2014",
    ["optim"],
)
HISTORY_NOTES = [
    ("hist-review", "Interview::ML", "What does L2 regularisation do?", "Shrinks weights."),
    ("hist-learning", "Interview::ML", "What is a learning rate?", "Step size."),
    ("hist-suspended", "Interview::ML", "What is dropout?", "Randomly zeroes units."),
]


def _ms(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp() * 1000)


# Review log of `hist-review` (id ms, ease, ivl, lastIvl, factor, time ms, type): learn, graduate,
# review, lapse, relearn, review.
REVIEW_LOG = [
    (_ms(2026, 1, 10, 9, 0), 3, -600, -60, 0, 5000, 0),
    (_ms(2026, 1, 10, 9, 10), 3, 1, -600, 2500, 4000, 0),
    (_ms(2026, 1, 11, 8, 0), 3, 3, 1, 2500, 6000, 1),
    (_ms(2026, 1, 14, 8, 0), 1, -600, 3, 2300, 9000, 1),
    (_ms(2026, 1, 14, 8, 10), 3, 1, -600, 2300, 3000, 2),
    (_ms(2026, 1, 15, 8, 0), 4, 5, 1, 2450, 2000, 1),
]
LEARNING_LOG = [(_ms(2026, 1, 16, 10, 0), 1, -60, 0, 0, 7000, 0)]
SUSPENDED_LOG = [
    (_ms(2026, 1, 6, 9, 0), 3, 1, -600, 2500, 1000, 0),
    (_ms(2026, 1, 7, 9, 0), 1, -600, 1, 2300, 1000, 1),
    (_ms(2026, 1, 12, 9, 0), 1, -600, 1, 2100, 1000, 1),
]


def make_genanki(target: Path, media_dir: Path) -> None:
    """Write a genanki package: the legacy `collection.anki2` layout."""
    import genanki

    basic = genanki.Model(
        1607392319,
        "Basic (fixture)",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}],
    )
    decks = {name: genanki.Deck(2059400110 + i, name) for i, name in enumerate(["Interview::ML", "Interview::Python"])}
    for guid, deck, front, back, tags in BASIC:
        decks[deck].add_note(genanki.Note(model=basic, fields=[front, back], tags=tags, guid=guid))
    guid, deck, front, back, tags = REVERSED
    decks[deck].add_note(
        genanki.Note(model=genanki.BASIC_AND_REVERSED_CARD_MODEL, fields=[front, back], tags=tags, guid=guid)
    )
    guid, deck, text, extra, tags = CLOZE
    decks[deck].add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=[text, extra], tags=tags, guid=guid))
    package = genanki.Package(
        list(decks.values()), media_files=[str(media_dir / "roc curve.png"), str(media_dir / "roc.mp3")]
    )
    package.write_to_file(str(target), timestamp=CRT)


def _add(col, notetype: str, deck: str, guid: str, fields: list[str], tags: list[str]) -> int:  # noqa: ANN001
    note = col.new_note(col.models.by_name(notetype))
    for i, value in enumerate(fields):
        note.fields[i] = value
    note.tags = tags
    note.guid = guid
    col.add_note(note, col.decks.id(deck))
    return note.id


def _card_of(col, note_id: int) -> int:  # noqa: ANN001
    return col.db.scalar("select id from cards where nid = ? order by ord limit 1", note_id)


def _pin_history(col) -> None:  # noqa: ANN001
    """Give the three history notes pinned scheduling states and review logs."""
    col.db.execute("update col set crt = ?", CRT)
    cards = {
        guid: _card_of(col, col.db.scalar("select id from notes where guid = ?", guid)) for guid, *_ in HISTORY_NOTES
    }
    insert = "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,-1,?,?,?,?,?,?)"
    for guid, log in (("hist-review", REVIEW_LOG), ("hist-learning", LEARNING_LOG), ("hist-suspended", SUSPENDED_LOG)):
        for row in log:
            col.db.execute(insert, row[0], cards[guid], *row[1:])
    # Review card due on day 15 after creation = 2026-01-20; interval 5, ease 245%.
    col.db.execute(
        "update cards set type=2, queue=2, due=15, ivl=5, factor=2450, reps=6, lapses=1 where id = ?",
        cards["hist-review"],
    )
    col.db.execute(
        "update cards set type=1, queue=1, due=?, ivl=0, factor=0, reps=1, lapses=0, left=2 where id = ?",
        int(datetime(2026, 1, 16, 10, 1, tzinfo=UTC).timestamp()),
        cards["hist-learning"],
    )
    col.db.execute(
        "update cards set type=3, queue=-1, due=?, ivl=1, factor=2100, reps=3, lapses=2 where id = ?",
        int(datetime(2026, 1, 12, 9, 10, tzinfo=UTC).timestamp()),
        cards["hist-suspended"],
    )


def make_anki(folder: Path, media_dir: Path) -> None:
    """Write the modern and legacy .apkg and a modern .colpkg with Anki's own package."""
    from anki.collection import Collection, ExportAnkiPackageOptions, NoteIdsLimit

    work = Path(tempfile.mkdtemp())
    col = Collection(str(work / "collection.anki2"))
    try:
        for guid, deck, front, back, tags in BASIC:
            _add(col, "Basic", deck, guid, [front, back], tags)
        guid, deck, front, back, tags = REVERSED
        _add(col, "Basic (and reversed card)", deck, guid, [front, back], tags)
        guid, deck, text, extra, tags = CLOZE
        _add(col, "Cloze", deck, guid, [text, extra], tags)
        for guid, deck, front, back in HISTORY_NOTES:
            _add(col, "Basic", deck, guid, [front, back], ["history"])
        for name in ("roc curve.png", "roc.mp3"):
            col.media.write_data(name, (media_dir / name).read_bytes())
        _pin_history(col)
        for legacy, name in ((False, "anki_modern.apkg"), (True, "anki_legacy.apkg")):
            options = ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
            )
            col.export_anki_package(out_path=str(folder / name), options=options, limit=None)
        basics = col.find_notes("-tag:history")
        col.export_note_csv(
            out_path=str(folder / "anki_notes.txt"), limit=NoteIdsLimit(basics), with_html=True, with_tags=True,
            with_deck=True, with_notetype=True, with_guid=True,
        )  # fmt: skip
        col.export_card_csv(out_path=str(folder / "anki_cards.txt"), limit=NoteIdsLimit(basics), with_html=False)
        # Exporting a .colpkg closes the collection, so it comes last.
        col.export_collection_package(str(folder / "anki_modern.colpkg"), include_media=True, legacy=False)
    finally:
        if col.db is not None:
            col.close()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    """Write every fixture; returns the exit code."""
    OUT.mkdir(parents=True, exist_ok=True)
    media_dir = Path(tempfile.mkdtemp())
    try:
        (media_dir / "roc curve.png").write_bytes(PNG)
        (media_dir / "roc.mp3").write_bytes(MP3)
        make_genanki(OUT / "genanki.apkg", media_dir)
        make_anki(OUT, media_dir)
    finally:
        shutil.rmtree(media_dir, ignore_errors=True)
    for path in sorted(OUT.glob("anki*.*")) + [OUT / "genanki.apkg"]:
        print(f"{path.relative_to(OUT.parents[2])}: {os.path.getsize(path)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
