from collections import Counter
from datetime import timedelta

from celery import shared_task
from django.db.models import F, Q
from django.utils import timezone

from zhicheng.core.outbox import enqueue

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

    # Claim the run: a message sent twice (the relay after an outage) runs it once.
    claimed = EligibilityRun.objects.filter(pk=run_id, status=EligibilityRun.Status.QUEUED).update(
        status=EligibilityRun.Status.RUNNING
    )
    if not claimed:
        return {}
    run = EligibilityRun.objects.get(pk=run_id)
    qs = Application.objects.filter(plan_id=run.plan_id, status__in=RERUN_STATUSES).select_related(
        "plan", "applicant"
    )
    run.total = qs.count()
    run.save(update_fields=["total"])
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


def eligibility_relay() -> int:
    """The periodic job: what a broker outage left undone a minute on — re-runs still queued, submitted
    applications without a stored verdict, verdicts older than the 实操评议 result they depend on."""
    from zhicheng.applications.models import Application

    from .services import RERUN_STATUSES

    cutoff = timezone.now() - timedelta(minutes=1)
    runs = EligibilityRun.objects.filter(status=EligibilityRun.Status.QUEUED, created_at__lte=cutoff)
    sent = sum(enqueue(rerun_plan, pk) for pk in runs.order_by("id").values_list("pk", flat=True)[:20])
    stale = Application.objects.filter(status__in=RERUN_STATUSES, submitted_at__lte=cutoff).filter(
        Q(eligibility__isnull=True)
        | Q(
            practical_assessment__recorded_at__lte=cutoff,
            practical_assessment__recorded_at__gt=F("eligibility__evaluated_at"),
        )
    )
    sent += sum(
        enqueue(record_application, pk) for pk in stale.order_by("id").values_list("pk", flat=True)[:200]
    )
    return sent
