"""What the stats screen, the card info screen and `flashcards stats` ask for, answered with core types."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from flashcards.core import card_info as info
from flashcards.core.errors import NotFoundError
from flashcards.core.key_points import missed_by_topic
from flashcards.core.stats import heatmap_start
from flashcards.core.stats_report import Inputs, StatsReport, build_report
from flashcards.db import plan_reads, reads
from flashcards.db import stats_queries as q
from flashcards.db.collection import Collection
from flashcards.services.study import StudyService

TOPIC_RETENTION_DAYS = 30
FORECAST_DAYS = 30

Job = Callable[[sqlite3.Connection], Any]


class StatsService:
    """Progress statistics over a Collection (its clock and day rule), with today's counts from `study`.

    The report's independent queries run on separate read connections in parallel:
    sqlite3 releases the GIL while SQLite steps and WAL lets readers share the file.
    """

    def __init__(self, collection: Collection, study: StudyService, workers: int | None = None) -> None:
        self.collection = collection
        self.study = study
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)

    def report(self) -> StatsReport:
        """Every number of the stats screen as of the current study day.

        Raises DatabaseError if the collection cannot be read.
        """
        settings = self.collection.settings()
        rule = self.collection.day_rule(settings)
        today = rule.study_day(self.collection.clock.now())
        counts = self.study.queue_counts()
        got = self._run(self._jobs(today))
        days = [*got["days_a"], *got["days_b"]]
        report = build_report(
            Inputs(
                today=today,
                days=tuple(days),
                older_days=tuple(got["older"]),
                correct_today=got["correct"],
                left=(counts.due, counts.new, counts.repeats),
                due=got["due"],
                groups=tuple(got["groups"]),
                names=tuple(got["names"]),
                recent=got["recent"],
                intervals=got["spread"][0],
                ease=got["spread"][1],
                rule=rule,
                topic_retention_days=TOPIC_RETENTION_DAYS,
                most_failed=tuple(got["lapsed"]),
            )
        )
        return replace(report, leeches=got["leeches"], missed_points=missed_by_topic(got["points"]))

    def _jobs(self, today: date) -> dict[str, Job]:
        first = heatmap_start(today)
        middle = first + timedelta(days=(today - first).days // 2)
        recent_from = today - timedelta(days=TOPIC_RETENTION_DAYS - 1)
        return {  # the longest first (100k cards / 1M reviews: 50, 35, 33 ms), so the workers end together
            "groups": lambda c: q.state_groups(c, today),
            "spread": q.interval_and_ease,
            "recent": lambda c: q.recent_retention(c, recent_from),
            "days_a": lambda c: q.day_activity(c, first, middle),
            "days_b": lambda c: q.day_activity(c, middle),
            "due": lambda c: q.due_counts(c, today + timedelta(days=FORECAST_DAYS - 1)),
            "older": lambda c: q.days_before(c, first),
            "correct": lambda c: q.correct_on(c, today),
            "names": q.topic_names,
            "leeches": q.leech_count,
            "lapsed": q.most_lapsed,
            "points": q.key_point_tallies,
        }

    def _run(self, jobs: dict[str, Job]) -> dict[str, Any]:
        """Run the jobs on the read connection, or in parallel when more than one worker is allowed: each
        worker opens one read connection and takes the next job in `jobs` order (longest first) until
        none is left. One connection per worker, not per job, keeps its page cache warm across jobs."""
        if self.workers <= 1:
            with self.collection.read() as conn:
                return {name: job(conn) for name, job in jobs.items()}
        names = iter(jobs)
        taking = threading.Lock()
        results: dict[str, Any] = {}

        def work() -> None:
            with self.collection.extra_reader() as conn:
                while True:
                    with taking:
                        name = next(names, None)
                    if name is None:
                        return
                    results[name] = jobs[name](conn)

        count = min(self.workers, len(jobs))
        with ThreadPoolExecutor(max_workers=count, thread_name_prefix="stats") as pool:
            for future in [pool.submit(work) for _ in range(count)]:
                future.result()
        return {name: results[name] for name in jobs}

    def card_info(self, card_id: int) -> info.CardInfo:
        """A card's state, full review history and the reasoning behind its interval.

        Raises NotFoundError for an unknown card id.
        """
        rule = self.collection.day_rule()
        today = rule.study_day(self.collection.clock.now())
        with self.collection.read() as conn:
            card = reads.get_card(conn, card_id)
            steps = q.review_steps(conn, card_id)
            points = q.card_key_points(conn, card_id)
            interviews = plan_reads.interviews(conn)
        if card is None:
            raise NotFoundError(f"no card with id {card_id}")
        return info.card_info(card, steps, today, rule, points, interviews)

