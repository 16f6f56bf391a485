"""Periodic jobs of the evaluation; the scheduler (celery beat or `run_periodic_jobs`) calls run_all daily.

  expire_unpaid_cases      cases unpaid after their deadline do not go to review; the applicant is told
  send_scoring_reminders   experts with unsubmitted scorings, before the due date (once per due date)

Each is idempotent: running it twice in a day changes nothing the second time.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def expire_unpaid_cases(*, today: date | None = None) -> int:
    from .services.payments import cases_expire_unpaid

    return cases_expire_unpaid(today=today)


def send_scoring_reminders(*, today: date | None = None) -> int:
    from .services.scoring import scoring_reminders_send

    return scoring_reminders_send(today=today)


JOBS = {
    "expire": expire_unpaid_cases,
    "remind": send_scoring_reminders,
}


def run_all(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {name: job(today=today) for name, job in JOBS.items()}
