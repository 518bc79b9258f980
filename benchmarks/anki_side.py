"""The Anki side of the startup benchmark; runs in its own env: uv run --no-project --with anki python ...

build PATH CARDS REVIEWS   write an Anki collection shaped like our synthetic one
time PATH                  print ms from process start to Anki's deck list with due counts
import_csv CSV COLLECTION  import a CSV (comma, tags in column 3) into a new collection; print seconds and peak RSS
"""

from __future__ import annotations

import time

START = time.perf_counter()

import random  # noqa: E402
import sys  # noqa: E402


def build(path: str, cards: int, reviews: int) -> None:
    """Create decks and a Basic notetype with Anki's API, then bulk-insert notes, cards and revlog."""
    from anki.collection import Collection

    col = Collection(path)
    rng = random.Random(1)
    deck_ids = [col.decks.id(name) for name in ("Synthetic ML Engineer", "Synthetic Data Scientist")]
    model = col.models.by_name("Basic")
    today = col.sched.today
    now_ms = int(time.time() * 1000)
    notes, card_rows, rev_rows = [], [], []
    for i in range(1, cards + 1):
        nid = now_ms - 400 * 86_400_000 + i
        notes.append(
            (
                nid,
                f"g{i:09d}",
                model["id"],
                now_ms // 1000,
                -1,
                " synthetic ",
                f"Question {i}\x1fAnswer {i}",
                f"Question {i}",
                0,
                0,
                "",
            )
        )
        seen = i % 4 != 0
        if seen:
            ivl = rng.choice((1, 3, 6, 15, 38, 95, 200))
            due = today + rng.randint(-5, ivl)
            card_rows.append(
                (nid, nid, deck_ids[i % 2], 0, now_ms // 1000, -1, 2, 2, due, ivl, 2500, 10, 1, 0, 0, 0, 0, "")
            )
        else:
            card_rows.append((nid, nid, deck_ids[i % 2], 0, now_ms // 1000, -1, 0, 0, i, 0, 0, 0, 0, 0, 0, 0, 0, ""))
    for r in range(reviews):
        cid = card_rows[r % len(card_rows)][0]
        rev_rows.append(
            (now_ms - 365 * 86_400_000 + r * 31_000, cid, -1, rng.choice((1, 3, 3, 4)), 10, 5, 2500, 8000, 1)
        )
    col.db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
    col.db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
    col.db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rev_rows)
    col.close()


def time_deck_list(path: str) -> None:
    """Open the collection and build the deck list with new/learn/review counts, as Anki's main screen does."""
    from anki.collection import Collection

    col = Collection(path)
    tree = col.sched.deck_due_tree()
    total = sum(child.review_count + child.new_count for child in tree.children)
    elapsed = (time.perf_counter() - START) * 1000
    col.close()
    print(f"{elapsed:.0f} {total}")


def import_csv(csv_path: str, path: str) -> None:
    """Anki's own CSV import (metadata read, then import_csv) into a new collection: `seconds rss_mb cards`."""
    import resource

    from anki.collection import Collection
    from anki.import_export_pb2 import CsvMetadata, ImportCsvRequest

    col = Collection(path)
    start = time.perf_counter()
    # Its guess takes the ':' in the questions for the separator; our side guesses comma from the same file.
    metadata = col.get_csv_metadata(csv_path, CsvMetadata.Delimiter.COMMA)
    metadata.tags_column = 3
    col.import_csv(ImportCsvRequest(path=csv_path, metadata=metadata))
    elapsed = time.perf_counter() - start
    cards = col.card_count()
    col.close()
    print(f"{elapsed:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {cards}")


if __name__ == "__main__":
    if sys.argv[1] == "import_csv":
        import_csv(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "build":
        build(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        time_deck_list(sys.argv[2])
