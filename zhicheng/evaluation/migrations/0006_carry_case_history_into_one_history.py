"""Carry every evaluation.CaseHistory row into the one history (applications.StatusHistory, machine
"evaluation"), keeping the actor, the time, the statuses, the action, the opinion and the data, and linking
each row to the audit event its transition wrote. The next migration deletes CaseHistory.

Reversible: going back copies the "evaluation" rows of the one history into CaseHistory and removes them.
"""

from django.db import migrations

# The audit event each action wrote (evaluation/events.py at the time of this migration).
PAST = {
    "pay": "paid",
    "no_fee": "opened_without_fee",
    "expire": "payment_expired",
    "assessment_pass": "assessment_passed",
    "assessment_fail": "assessment_failed",
    "assign": "assigned",
    "unassign": "unassigned",
    "pass_review": "review_passed",
    "fail_review": "review_failed",
    "publish": "published",
    "clear": "publicity_cleared",
    "cancel": "cancelled",
    "approve": "approved",
    "decline": "declined",
    "certify": "certified",
    "revoke": "revoked",
}
BATCH = 1000


def _audit_index(apps) -> dict:
    """(case id, event, from, to) → the matching audit events, oldest first."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    index: dict = {}
    rows = (
        AuditEvent.objects.filter(object_type="evaluation.evaluationcase", event__startswith="evaluation_case_")
        .order_by("at", "id")
        .values_list("id", "object_id", "event", "at", "data")
    )
    for pk, object_id, event, at, data in rows.iterator(chunk_size=BATCH):
        data = data or {}
        key = (object_id, event, data.get("from_status"), data.get("to_status"))
        index.setdefault(key, []).append((at, pk))
    return index


def _take_audit(index: dict, row) -> int | None:
    """The audit event of this transition: same case, event and statuses, nearest in time (used once)."""
    key = (str(row.case_id), f"evaluation_case_{PAST.get(row.action, row.action)}", row.from_status, row.to_status)
    candidates = index.get(key)
    if not candidates:
        return None
    best = min(range(len(candidates)), key=lambda i: abs((candidates[i][0] - row.at).total_seconds()))
    at, pk = candidates[best]
    if abs((at - row.at).total_seconds()) > 60:
        return None  # not this transition's event (the audit log may have been purged)
    del candidates[best]
    return pk


def carry_case_history(apps, schema_editor):
    CaseHistory = apps.get_model("evaluation", "CaseHistory")
    StatusHistory = apps.get_model("applications", "StatusHistory")
    index = _audit_index(apps)
    batch = []
    rows = CaseHistory.objects.select_related("case__application", "actor").order_by("at", "id")
    for h in rows.iterator(chunk_size=BATCH):
        batch.append(
            StatusHistory(
                application_id=h.case.application_id,
                machine="evaluation",
                at=h.at,
                actor_id=h.actor_id,
                actor_label=h.actor_label,
                role=h.role,
                organization_id=h.actor.organization_id if h.actor_id else None,
                stage=None,
                action=h.action,
                from_status=h.from_status,
                to_status=h.to_status,
                opinion=h.opinion,
                round=h.case.application.round,
                data=h.data,
                audit_event_id=_take_audit(index, h),
            )
        )
        if len(batch) >= BATCH:
            StatusHistory.objects.bulk_create(batch)
            batch = []
    StatusHistory.objects.bulk_create(batch)


def carry_back(apps, schema_editor):
    CaseHistory = apps.get_model("evaluation", "CaseHistory")
    EvaluationCase = apps.get_model("evaluation", "EvaluationCase")
    StatusHistory = apps.get_model("applications", "StatusHistory")
    rows = StatusHistory.objects.filter(machine="evaluation").order_by("at", "id")
    case_of = dict(
        EvaluationCase.objects.filter(application_id__in=rows.values("application_id")).values_list(
            "application_id", "id"
        )
    )
    CaseHistory.objects.bulk_create(
        [
            CaseHistory(
                case_id=case_of[h.application_id],
                at=h.at,
                actor_id=h.actor_id,
                actor_label=h.actor_label,
                role=h.role,
                action=h.action,
                from_status=h.from_status,
                to_status=h.to_status,
                opinion=h.opinion,
                data=h.data,
            )
            for h in rows.iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0005_chinese_labels"),
        ("applications", "0005_one_history_for_both_tables"),
        ("core", "0005_chinese_labels"),
    ]

    operations = [migrations.RunPython(carry_case_history, carry_back)]
