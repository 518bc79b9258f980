"""Deck files in our format for tests: strict-valid cards and decks, and the TUI tests' standard decks."""

from __future__ import annotations


def card_text(n: int, topic: str = "alpha", question: str | None = None, notes: str | None = None) -> str:
    """One strict-valid card in the deck format."""
    return (
        f"## {question or f'Question {topic} {n}?'}\nid: {topic}-{n:03d}\nlevel: basic\ntags: t\nsources: s\n\n"
        f"### Notes\n{notes or f'Notes for {topic} {n}.'}\n\n### Key points\n- one\n- two\n- three\n\n"
    )


def deck_text(deck: str, topic: str, count: int, role: str = "mle") -> str:
    """A strict-valid deck file with `count` cards."""
    head = f"---\ndeck: {deck}\nrole: {role}\ntopic: {topic}\ntopic_title: {topic.title()}\n---\n\n"
    return head + "".join(card_text(i, topic) for i in range(1, count + 1))


NOTES_WITH_CODE = """**Answer:** keep `k` items and replace one with probability k/i.

```python
def reservoir(stream, k):
    sample = []
    for i, item in enumerate(stream, 1):
        if i <= k:
            sample.append(item)
    return sample
```

**Pitfall:** sampling the first k only."""


def card(card_id: str, question: str, notes: str = "", points: tuple[str, ...] = ("one", "two", "three")) -> str:
    """One strict-valid card in the deck format."""
    bullets = "".join(f"- {p}\n" for p in points)
    body = notes or f"**Answer:** notes for {card_id}."
    return (
        f"## {question}\nid: {card_id}\nlevel: basic\ntags: t1, t2\n\n### Notes\n{body}\n\n### Key points\n{bullets}\n"
    )


def deck(name: str, topic: str, title: str, cards: list[str]) -> str:
    """A strict-valid deck file."""
    return f"---\ndeck: {name}\nrole: mle\ntopic: {topic}\ntopic_title: {title}\n---\n\n" + "".join(cards)


STANDARD_DECKS = {
    "alpha-basics.md": deck(
        "Alpha",
        "basics",
        "Basics",
        [
            card(
                "a-001",
                "How do you sample k items from a stream?",
                NOTES_WITH_CODE,
                ("reservoir", "one pass", "O(k) memory"),
            ),
            card("a-002", "What is a learning rate?"),
            card("a-003", "What is overfitting?"),
        ],
    ),
    "alpha-extra.md": deck("Alpha", "extra", "Extra topic", [card("a-004", "What is dropout?")]),
    "beta.md": deck("Beta", "misc", "Misc", [card("b-001", "What is a p-value?")]),
}
