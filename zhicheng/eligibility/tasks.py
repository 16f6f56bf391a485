from collections import Counter

from celery import shared_task
from django.utils import timezone

from .models import EligibilityRun


@shared_task
def record_application(application_id: int) -> str:
    from zhicheng.applications.models import Application

    from .services import eligibility_record

    application = Application.objects.select_related("plan", "applicant").get(pk=application_id)
    return eligibility_record(application=application).outcome


@shared_task
def rerun_plan(run_id: int) -> dict:
    """Re-evaluate every submitted application of the plan, in chunks, reporting progress as it goes."""
    from zhicheng.applications.models import Application

    from .services import RERUN_STATUSES, eligibility_record

    run = EligibilityRun.objects.get(pk=run_id)
    qs = Application.objects.filter(plan_id=run.plan_id, status__in=RERUN_STATUSES).select_related(
        "plan", "applicant"
    )
    run.status, run.total = EligibilityRun.Status.RUNNING, qs.count()
    run.save(update_fields=["status", "total"])
    counts: Counter = Counter()
    try:
        for i, application in enumerate(qs.iterator(chunk_size=200), start=1):
            counts[eligibility_record(application=application).outcome] += 1
            if i % 25 == 0 or i == run.total:
                EligibilityRun.objects.filter(pk=run.pk).update(done=i, counts=dict(counts))
    except Exception as exc:  # noqa: BLE001 - recorded on the run for the office to see, then re-raised
        EligibilityRun.objects.filter(pk=run.pk).update(
            status=EligibilityRun.Status.FAILED, error=str(exc)[:300]
        )
        raise
    EligibilityRun.objects.filter(pk=run.pk).update(
        status=EligibilityRun.Status.DONE, done=run.total, counts=dict(counts), finished_at=timezone.now()
    )
    return dict(counts)
