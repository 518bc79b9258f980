"""Deck files for the mock-interview tests: a role deck with basic, mid and senior cards over two topics."""

from __future__ import annotations

LEVELS = ("basic", "mid", "senior")


def level_card(topic: str, n: int, level: str, points: tuple[str, ...] = ("first", "second", "third")) -> str:
    """One strict-valid card of `level` with `points` as its key points."""
    bullets = "".join(f"- {p}\n" for p in points)
    return (
        f"## {topic.title()} question {n} ({level})?\nid: {topic}-{n:03d}\nlevel: {level}\ntags: t\nsources: s\n\n"
        f"### Notes\n**Answer:** the answer to {topic} {n}.\n\n### Key points\n{bullets}\n"
    )


def level_deck(deck: str, topic: str, count: int, role: str = "mle") -> str:
    """A deck file of `count` cards whose levels go basic, mid, senior, basic..."""
    head = f"---\ndeck: {deck}\nrole: {role}\ntopic: {topic}\ntopic_title: {topic.replace('-', ' ').title()}\n---\n\n"
    return head + "".join(level_card(topic, n, LEVELS[(n - 1) % 3]) for n in range(1, count + 1))


MOCK_DECKS = {
    "mle-serving.md": level_deck("ML Engineer", "serving", 6),
    "mle-ml-system-design.md": level_deck("ML Engineer", "ml-system-design", 3),
    "ds-stats.md": level_deck("Data Scientist", "stats", 3, role="ds"),
}
