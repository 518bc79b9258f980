#!/usr/bin/env bash
# Every benchmark of the README's table, one after the other, on one machine: `bash benchmarks/run_all.sh`.
# Quiet the machine first; set FLASHCARDS_BENCH_DIR to keep the caches (synthetic collection, Anki venv) apart.
set -uo pipefail
cd "$(dirname "$0")/.."
uv run python -m compileall -q .venv flashcards > /dev/null
for bench in "bench_startup.py --runs 7" "bench_core.py" "bench_deck_counts.py" "bench_review.py --cards 40" \
    "bench_cards.py" "bench_import.py --pairs 3 --no-best" "bench_memory.py --pairs 3" \
    "bench_stats.py --runs 9 --rounds 6"; do
    echo "===== $bench ($(date +%H:%M:%S))"
    # shellcheck disable=SC2086  # the arguments split on purpose
    uv run python benchmarks/$bench
done
