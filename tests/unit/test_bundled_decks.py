"""The bundled decks: strict parse, content-guide rules, topic targets and stable ids."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from flashcards.core.deck_format import parse_deck

ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted((ROOT / "decks").glob("*.md"))
IDS_FILE = Path(__file__).with_name("bundled_ids.txt")

# Card targets per topic from the content guide (shared/CONTENT.md, section 1).
TARGETS = {
    "mle-fundamentals": 18, "mle-evaluation": 14, "deep-learning-training": 16, "ml-system-design": 20,
    "data-pipelines-etl": 14, "big-data-spark": 16, "streaming-ingestion": 14, "databases-storage": 14,
    "feature-stores": 12, "model-serving": 18, "containers-orchestration": 14, "cloud-ml-platforms": 10,
    "mlops-cicd": 14, "deployment-strategies": 12, "monitoring-drift": 14, "performance-scaling-quality": 16,
    "probability": 16, "descriptive-statistics": 14, "statistical-inference": 20, "ab-testing": 16,
    "product-metrics": 10, "eda-visualization": 12, "data-cleaning": 14, "feature-engineering": 14,
    "feature-selection-dimred": 12, "linear-logistic-regression": 20, "trees-ensembles": 18,
    "other-algorithms-clustering": 16, "model-validation-selection": 16, "loss-functions-optimization": 12,
    "evaluation-metrics": 18, "sql-pandas": 16, "time-series": 8,
    "llm-evaluation-safety": 12,
    "rag": 14, "llm-applications": 12,
    "llm-serving": 12, "llm-finetuning": 13,
    "llm-fundamentals": 14,
}


def _checker():
    spec = importlib.util.spec_from_file_location("check_decks", ROOT / "scripts" / "check_decks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_bundled_file_passes_the_content_checks() -> None:
    problems, per_topic = _checker().check_files(DECKS)
    assert problems == []
    assert sum(per_topic.values()) >= 450


@pytest.mark.parametrize("topic", sorted(TARGETS))
def test_topic_meets_its_target(topic: str) -> None:
    _, per_topic = _checker().check_files(DECKS)
    assert per_topic[topic] >= TARGETS[topic]


def test_levels_are_mixed_and_senior_cards_exist() -> None:
    levels: dict[str, Counter[str]] = {}
    for path in DECKS:
        deck = parse_deck(path.read_text(encoding="utf-8"), path.name, strict=True)
        levels.setdefault(deck.topic or "", Counter()).update(c.level for c in deck.cards)
    for topic, counts in levels.items():
        assert set(counts) == {"basic", "mid", "senior"}, topic
        if sum(counts.values()) >= 12:
            assert counts["senior"] >= 2, topic


def test_ids_are_stable() -> None:
    """Every id ever shipped still exists (progress hangs on ids); new ids must be added to the list."""
    current = set()
    for path in DECKS:
        current |= {c.card_id for c in parse_deck(path.read_text(encoding="utf-8"), path.name, strict=True).cards}
    shipped = set(IDS_FILE.read_text().split())
    assert shipped - current == set(), "ids removed or renamed"
    assert current - shipped == set(), "new ids: add them to tests/unit/bundled_ids.txt"


def test_ids_carry_their_topic() -> None:
    for path in DECKS:
        deck = parse_deck(path.read_text(encoding="utf-8"), path.name, strict=True)
        for card in deck.cards:
            assert card.card_id and card.card_id.startswith(f"{deck.topic}-"), (path.name, card.card_id)


def test_every_topic_has_exactly_one_overview_card() -> None:
    overviews: Counter[str] = Counter()
    for path in DECKS:
        deck = parse_deck(path.read_text(encoding="utf-8"), path.name, strict=True)
        overviews[deck.topic or ""] += sum("overview" in card.tags for card in deck.cards)
    assert {topic: n for topic, n in overviews.items() if n != 1} == {}
