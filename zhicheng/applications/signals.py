"""Events of the application's lifecycle, for the apps above to subscribe to (DESIGN.md §4.12).

Each is sent after the transaction that caused it has committed (``transaction.on_commit``), with ids
only, so that a subscriber never acts on a change that was rolled back and never holds this app's lock.
"""

from __future__ import annotations

from django.dispatch import Signal

# application_id, plan_id, action, from_status, to_status: one per workflow.transition().
application_transitioned = Signal()
