"""Time-based jobs of the review chain and when each is due.

Production runs them from Celery beat (config/settings/base.py CELERY_BEAT_SCHEDULE →
zhicheng.review.tasks); the embedded `make run` set-up runs `manage.py run_periodic_jobs --loop`
beside runserver. Both go through run_due(), which records each run in JobRun so that a job runs
once per interval however many runners there are, and each job is itself idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zhicheng.certificates.tasks import certificates_render_relay
from zhicheng.core.retention import retention_purge
from zhicheng.eligibility.tasks import eligibility_relay
from zhicheng.notifications.services import outbox_relay

from .models import JobRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], int]
    description: str


def _reminders() -> int:
    from .services import send_deadline_reminders

    return send_deadline_reminders()


def _ended_publicities() -> int:
    from .services import notify_ended_publicities

    return notify_ended_publicities()


def _evaluation(name: str) -> Callable[[], int]:
    """The evaluation app's jobs (fees, reminders to experts) run through the same due-and-claim door."""

    def run() -> int:
        from zhicheng.evaluation import jobs

        return jobs.JOBS[name]()

    return run


JOBS: dict[str, Job] = {
    job.name: job
    for job in [
        Job("deadline_reminders", timedelta(hours=1), _reminders, "审核截止前提醒"),
        Job("publicity_ended", timedelta(hours=1), _ended_publicities, "公示期满提醒"),
        Job("evaluation_open", timedelta(hours=1), _evaluation("open"), "资格审查通过后开通缴费"),
        Job("evaluation_expire", timedelta(hours=6), _evaluation("expire"), "逾期未缴费处理"),
        Job("evaluation_remind", timedelta(hours=6), _evaluation("remind"), "专家评分截止提醒"),
        Job("outbox_relay", timedelta(minutes=1), outbox_relay, "补发未送出与待重试的消息"),
        Job("eligibility_relay", timedelta(minutes=1), eligibility_relay, "补做未完成的资格条件核对"),
        Job("certificates_relay", timedelta(minutes=1), certificates_render_relay, "补生成未生成的证书文件"),
        Job("retention_purge", timedelta(days=1), retention_purge, "按保存期限清理过期记录"),
    ]
}


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
    """Run one job if due (or forced); returns a one-line result, or None when it was not due."""
    job = JOBS[name]
    now = timezone.now()
    if not force and not _claim(job, now):
        return None
    if force:
        JobRun.objects.update_or_create(name=job.name, defaults={"last_started_at": now})
    try:
        count = job.run()
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
    return [r for r in (run_job(name, force=force) for name in JOBS) if r is not None]
