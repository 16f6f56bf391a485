"""Named audit events of the review chain (DESIGN.md §4.6); each writes one append-only row."""

from zhicheng.core.audit import record


def review_started(*, actor, application):
    return record("application_review_started", actor=actor, obj=application)


def internal_publicity_recorded(*, actor, record_obj, application):
    return record(
        "internal_publicity_recorded",
        actor=actor,
        obj=application,
        start=record_obj.start.isoformat(),
        end=record_obj.end.isoformat(),
        working_days=record_obj.working_days,
        result=record_obj.result,
    )


def bulk_decision(*, actor, action: str, ok: int, failed: int):
    return record("applications_bulk_decided", actor=actor, action=action, ok=ok, failed=failed)


def recommendation_submitted(*, actor, batch):
    return record("recommendation_submitted", actor=actor, obj=batch, size=batch.size, plan=batch.plan_id)


def publicity_opened(*, actor, publicity, rows: int):
    return record(
        "publicity_opened",
        actor=actor,
        obj=publicity,
        rows=rows,
        start=publicity.start.isoformat(),
        end=publicity.end.isoformat(),
    )


def objection_recorded(*, actor, objection):
    return record("objection_recorded", actor=actor, obj=objection, entry=objection.entry_id)


def objection_resolved(*, actor, objection):
    return record("objection_resolved", actor=actor, obj=objection, outcome=objection.status)


def publicity_closed(*, actor, publicity, cleared: int):
    return record("publicity_closed", actor=actor, obj=publicity, cleared=cleared)


def attachment_viewed(*, actor, application, attachment_id):
    return record("application_attachment_viewed", actor=actor, obj=application, attachment=attachment_id)


def reminders_sent(*, reminders: int, organizations: int):
    return record(
        "deadline_reminders_sent", actor_label="system", reminders=reminders, organizations=organizations
    )
