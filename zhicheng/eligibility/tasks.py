from collections import Counter
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhicheng.core.outbox import enqueue

from .models import EligibilityRun, EligibilityRunChunk


@shared_task
def record_application(application_id: int) -> str:
    # upward (named exception in docs/architecture.md): a verdict is stored per application
    from zhicheng.applications.models import Application

    # heavy and a cycle: services loads the engine and jsonschema and imports this module, which ready() imports
    from .services import eligibility_record

    application = Application.objects.select_related("plan", "applicant").get(pk=application_id)
    return eligibility_record(application=application).outcome


# Applications per chunk task: large enough that the bulk reads and the upsert pay off, small enough
# that two workers share a plan evenly and a progress bar moves (bench/bench_eligibility_rerun.py).
CHUNK = 500
# A chunk claimed this long ago and not done: its worker died; the relay hands it out again.
STALE_CLAIM = timedelta(minutes=10)


@shared_task
def rerun_plan(run_id: int) -> dict:
    """Split a plan's re-run into chunks of CHUNK applications (ranges of ids) and hand them to the
    workers: each chunk is a task of its own (rerun_chunk) that evaluates its applications with bulk
    reads and stores the verdicts in one upsert."""
    # upward (named exception in docs/architecture.md): a verdict is stored per application
    from zhicheng.applications.models import Application

    # heavy and a cycle: services loads the engine and jsonschema and imports this module, which ready() imports
    from .services import RERUN_STATUSES

    # Claim the run: a message sent twice (the relay after an outage) runs it once.
    claimed = EligibilityRun.objects.filter(pk=run_id, status=EligibilityRun.Status.QUEUED).update(
        status=EligibilityRun.Status.RUNNING
    )
    if not claimed:
        return {}
    run = EligibilityRun.objects.get(pk=run_id)
    ids = list(
        Application.objects.filter(plan_id=run.plan_id, status__in=RERUN_STATUSES)
        .order_by("id")
        .values_list("id", flat=True)
    )
    with transaction.atomic():
        EligibilityRun.objects.filter(pk=run.pk).update(total=len(ids))
        chunks = EligibilityRunChunk.objects.bulk_create(
            [
                EligibilityRunChunk(run=run, first_id=ids[i], last_id=ids[min(i + CHUNK, len(ids)) - 1])
                for i in range(0, len(ids), CHUNK)
            ]
        )
    if not chunks:
        _finish(run.pk)
    # A chunk whose message the broker did not take is dispatched by eligibility_relay a minute on.
    for chunk in chunks:
        enqueue(rerun_chunk, chunk.pk)
    return {"total": len(ids), "chunks": len(chunks)}


@shared_task
def rerun_chunk(chunk_id: int) -> dict:
    # upward (named exception in docs/architecture.md): a verdict is stored per application
    from zhicheng.applications.models import Application

    # heavy and a cycle: services loads the engine and jsonschema and imports this module, which ready() imports
    from .services import RERUN_STATUSES, eligibility_record_many

    claimed = EligibilityRunChunk.objects.filter(
        pk=chunk_id, status=EligibilityRunChunk.Status.QUEUED
    ).update(status=EligibilityRunChunk.Status.RUNNING, claimed_at=timezone.now())
    if not claimed:
        return {}
    chunk = EligibilityRunChunk.objects.select_related("run").get(pk=chunk_id)
    run = chunk.run
    applications = Application.objects.filter(
        plan_id=run.plan_id, status__in=RERUN_STATUSES, id__gte=chunk.first_id, id__lte=chunk.last_id
    ).select_related("plan", "applicant", "draft")
    try:
        with transaction.atomic():
            counts = eligibility_record_many(applications)
            done = sum(counts.values())
            EligibilityRunChunk.objects.filter(pk=chunk.pk).update(
                status=EligibilityRunChunk.Status.DONE, done=done, counts=dict(counts)
            )
            EligibilityRun.objects.filter(pk=run.pk).update(done=F("done") + done)
    except Exception as exc:  # noqa: BLE001 - recorded on the run for the office to see, then re-raised
        EligibilityRunChunk.objects.filter(pk=chunk.pk).update(status=EligibilityRunChunk.Status.QUEUED)
        EligibilityRun.objects.filter(pk=run.pk).update(
            status=EligibilityRun.Status.FAILED, error=str(exc)[:300]
        )
        raise
    if (
        not EligibilityRunChunk.objects.filter(run=run)
        .exclude(status=EligibilityRunChunk.Status.DONE)
        .exists()
    ):
        _finish(run.pk)
    return dict(counts)


def _finish(run_id: int) -> None:
    """The last chunk done: add up the counts; a conditional update so that two last chunks finish once."""
    counts: Counter = Counter()
    done = 0
    for chunk_counts, chunk_done in EligibilityRunChunk.objects.filter(run_id=run_id).values_list(
        "counts", "done"
    ):
        counts.update(chunk_counts)
        done += chunk_done
    EligibilityRun.objects.filter(pk=run_id, status=EligibilityRun.Status.RUNNING).update(
        status=EligibilityRun.Status.DONE, done=done, counts=dict(counts), finished_at=timezone.now()
    )


def eligibility_relay() -> int:
    """The periodic job: what a broker outage left undone a minute on — re-runs still queued, submitted
    applications without a stored verdict, verdicts older than the 实操评议 result they depend on."""
    # upward (named exception in docs/architecture.md): a verdict is stored per application
    from zhicheng.applications.models import Application

    # heavy and a cycle: services loads the engine and jsonschema and imports this module, which ready() imports
    from .services import RERUN_STATUSES

    cutoff = timezone.now() - timedelta(minutes=1)
    runs = EligibilityRun.objects.filter(status=EligibilityRun.Status.QUEUED, created_at__lte=cutoff)
    sent = sum(enqueue(rerun_plan, pk) for pk in runs.order_by("id").values_list("pk", flat=True)[:20])
    # Chunks of a running re-run whose message was lost, or whose worker died holding them.
    EligibilityRunChunk.objects.filter(
        run__status=EligibilityRun.Status.RUNNING,
        status=EligibilityRunChunk.Status.RUNNING,
        claimed_at__lte=timezone.now() - STALE_CLAIM,
    ).update(status=EligibilityRunChunk.Status.QUEUED)
    chunks = EligibilityRunChunk.objects.filter(
        run__status=EligibilityRun.Status.RUNNING,
        status=EligibilityRunChunk.Status.QUEUED,
        created_at__lte=cutoff,
    )
    sent += sum(enqueue(rerun_chunk, pk) for pk in chunks.order_by("id").values_list("pk", flat=True)[:200])
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
