"""The report as JSON (documented schema) and as text: complete, consistent and with user text kept literal."""

from __future__ import annotations

import json

from flashcards.core.stats import Ratio
from flashcards.core.stats_format import (
    duration,
    percent,
    report_json,
    report_text,
    sparkline,
)
from flashcards.services import Services
from tests.support.data import NASTY_TITLE, SYNTH_TODAY

TOP_LEVEL = {"schema", "study_day", "rollover_hour", "timezone", "today", "streak", "days", "heatmap", "activity",
             "forecast", "retention", "card_states", "intervals", "ease", "readiness", "key_points"}


def test_small_formatters() -> None:
    assert (percent(Ratio()), percent(Ratio(2, 3))) == ("–", "67%")
    assert (duration(40), duration(125), duration(3725)) == ("40s", "2m", "1h 02m")
    assert sparkline([0, 1, 2, 4]) == " ▂▄█" and sparkline([0, 0]) == "  "


def test_json_has_every_documented_field_and_adds_up(synth_services: Services) -> None:
    report = synth_services.stats.report()
    data = json.loads(json.dumps(report_json(report)))
    assert set(data) == TOP_LEVEL and data["schema"] == 1
    assert data["study_day"] == SYNTH_TODAY.isoformat() and data["timezone"] == "UTC"
    assert data["days"][-1]["day"] == SYNTH_TODAY.isoformat()
    assert sum(d["reviews"] for d in data["days"]) == data["heatmap"]["total"]
    year = next(a for a in data["activity"] if a["days"] == 365)
    assert year["reviews"] == sum(d["reviews"] for d in data["days"][-365:])
    assert len(data["forecast"]["days"]) == 30 and data["forecast"]["days"][0]["day"] == SYNTH_TODAY.isoformat()
    assert data["card_states"]["total"] == 160 and data["card_states"]["buried"] == 2
    assert sum(b["count"] for b in data["intervals"]["buckets"]) == data["intervals"]["total"]
    assert data["ease"]["buckets"][0] == {"label": "1.30", "low": 1.3, "high": 1.49, "count": data["ease"]["buckets"][0]["count"]}
    topics = data["readiness"]["topics"]
    assert [t["score"] for t in topics] == sorted(t["score"] for t in topics)
    assert {"label", "deck_id", "topic", "cards", "seen", "mature", "share_seen", "share_mature", "retention",
            "score"} <= set(topics[0])
    for window in data["retention"]["windows"]:
        assert window["all"]["total"] == window["young"]["total"] + window["mature"]["total"]


def test_text_shows_every_section_and_user_text_literally(synth_services: Services) -> None:
    text = report_text(synth_services.stats.report())
    for heading in ("Study day Tue 10 Mar 2026", "Today", "Streak", "Activity", "Heatmap", "Forecast", "Retention",
                    "Cards", "Intervals", "Ease", "Readiness"):
        assert heading in text
    assert "Mon " in text and "Sun " in text
    assert any(NASTY_TITLE in t.label for t in synth_services.stats.report().topics)
