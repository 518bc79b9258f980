"""Check bundled deck files against the deck format and the content guide's rules.

Usage: uv run python scripts/check_decks.py [FILE ...]   (default: every decks/*.md)
Prints one line per problem and a count per topic; exits 1 if anything is wrong.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from flashcards.core.deck_format import normalise_question, parse_deck, word_count
from flashcards.core.errors import DeckFormatError

ROLES = {"mle": "ML Engineer", "ds": "Data Scientist"}
MIN_WORDS, MAX_WORDS = 50, 200
OVERVIEW_TAG, OVERVIEW_MAX_WORDS = "overview", 220


def check_files(paths: list[Path]) -> tuple[list[str], Counter[str]]:
    """Return (problems, cards per topic) for the given deck files."""
    problems: list[str] = []
    per_topic: Counter[str] = Counter()
    overviews: Counter[str] = Counter()
    ids: dict[str, str] = {}
    questions: dict[str, str] = {}
    for path in paths:
        try:
            deck = parse_deck(path.read_text(encoding="utf-8"), str(path), strict=True)
        except DeckFormatError as err:
            problems.append(str(err))
            continue
        if deck.role not in ROLES:
            problems.append(f"{path}: role must be one of {sorted(ROLES)}")
        elif deck.deck != ROLES[deck.role]:
            problems.append(f"{path}: deck must be {ROLES[deck.role]!r} for role {deck.role}")
        if not deck.topic or not deck.topic_title:
            problems.append(f"{path}: front matter needs topic and topic_title")
        for card in deck.cards:
            where = f"{path}:{card.line}"
            per_topic[deck.topic or "?"] += 1
            if card.card_id in ids:
                problems.append(f"{where}: id {card.card_id} already used at {ids[card.card_id]}")
            ids[card.card_id or ""] = where
            key = normalise_question(card.question)
            if key in questions:
                problems.append(f"{where}: duplicate question of {questions[key]}")
            questions[key] = where
            is_overview = OVERVIEW_TAG in card.tags
            if is_overview:
                overviews[deck.topic or "?"] += 1
            words, most = word_count(card.notes), OVERVIEW_MAX_WORDS if is_overview else MAX_WORDS
            if not MIN_WORDS <= words <= most:
                problems.append(f"{where}: notes have {words} words; need {MIN_WORDS}-{most}")
            if len(card.question.split()) > 30:
                problems.append(f"{where}: question has more than 30 words")
            if not card.sources:
                problems.append(f"{where}: card has no sources")
            if not card.tags:
                problems.append(f"{where}: card has no tags")
    for topic in sorted(per_topic):
        if overviews[topic] != 1:
            problems.append(f"topic {topic}: has {overviews[topic]} cards tagged {OVERVIEW_TAG}; need exactly 1")
    return problems, per_topic


def main(argv: list[str]) -> int:
    """Check the named files (or all bundled decks) and print the result."""
    root = Path(__file__).resolve().parent.parent / "decks"
    paths = [Path(a) for a in argv] or sorted(root.glob("*.md"))
    problems, per_topic = check_files(paths)
    for topic, count in sorted(per_topic.items()):
        print(f"{topic:32} {count}")
    print(f"total cards: {sum(per_topic.values())}")
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
