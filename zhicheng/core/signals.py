"""Sending an app's events to the apps above it, after commit (DESIGN.md §4.12).

A lower app defines its ``django.dispatch.Signal``s in its own ``signals.py`` and sends them with
``send_on_commit``; a higher app connects its receivers in ``AppConfig.ready()``. Arguments are ids and
plain values only, so that a receiver reads fresh rows in its own transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal


def send_on_commit(signal: Signal, sender, **kwargs) -> None:
    """Send ``signal`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))
