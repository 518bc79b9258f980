"""A review session without a screen, for crash and concurrency tests: grades and prints each commit."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from flashcards.core.errors import FlashcardsError, StaleCardError
from flashcards.services import Services


def main(db: str, decks: str, count: int, seed: int) -> None:
    """Grade up to `count` cards, printing `ok REVIEW_ID CARD_ID` after each commit."""
    rng = random.Random(seed)
    service = Services.open_path(Path(db), decks_dir=Path(decks)).study
    skip: list[int] = []
    done = 0
    while done < count:
        item = service.next_card(exclude=tuple(skip[-20:]))
        if item is None:
            print("empty", flush=True)
            return
        try:
            result = service.grade(item.card, rng.choice((0, 2, 3, 4, 4, 5, 5)), seconds=rng.random())
        except StaleCardError:
            print(f"stale {item.card.id}", flush=True)
            skip.append(item.card.id)
            continue
        except FlashcardsError as err:
            print(f"error {err}", flush=True)
            raise
        done += 1
        print(f"ok {result.review_id} {result.card_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
