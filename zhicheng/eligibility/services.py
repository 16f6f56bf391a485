from collections import Counter

from django.db import transaction
from django.utils import timezone

from zhicheng.core import audit
from zhicheng.core.outbox import enqueue_on_commit

from .checks import Check, check_application, check_applications
from .models import EligibilityCheck, EligibilityRun, PracticalAssessment
from .tasks import record_application, rerun_plan

# Applications that have been submitted and are still in play: their verdict matters to a reviewer.
RERUN_STATUSES = ("pending", "returned", "qualified")


def _fields(application, check: Check, now) -> dict:
    return {
        "ruleset_id": application.plan.ruleset_id,
        "outcome": check.outcome or EligibilityCheck.Outcome.UNAVAILABLE,
        "result": check.result,
        "error": check.error[:500],
        "evaluated_at": now,
        "basis": check.basis,
    }


def eligibility_record(*, application) -> EligibilityCheck:
    check = check_application(application)
    row, _ = EligibilityCheck.objects.update_or_create(
        application=application, defaults=_fields(application, check, timezone.now())
    )
    return row


def eligibility_record_many(applications) -> Counter:
    """Evaluate a chunk of applications (plan, applicant and draft joined) and store every verdict in one
    bulk upsert (INSERT … ON CONFLICT (application_id) DO UPDATE): the plan-wide re-run's unit of work.
    Returns the count per outcome."""
    applications = list(applications)
    checks = check_applications(applications)
    now = timezone.now()
    rows = [EligibilityCheck(application=a, **_fields(a, checks[a.pk], now)) for a in applications]
    EligibilityCheck.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=["ruleset_id", "outcome", "result", "error", "evaluated_at", "basis"],
    )
    return Counter(r.outcome for r in rows)


@transaction.atomic
def practical_assessment_record(*, application, passed: bool, score=None, actor=None) -> PracticalAssessment:
    """Keep the 实操评议 result where the eligibility profile reads it (seed 003 附件1 五), and refresh the
    stored verdict after commit so that queues filtered by outcome see it."""
    row, _ = PracticalAssessment.objects.update_or_create(
        application=application,
        defaults={"passed": passed, "score": score, "recorded_at": timezone.now()},
    )
    audit.record(
        "practical_assessment_recorded",
        actor=actor,
        obj=application,
        passed=passed,
        score=str(score) if score is not None else "",
    )
    eligibility_record_later(application.pk)
    return row


def eligibility_record_later(application_id: int) -> None:
    """After 提交 commits: evaluate in the background so that the applicant's click stays fast. A broker
    outage never fails the 提交: tasks.eligibility_relay evaluates what is left without a verdict."""
    enqueue_on_commit(record_application, application_id)


@transaction.atomic
def eligibility_rerun_start(*, plan, actor) -> EligibilityRun:
    run = EligibilityRun.objects.create(plan=plan, requested_by=actor)
    audit.record("eligibility_rerun_started", actor=actor, obj=plan, run=run.pk)
    # A run still queued after a broker outage is dispatched again by tasks.eligibility_relay.
    enqueue_on_commit(rerun_plan, run.pk)
    return run
