"""Writes of the documents app (DESIGN.md §4.2: keyword-only, one transaction each)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zhicheng.core import audit

from . import registry
from .models import ExportJob


def export_job_start(*, kind: str, requested_by: Any, params: dict[str, Any] | None = None) -> ExportJob:
    """Queue a background export; the task starts only once the job row is committed
    (DESIGN.md §4.7), so the worker never looks for a job that is not there yet."""
    params = dict(params or {})
    spec = registry.get(kind)  # UnknownExportKind for a kind nobody registered
    if not spec.allowed(requested_by, params):
        audit.record("access_denied", actor=requested_by, result="denied", path=f"export:{kind}")
        raise PermissionDenied("您的账号没有此项导出的权限。")
    with transaction.atomic():
        job = ExportJob.objects.create(kind=kind, requested_by=requested_by, params=params)
        from .tasks import run_export_job

        transaction.on_commit(lambda: run_export_job.delay(job.pk))
    return job
