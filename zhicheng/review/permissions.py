"""One predicate per action (DESIGN.md §4.5), and the scoped querysets they rest on (SECURITY.md 6).

  employer          → applications of its own staff, once submitted
  department        → applications routed to it and inside its jurisdiction (region code prefix)
  committee office  → applications of its committee's plans, once submitted
Everything out of scope is simply absent from the querysets, so views answer 404 and leak nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role, is_office_of
from zhicheng.applications.models import Application, Status
from zhicheng.applications.routing import STAGE_ROLE
from zhicheng.applications.workflow import allowed

from .models import ReviewEntry

REVIEWER_ROLES = (Role.EMPLOYER, Role.DEPARTMENT, Role.COMMITTEE_OFFICE)
STAGE_KINDS_FOR_ROLE = {
    role: tuple(kind for kind, r in STAGE_ROLE.items() if r == role) for role in REVIEWER_ROLES
}


def is_reviewer(user) -> bool:
    return has_role(user, *REVIEWER_ROLES) and user.organization_id is not None


def reviewable_applications(user) -> QuerySet[Application]:
    """Applications the user may open as a reviewer."""
    if not is_reviewer(user):
        return Application.objects.none()
    org = user.organization_id
    qs = Application.objects.exclude(status=Status.DRAFT)
    if user.role == Role.EMPLOYER:
        return qs.filter(employer_id=org)
    if user.role == Role.COMMITTEE_OFFICE:
        return qs.filter(plan__committee_id=org)
    prefix = user.organization.region.prefix
    in_jurisdiction = Q(intake_department__region__code__startswith=prefix) | Q(
        intake_department__isnull=True, employer__organization__region__code__startswith=prefix
    )
    routed = Q(pk__in=_entries_of(org).values("application_id"))
    return qs.filter(in_jurisdiction & routed)


def _entries_of(org_id):
    return ReviewEntry.objects.filter(organization_id=org_id)


def can_view_application(user, application) -> bool:
    return reviewable_applications(user).filter(pk=application.pk).exists()


def reached_applications(user) -> QuerySet[Application]:
    """reviewable_applications narrowed to the files now at or past the user's own stage: what a batch
    export may hold and whose full numbers the committee office may read (issue 12 items 2 and 4).
    A file still at the employer (or back there after a return) has not reached anyone above it."""
    if not is_reviewer(user):
        return Application.objects.none()
    qs = reviewable_applications(user)
    if user.role == Role.EMPLOYER:
        return qs  # the first stage: every submitted file of its own staff
    at_or_past = Q(status=Status.QUALIFIED)
    if user.role == Role.COMMITTEE_OFFICE:
        at_or_past |= Q(
            status=Status.PENDING, current_stage__kind__in=STAGE_KINDS_FOR_ROLE[Role.COMMITTEE_OFFICE]
        )
    else:
        own_stage_passed = _entries_of(user.organization_id).filter(
            application=OuterRef("pk"), stage__order__lte=OuterRef("current_stage__order")
        )
        at_or_past |= Q(Exists(own_stage_passed), status=Status.PENDING)
    return qs.filter(at_or_past)


def reached(user, application) -> bool:
    return reached_applications(user).filter(pk=application.pk).exists()


def can_reveal_identifiers(user, application) -> bool:
    """Full ID and phone numbers: the applicant's own, and the plan's committee office once the file
    reached it (it checks identities for the 资格审查 and the certificates). Everyone else reads
    330***********1234 (SECURITY.md 13). A reveal to anyone but the applicant is audited by the caller."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if application.applicant_id == user.pk:
        return True
    return is_office_of(user, application.plan) and reached(user, application)


def holds(user, application) -> bool:
    """The file is pending at the user's organisation, at a stage of the user's role."""
    return (
        is_reviewer(user)
        and application.status == Status.PENDING
        and application.current_org_id == user.organization_id
        and application.current_stage is not None
        and STAGE_ROLE.get(application.current_stage.kind) == user.role
    )


def can_decide(user, application) -> bool:
    """通过 / 退回修改 / 不通过 now (the workflow checks the same again under the row lock)."""
    return holds(user, application) and allowed(application.status, "approve", user.role)


def needs_internal_publicity(application) -> bool:
    return application.current_stage is not None and application.current_stage.kind == "employer"


def can_recommend(user) -> bool:
    """审核推荐 is the departments' step (seed 001 附件3 二.2)."""
    return has_role(user, Role.DEPARTMENT) and user.organization_id is not None


def can_receive_recommendations(user) -> bool:
    """收到的推荐名单: the committee office receives the departments' recommendation batches."""
    return has_role(user, Role.COMMITTEE_OFFICE) and user.organization_id is not None


def can_review_own_staff(user) -> bool:
    """The employer's review: its own staff only, after the internal 公示 of at least 5 working days
    (seed 003 附件5 一1) — its queue needs no employer column and carries the 公示 reminder."""
    return has_role(user, Role.EMPLOYER) and user.organization_id is not None


def can_manage_publicity(user, plan=None) -> bool:
    if not (has_role(user, Role.COMMITTEE_OFFICE) and user.organization_id):
        return False
    return plan is None or is_office_of(user, plan)


def can_cancel_qualification(user, application) -> bool:
    return (
        application.status == Status.QUALIFIED
        and can_manage_publicity(user, application.plan)
        and allowed(application.status, "reject", user.role)
    )
