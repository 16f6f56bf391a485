"""The platform's one periodic-job registry (DESIGN.md §4.13–14): timed jobs exist only for time.

Each app registers its own jobs in ``AppConfig.ready()``::

    from zhicheng.core import jobs
    jobs.register("deadline_reminders", send_deadline_reminders, every=timedelta(hours=1),
                  description="审核截止前提醒")

``func`` takes no arguments and returns how many things it handled (an int). Every job must be idempotent:
it may run twice, or be forced. Production runs ``run_due()`` from Celery beat (core.tasks.run_periodic_jobs,
CELERY_BEAT_SCHEDULE); ``make run`` runs ``manage.py run_periodic_jobs --loop`` beside the web server.
``JobRun`` records each run, and a row lock makes concurrent runners agree that a job runs once per interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import JobRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], int]
    every: timedelta
    description: str


_REGISTRY: dict[str, Job] = {}


def register(name: str, func: Callable[[], int], *, every: timedelta, description: str = "") -> Job:
    """Add a job (idempotent for the same function, so that ``ready()`` may run twice in tests)."""
    if every <= timedelta(0):
        raise ValueError(f"job {name}: every must be positive")
    existing = _REGISTRY.get(name)
    if existing is not None and existing.func is not func:
        raise ValueError(f"job {name} is already registered with another function")
    job = Job(name=name, func=func, every=every, description=description or name)
    _REGISTRY[name] = job
    return job


def registered() -> dict[str, Job]:
    """The registered jobs, in registration order (apps' order in INSTALLED_APPS)."""
    return dict(_REGISTRY)


def _claim(job: Job, now) -> bool:
    """Take the job for this run if it is due; a row lock makes concurrent runners agree."""
    with transaction.atomic():
        row, _ = JobRun.objects.get_or_create(name=job.name)
        row = JobRun.objects.select_for_update().get(pk=row.pk)
        if row.last_started_at and row.last_started_at + job.every > now:
            return False
        row.last_started_at = now
        row.save(update_fields=["last_started_at"])
    return True


def run_job(name: str, *, force: bool = False) -> str | None:
    """Run one job if due (or forced); a one-line result, or None when it was not due."""
    job = _REGISTRY[name]
    now = timezone.now()
    if force:
        JobRun.objects.update_or_create(name=job.name, defaults={"last_started_at": now})
    elif not _claim(job, now):
        return None
    try:
        count = job.func()
    except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others; it is recorded
        log.exception("periodic job %s failed", name)
        JobRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_ok=False, last_result=str(exc)[:300]
        )
        return f"{job.description}：失败（{exc}）"
    result = f"{job.description}：处理 {count} 项"
    JobRun.objects.filter(name=name).update(last_finished_at=timezone.now(), last_ok=True, last_result=result)
    return result


def run_due(*, force: bool = False) -> list[str]:
    return [r for r in (run_job(name, force=force) for name in list(_REGISTRY)) if r is not None]
