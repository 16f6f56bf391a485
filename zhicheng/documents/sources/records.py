"""The application's own records that every document reads: its draft, the applicant's personal
information, the employer's name and the archive versions pinned when it was submitted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from zhicheng.applications.models import Application


def related_or_none(obj: Any, name: str) -> Any:
    """A reverse one-to-one that may be missing (no draft, no personal info, no case yet)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def draft_of(application: Application):
    return related_or_none(application, "draft")


def personal_info_of(application: Application):
    return related_or_none(application.applicant, "personal_info")


def employer_name_of(application: Application, info) -> str:
    if application.employer_id:
        return application.employer.organization.name
    if info is not None and info.employer_id:
        return info.employer.organization.name
    return ""


def pinned_versions(application: Application) -> list[Any]:
    # Prefetched by review_form_queryset; for a submitted application these are exactly
    # versions_used_by(application) (what 提交 pinned), in the same order.
    return [row.version for row in application.entries.all()]
