"""Test support code (not tests): deck text builders, Pilot helpers, CLI runner, database helpers."""
