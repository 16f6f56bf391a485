"""Writes of the documents app (DESIGN.md §4.2: keyword-only, one transaction each)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhicheng.core import audit
from zhicheng.core.outbox import enqueue_on_commit

from . import registry
from .models import ExportJob, MailingInstructions
from .permissions import can_manage_mailing
from .tasks import run_export_job


def export_job_start(*, kind: str, requested_by: Any, params: dict[str, Any] | None = None) -> ExportJob:
    """Queue a background export; the task starts only once the job row is committed
    (DESIGN.md §4.7), so the worker never looks for a job that is not there yet."""
    params = dict(params or {})
    spec = registry.get(kind)  # UnknownExportKind for a kind nobody registered
    missing = [name for name in spec.required if not str(params.get(name, "")).strip()]
    if missing:
        raise registry.MissingExportParameter(
            "请选择" + "、".join(spec.params.get(n, n) for n in missing) + "。"
        )
    if not spec.allowed(requested_by, params):
        audit.record("access_denied", actor=requested_by, result="denied", path=f"export:{kind}")
        raise PermissionDenied("您的账号没有此项导出的权限。")
    with transaction.atomic():
        job = ExportJob.objects.create(kind=kind, requested_by=requested_by, params=params)
        # A broker outage leaves the job queued for export_jobs_relay; the request still succeeds.
        enqueue_on_commit(run_export_job, job.pk)
    return job


def mailing_instructions_save(*, plan: Any, actor: Any, data: dict[str, Any]) -> MailingInstructions:
    """Set where the plan's paper materials are mailed (the committee office's decision)."""

    if not can_manage_mailing(actor, plan):
        audit.record("access_denied", actor=actor, result="denied", path=f"mailing:{plan.pk}")
        raise PermissionDenied("只有本计划的评委会办公室可以设置纸质材料邮寄地址。")
    fields = ("address", "recipient", "phone", "review_form_copies", "a3_booklet", "extra_items", "notes")
    with transaction.atomic():
        instructions, created = MailingInstructions.objects.update_or_create(
            plan=plan,
            defaults={**{f: data[f] for f in fields}, "updated_by": actor, "updated_at": timezone.now()},
        )
        audit.record(
            "mailing_instructions_saved", actor=actor, obj=instructions, plan=plan.pk, created=created
        )
    return instructions
