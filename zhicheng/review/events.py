"""Named audit events of the review chain (DESIGN.md §4.6); each writes one append-only row."""

from zhicheng.core.audit import record


def review_started(*, actor, application):
    return record("application_review_started", actor=actor, obj=application)


def bulk_decision(*, actor, action: str, ok: int, failed: int):
    return record("applications_bulk_decided", actor=actor, action=action, ok=ok, failed=failed)


def recommendation_submitted(*, actor, batch):
    return record("recommendation_submitted", actor=actor, obj=batch, size=batch.size, plan=batch.plan_id)


def attachment_viewed(*, actor, application, attachment_id):
    return record("application_attachment_viewed", actor=actor, obj=application, attachment=attachment_id)


def reminders_sent(*, reminders: int, organizations: int):
    return record(
        "deadline_reminders_sent", actor_label="system", reminders=reminders, organizations=organizations
    )
