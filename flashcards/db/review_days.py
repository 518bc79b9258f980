"""SQL that keeps `review_day` (per study day totals of the review log) in step, by triggers."""

from __future__ import annotations

from flashcards.core.stats import MATURE_DAYS, PASS_GRADE


def _day_terms(row: str) -> list[str]:
    """SQL values one review row adds to each review_day counter (`row` is NEW or OLD)."""
    first = f"({row}.kind = 'review')"
    seen = f"{first} AND {row}.due_before IS NOT NULL"
    young = f"{seen} AND {row}.interval_before < {MATURE_DAYS}"
    mature = f"{seen} AND {row}.interval_before >= {MATURE_DAYS}"
    passed = f"{row}.grade >= {PASS_GRADE}"
    return [
        "1",
        f"{row}.seconds",
        first,
        f"{first} AND {row}.due_before IS NULL",
        f"({young})",
        f"({young} AND {passed})",
        f"({mature})",
        f"({mature} AND {passed})",
    ]


COLUMNS = [
    "answers", "seconds", "first_reviews", "new_cards", "young_total", "young_passed", "mature_total", "mature_passed"
]


def _triggers() -> list[str]:
    """Triggers that keep review_day equal to the per-day totals of review."""
    add = _day_terms("NEW")
    sub = _day_terms("OLD")
    upsert = (
        f"INSERT INTO review_day (study_day, {', '.join(COLUMNS)}) VALUES (NEW.study_day, {', '.join(add)}) "
        "ON CONFLICT(study_day) DO UPDATE SET "
        + ", ".join(f"{c} = {c} + excluded.{c}" for c in COLUMNS)
        + ";"
    )
    minus = (
        "UPDATE review_day SET "
        + ", ".join(f"{c} = {c} - ({t})" for c, t in zip(COLUMNS, sub, strict=True))
        + " WHERE study_day = OLD.study_day;"
    )
    return [
        f"CREATE TRIGGER IF NOT EXISTS review_day_insert AFTER INSERT ON review BEGIN {upsert} END",
        f"CREATE TRIGGER IF NOT EXISTS review_day_delete AFTER DELETE ON review BEGIN {minus} END",
        f"CREATE TRIGGER IF NOT EXISTS review_day_update AFTER UPDATE ON review BEGIN {minus} {upsert} END",
    ]


_TOTALS = ", ".join(
    f"total({t})" if c == "seconds" else f"sum({t})" for c, t in zip(COLUMNS, _day_terms("review"), strict=True)
)
TRIGGERS = _triggers()
# Recompute review_day from the log (migration, and `check --repair`).
REBUILD = (
    "DELETE FROM review_day",
    f"INSERT INTO review_day (study_day, {', '.join(COLUMNS)}) SELECT study_day, {_TOTALS} FROM review GROUP BY study_day",
)
_INT_COLUMNS = ", ".join(c for c in COLUMNS if c != "seconds")
_INT_TOTALS = ", ".join(f"sum({t})" for c, t in zip(COLUMNS, _day_terms("review"), strict=True) if c != "seconds")
# Study days whose stored integer totals differ from the log's (0 when consistent).
_FROM_LOG = f"SELECT study_day, {_INT_TOTALS} FROM review GROUP BY study_day"
_STORED = f"SELECT study_day, {_INT_COLUMNS} FROM review_day WHERE answers != 0"
MISMATCHES = f"""SELECT count(DISTINCT study_day) FROM (
  SELECT * FROM ({_FROM_LOG} EXCEPT {_STORED}) UNION ALL SELECT * FROM ({_STORED} EXCEPT {_FROM_LOG}))"""
