"""Celery entry point for the periodic-job registry (CELERY_BEAT_SCHEDULE → run_periodic_jobs)."""

from celery import shared_task

from .jobs import run_due, run_job


@shared_task
def run_periodic_jobs() -> list[str]:
    return run_due()


@shared_task
def run_periodic_job(name: str) -> str | None:
    return run_job(name)
