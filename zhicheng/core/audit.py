"""Named audit events (DESIGN.md §4.6). Call these, never AuditEvent.objects.create."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .middleware import current_request_meta
from .models import AuditEvent, AuditHead


def record(
    event: str, *, actor=None, obj=None, result: str = "ok", role: str = "", **data: Any
) -> AuditEvent:
    meta = current_request_meta()
    with transaction.atomic():
        head, _ = AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        row = AuditEvent(
            at=timezone.now(),
            event=event,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=(
                data.pop("actor_label", "") or (actor.get_username() if getattr(actor, "pk", None) else "")
            )[:64],
            role=role or getattr(actor, "role", "") or "",
            ip=meta.get("ip"),
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            result=result,
            data=data,
            prev_hash=head.last_hash,
        )
        row.hash = row.compute_hash()
        row.save()
        head.last_hash = row.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return row


def verify_chain() -> list[str]:
    """Return the problems found; empty when every row is intact and none is missing."""
    problems: list[str] = []
    prev = "0" * 64
    count = 0
    for row in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if row.prev_hash != prev:
            problems.append(f"#{row.pk}: 前一条记录缺失或被改动")
        if row.compute_hash() != row.hash:
            problems.append(f"#{row.pk}: 记录内容被改动")
        prev = row.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_hash != prev or head.count != count):
        problems.append("链尾与记录不符：有记录被删除")
    return problems


# --- named events -------------------------------------------------------------------------------


def login_succeeded(*, user):
    return record("login_succeeded", actor=user, obj=user)


def login_failed(*, username_hint: str):
    return record("login_failed", result="denied", actor_label=username_hint)


def logout(*, user):
    return record("logout", actor=user, obj=user)


def access_denied(*, user, path: str):
    return record("access_denied", actor=user, result="denied", path=path)


def object_access_denied(*, user, path: str, method: str):
    """An object outside the user's scope, answered 404 so that nothing leaks (issue 12 item 18)."""
    return record("access_denied", actor=user, result="denied", path=path, method=method, answer=404)


def password_changed(*, user):
    return record("password_changed", actor=user, obj=user)


def account_registered(*, user):
    return record("account_registered", actor=user, obj=user)


def staff_account_created(*, actor, user):
    return record("staff_account_created", actor=actor, obj=user, new_role=user.role)


def role_changed(*, actor, user, old_role: str):
    return record("role_changed", actor=actor, obj=user, old_role=old_role, new_role=user.role)


def id_number_viewed(*, actor, subject):
    return record("id_number_viewed", actor=actor, obj=subject)


def employer_registered(*, actor, employer):
    return record("employer_registered", actor=actor, obj=employer)


def employer_letter_uploaded(*, actor, employer):
    return record("employer_letter_uploaded", actor=actor, obj=employer)


def employer_approved(*, actor, employer):
    return record("employer_approved", actor=actor, obj=employer)


def employer_rejected(*, actor, employer, reason: str):
    return record("employer_rejected", actor=actor, obj=employer, reason=reason)


def plan_saved(*, actor, plan, created: bool):
    return record("plan_created" if created else "plan_updated", actor=actor, obj=plan)


def plan_published(*, actor, plan):
    return record("plan_published", actor=actor, obj=plan)


def export_made(*, actor, kind: str, rows: int, obj=None):
    return record("export_made", actor=actor, obj=obj, kind=kind, rows=rows)


def otp_device_confirmed(*, user):
    return record("otp_device_confirmed", actor=user, obj=user)


def upload_rejected(*, actor, field: str, reason: str):
    return record("upload_rejected", actor=actor, result="denied", field=field, reason=reason)


def application_transition(*, actor, application, action: str, from_status: str, to_status: str):
    """application_submitted / _approved / _returned / _rejected / _withdrawn / _resubmitted."""
    past = {
        "submit": "submitted",
        "resubmit": "resubmitted",
        "withdraw": "withdrawn",
        "approve": "approved",
        "return": "returned",
        "reject": "rejected",
    }
    return record(
        f"application_{past[action]}",
        actor=actor,
        obj=application,
        from_status=from_status,
        to_status=to_status,
    )
