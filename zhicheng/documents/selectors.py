"""Reads of the documents app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Status
from zhicheng.plans.models import Plan
from zhicheng.review.models import Publicity, ReviewEntry

from .models import ExportJob, MailingInstructions
from .permissions import can_download_committee_publicity


def export_jobs_for(user: Any) -> QuerySet[ExportJob]:
    """A user sees only the exports they requested: an export holds other people's data
    and was authorised for its requester alone."""
    return ExportJob.objects.filter(requested_by=user)


def get_export_job_for_view(*, user: Any, pk: int) -> ExportJob:
    """Raises ExportJob.DoesNotExist for someone else's job, so its existence does not leak."""
    return export_jobs_for(user).get(pk=pk)


def get_export_job_for_download(*, user: Any, pk: int) -> ExportJob:
    return export_jobs_for(user).get(pk=pk, status=ExportJob.Status.DONE)


# --------------------------------------------------------------------------- documents of one object
#
# Fetch and authorise in one (DESIGN.md §4.1): anything the user may not read is simply not
# found, so the views answer 404 and nothing about its existence leaks (SECURITY.md 6).


def get_application_for_document(*, user: Any, pk: int, allowed: Callable[[Any, Any], bool]):

    application = (
        Application.objects.select_related("plan__committee__organization", "applicant").filter(pk=pk).first()
    )
    if application is None or not allowed(user, application):
        raise Application.DoesNotExist
    return application


def get_plan_for_document(*, user: Any, pk: int, allowed: Callable[[Any, Any], bool]):

    plan = Plan.objects.select_related("committee__organization").filter(pk=pk).first()
    if plan is None or not allowed(user, plan):
        raise Plan.DoesNotExist
    return plan


def get_publicity_for_sheet(*, user: Any, pk: int):

    publicity = Publicity.objects.select_related("plan__committee__organization").filter(pk=pk).first()
    if publicity is None or not can_download_committee_publicity(user, publicity):
        raise Publicity.DoesNotExist
    return publicity


def mailing_instructions_for(plan) -> MailingInstructions | None:
    return MailingInstructions.objects.filter(plan=plan).first()


def plan_publicities(plan) -> QuerySet:

    return Publicity.objects.filter(plan=plan).order_by("-start", "-id")


def employer_staff_applications(plan, employer_org_id: int) -> QuerySet:
    """The employer's staff who submitted to the plan, for its documents page."""

    return (
        Application.objects.filter(plan=plan, employer_id=employer_org_id)
        .exclude(status=Status.DRAFT)
        .select_related("applicant")
        .order_by("applicant__real_name", "pk")
    )


def plans_with_documents(user: Any) -> QuerySet:
    """Plans for which the user's organisation has documents (see can_open_plan_documents)."""

    role, org = getattr(user, "role", ""), getattr(user, "organization_id", None)
    if not org:
        return Plan.objects.none()
    if role == Role.COMMITTEE_OFFICE:
        qs = Plan.objects.filter(committee_id=org)
    elif role == Role.DEPARTMENT:
        qs = Plan.objects.filter(pk__in=ReviewEntry.objects.filter(organization_id=org).values("plan_id"))
    elif role == Role.EMPLOYER:
        applied = Application.objects.filter(employer_id=org).exclude(status=Status.DRAFT).values("plan_id")
        qs = Plan.objects.filter(pk__in=applied)
    else:
        return Plan.objects.none()
    return qs.order_by("-year", "name")
