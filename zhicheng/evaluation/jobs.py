"""Periodic jobs of the evaluation; the scheduler (celery beat or `run_periodic_jobs`) calls run_all daily.

  open_qualified_cases     open cases (and send the fee notice) for applications qualified since the last run,
                           and cancel cases whose qualification was withdrawn
  expire_unpaid_cases      cases unpaid after their deadline do not go to review; the applicant is told
  send_scoring_reminders   experts with unsubmitted scorings, before the due date (once per due date)

Each is idempotent: running it twice in a day changes nothing the second time.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.models import Status as AppStatus
from zhicheng.plans.models import Plan

from .machine import CANCELLABLE
from .models import EvaluationCase


def open_qualified_cases(*, today: date | None = None) -> int:
    from .services.cases import case_open_for_qualified

    plan_ids = set(
        Application.objects.filter(status=AppStatus.QUALIFIED, evaluation__isnull=True).values_list(
            "plan_id", flat=True
        )
    ) | set(
        EvaluationCase.objects.filter(status__in=CANCELLABLE)
        .exclude(application__status=AppStatus.QUALIFIED)
        .values_list("plan_id", flat=True)
    )
    opened = 0
    for plan in Plan.objects.filter(pk__in=plan_ids).select_related("committee"):
        opened += len(case_open_for_qualified(plan=plan, today=today).opened)
    return opened


def expire_unpaid_cases(*, today: date | None = None) -> int:
    from .services.payments import cases_expire_unpaid

    return cases_expire_unpaid(today=today)


def send_scoring_reminders(*, today: date | None = None) -> int:
    from .services.scoring import scoring_reminders_send

    return scoring_reminders_send(today=today)


JOBS = {
    "open": open_qualified_cases,
    "expire": expire_unpaid_cases,
    "remind": send_scoring_reminders,
}


def run_all(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {name: job(today=today) for name, job in JOBS.items()}
