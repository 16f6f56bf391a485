"""Reads of the portal: each role's home page (moved out of accounts, issue 16 §1: the home page shows
plans, archive entries and employers, all floors above accounts)."""

from django.db.models import Exists, OuterRef

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application
from zhicheng.archive.models import PersonalInfo
from zhicheng.organizations.models import Employer, Organization
from zhicheng.organizations.selectors import employers_awaiting_review
from zhicheng.plans.models import Plan
from zhicheng.plans.selectors import open_plan_titles, plans_for_committee_office


def home_context(user) -> dict:
    """What each role's home page shows; each role's section is its own template."""
    context: dict = {"role_template": f"accounts/home/{user.role}.html"}
    if user.role == Role.EMPLOYER and user.organization_id:
        employer = Employer.objects.select_related("organization").filter(pk=user.organization_id).first()
        context.update(
            employer=employer, organization=employer.organization if employer else user.organization
        )
        # Plans in which the employer's staff have applied: where its 公示表 is made. One EXISTS probe of
        # employer_plan_idx per plan (O(plans)); the semi-join `id IN (plans joined with the employer's
        # applications)` hashed all of them: 4 ms of SQL for an employer with 40,000 applications.
        applied = Application.objects.filter(employer_id=user.organization_id, plan_id=OuterRef("pk"))
        context["plans"] = Plan.objects.filter(Exists(applied)).order_by("-year", "name")[:10]
        return context
    if user.organization_id:
        # The organisation with its region's chain (county → city → province) in one read: the department's
        # home names its whole jurisdiction (four reads through user.organization.region.full_name before).
        context["organization"] = (
            Organization.objects.select_related("region__parent__parent")
            .filter(pk=user.organization_id)
            .first()
        )
    if user.role == Role.APPLICANT:
        context["info"] = (
            PersonalInfo.objects.filter(user=user).select_related("employer__organization").first()
        )
        context["open_plans"] = open_plan_titles(5)
    elif user.role == Role.COMMITTEE_OFFICE:
        context["plans"] = plans_for_committee_office(user)[:10]
    elif user.role == Role.ADMIN:
        context["pending_employers"] = employers_awaiting_review().count()
    return context
