"""Periodic jobs of the evaluation, registered in core.jobs by evaluation's apps.ready (only for time).

  expire_unpaid_cases      cases unpaid after their deadline do not go to review; the applicant is told
  send_scoring_reminders   experts with unsubmitted scorings, before the due date (once per due date)

Each is idempotent: running it twice in a day changes nothing the second time.
"""

from __future__ import annotations

from datetime import date

from .services.payments import cases_expire_unpaid
from .services.scoring import scoring_reminders_send


def expire_unpaid_cases(*, today: date | None = None) -> int:
    return cases_expire_unpaid(today=today)


def send_scoring_reminders(*, today: date | None = None) -> int:
    return scoring_reminders_send(today=today)


BY_NAME = {"expire": expire_unpaid_cases, "remind": send_scoring_reminders}
