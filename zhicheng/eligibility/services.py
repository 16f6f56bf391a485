from django.db import transaction
from django.utils import timezone

from zhicheng.core import audit
from zhicheng.core.outbox import enqueue_on_commit

from .checks import check_application
from .models import EligibilityCheck, EligibilityRun, PracticalAssessment

# Applications that have been submitted and are still in play: their verdict matters to a reviewer.
RERUN_STATUSES = ("pending", "returned", "qualified")


def eligibility_record(*, application) -> EligibilityCheck:
    check = check_application(application)
    row, _ = EligibilityCheck.objects.update_or_create(
        application=application,
        defaults={
            "ruleset_id": application.plan.ruleset_id,
            "outcome": check.outcome or EligibilityCheck.Outcome.UNAVAILABLE,
            "result": check.result,
            "error": check.error[:500],
            "evaluated_at": timezone.now(),
        },
    )
    return row


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
    from .tasks import record_application

    enqueue_on_commit(record_application, application_id)


@transaction.atomic
def eligibility_rerun_start(*, plan, actor) -> EligibilityRun:
    run = EligibilityRun.objects.create(plan=plan, requested_by=actor)
    audit.record("eligibility_rerun_started", actor=actor, obj=plan, run=run.pk)
    # A run still queued after a broker outage is dispatched again by tasks.eligibility_relay.
    from .tasks import rerun_plan

    enqueue_on_commit(rerun_plan, run.pk)
    return run
