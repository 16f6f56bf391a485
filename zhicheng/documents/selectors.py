"""Reads of the documents app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ExportJob


def export_jobs_for(user: Any) -> QuerySet[ExportJob]:
    """A user sees only the exports they requested: an export holds other people's data
    and was authorised for its requester alone."""
    return ExportJob.objects.filter(requested_by=user)


def get_export_job_for_view(*, user: Any, pk: int) -> ExportJob:
    """Raises ExportJob.DoesNotExist for someone else's job, so its existence does not leak."""
    return export_jobs_for(user).get(pk=pk)


def get_export_job_for_download(*, user: Any, pk: int) -> ExportJob:
    return export_jobs_for(user).get(pk=pk, status=ExportJob.Status.DONE)
