"""SQL that keeps `topic_count` (cards, suspended cards and open new cards per deck and topic) in step with
`card_state`, by triggers, so the home screen's totals and new counts read a row per topic instead of
scanning every card (issue 11: deck counts that grow slower than the card count)."""

from __future__ import annotations


def _terms(row: str) -> tuple[str, str, str]:
    """What one card_state row adds to (total, suspended, new_open); `row` is NEW or OLD. Inactive rows add 0."""
    return (
        f"({row}.active != 0)",
        f"({row}.active != 0 AND {row}.suspended != 0)",
        f"({row}.active != 0 AND {row}.suspended = 0 AND {row}.due IS NULL)",
    )


COLUMNS = ("total", "suspended", "new_open")


def _triggers() -> list[str]:
    add = _terms("NEW")
    sub = _terms("OLD")
    upsert = (
        f"INSERT INTO topic_count (deck_id, topic_key, {', '.join(COLUMNS)}) "
        f"SELECT NEW.deck_id, coalesce(NEW.topic_id, 0), {', '.join(add)} WHERE NEW.active != 0 "
        "ON CONFLICT(deck_id, topic_key) DO UPDATE SET "
        + ", ".join(f"{c} = {c} + excluded.{c}" for c in COLUMNS)
        + ";"
    )
    minus = (
        "UPDATE topic_count SET "
        + ", ".join(f"{c} = {c} - {t}" for c, t in zip(COLUMNS, sub, strict=True))
        + " WHERE OLD.active != 0 AND deck_id = OLD.deck_id AND topic_key = coalesce(OLD.topic_id, 0);"
    )
    # A grade changes `due` of a card already seen from one date to another: the WHEN clause skips those, so
    # the trigger costs nothing on the review path except for a card's first grade.
    changed = (
        "(OLD.active != 0, OLD.suspended != 0, OLD.due IS NULL, OLD.deck_id, coalesce(OLD.topic_id, 0)) IS NOT "
        "(NEW.active != 0, NEW.suspended != 0, NEW.due IS NULL, NEW.deck_id, coalesce(NEW.topic_id, 0))"
    )
    return [
        f"CREATE TRIGGER IF NOT EXISTS topic_count_insert AFTER INSERT ON card_state BEGIN {upsert} END",
        f"CREATE TRIGGER IF NOT EXISTS topic_count_delete AFTER DELETE ON card_state BEGIN {minus} END",
        "CREATE TRIGGER IF NOT EXISTS topic_count_update AFTER UPDATE OF active, suspended, due, deck_id, topic_id"
        f" ON card_state WHEN {changed} BEGIN {minus} {upsert} END",
    ]


TRIGGERS = _triggers()
TRIGGER_NAMES = ("topic_count_insert", "topic_count_delete", "topic_count_update")
# Above this many card_state rows in one transaction, a bulk writer drops the triggers, writes, rebuilds
# topic_count once and creates them again, all in its transaction (a per-row upsert would double the time
# of inserting 100k states; the rebuild costs one indexed scan).
BULK_ROWS = 2_000
_FROM_STATE = (
    "SELECT deck_id, coalesce(topic_id, 0), "
    + ", ".join(f"sum({t})" for t in _terms("card_state"))
    + " FROM card_state WHERE active GROUP BY deck_id, coalesce(topic_id, 0)"
)
# Recompute topic_count from card_state (migration, and `check --repair`).
REBUILD = (
    "DELETE FROM topic_count",
    f"INSERT INTO topic_count (deck_id, topic_key, {', '.join(COLUMNS)}) {_FROM_STATE}",
)
_STORED = f"SELECT deck_id, topic_key, {', '.join(COLUMNS)} FROM topic_count WHERE total != 0"
# Topics whose stored counts differ from card_state's (0 when consistent).
MISMATCHES = f"""SELECT count(*) FROM (
  SELECT * FROM ({_FROM_STATE} EXCEPT {_STORED}) UNION ALL SELECT * FROM ({_STORED} EXCEPT {_FROM_STATE}))"""
