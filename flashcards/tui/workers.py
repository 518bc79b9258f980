"""Posting results from superseding (exclusive) thread workers, whose cancelled runs still finish."""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker


def post_if_current(target: MessagePump, message: Message) -> None:
    """Post `message` unless this worker was cancelled by a newer one: a stale result must not win."""
    if not get_current_worker().is_cancelled:
        target.post_message(message)
