"""Celery entry points for the review chain's periodic jobs (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .jobs import run_due, run_job


@shared_task
def run_periodic_jobs() -> list[str]:
    return run_due()


@shared_task
def send_deadline_reminders() -> str | None:
    return run_job("deadline_reminders")


@shared_task
def notify_ended_publicities() -> str | None:
    return run_job("publicity_ended")
