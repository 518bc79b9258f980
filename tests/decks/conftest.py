"""Fixtures for the per-deck options tests: the TUI tests' services and app (tests/tui/conftest.py)."""

from tests.tui.conftest import app, fake_time, make_services, quick_idle, service, services  # noqa: F401
