"""Enqueue background work after commit without letting a broker outage undo the answer.

The action's rows are committed; the task message is only a nudge. If the broker is down, the
row stays "queued" and the relay jobs (notifications.services.outbox_relay,
documents.tasks.export_jobs_relay) dispatch it later: the user never gets a 500 for it
(issue 12 item 6).
"""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """task.delay(*args), or log why not; True when the broker took the message."""
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - broker down or refusing: the relay job dispatches the row later
        log.warning("could not enqueue %s; the relay job will dispatch it later", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: enqueue(task, *args))
