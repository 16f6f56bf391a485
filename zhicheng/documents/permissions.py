"""Who may download, preview or export which document: one predicate per action
(DESIGN.md §4.5), used by the views, the export kinds and the templates alike.

The platform's own predicates decide who may see an application
(``applications.permissions.can_view_application``) and which applications a reviewer's
organisation holds (``review.permissions.reviewable_applications``); the rules here only
add what is particular to documents: the applicant gets their own forms once submitted,
full ID numbers go to the applicant and the committee office alone (SECURITY.md 13), and
batch exports are for the offices that send files on.
"""

from __future__ import annotations

from typing import Any

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import can_manage_plan, has_role, is_office_of
from zhicheng.applications.models import Application, Status
from zhicheng.applications.permissions import can_view_application
from zhicheng.plans.models import Plan
from zhicheng.review.models import EntryState, ReviewEntry
from zhicheng.review.permissions import can_reveal_identifiers

from .data import EXCEPTIONAL_DECLARATIONS


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_own_submitted(user, application) -> bool:
    """The applicant's own application once it has been submitted (seed 003 附件5: the form is
    downloaded after the employer's approval; it is offered from submission, watermarked)."""
    return (
        _active(user)
        and application.applicant_id == user.pk
        and application.status != Status.DRAFT
        and application.submitted_at is not None
    )


def can_download_review_form(user, application) -> bool:
    """评审表 (A4, A3, 公示版): the applicant, and every reviewer who may open the file."""
    if not _active(user):
        return False
    if application.applicant_id == user.pk:
        return is_own_submitted(user, application) and review_form_released(application)
    return can_view_application(user, application)


def reveals_identifiers(user, application) -> bool:
    """Full ID and phone numbers on a document: the rule is review.permissions.can_reveal_identifiers
    (the applicant's own; the plan's committee office once the file reached it). A reveal to anyone
    but the applicant is audited by the caller."""
    return can_reveal_identifiers(user, application)


def can_download_exceptional_approval(user, application) -> bool:
    """破格推荐中级专业技术资格审批表: for 破格 and 越级 (seed 003 附件5 三5 《破格（越级）审批表》),
    to whoever may read its 评审表."""
    return application.declaration_type in EXCEPTIONAL_DECLARATIONS and can_download_review_form(
        user, application
    )


def can_download_mailing_checklist(user, application) -> bool:
    """邮寄纸质材料清单: the applicant's own document."""
    return is_own_submitted(user, application)


def can_download_employer_publicity(user, plan=None) -> bool:
    """单位内部公示表: the employer's HR, for a plan its own staff applied to (the rows are its
    own staff only)."""
    if not (has_role(user, Role.EMPLOYER) and user.organization_id):
        return False
    if plan is None:
        return True

    return (
        Application.objects.filter(plan=plan, employer_id=user.organization_id)
        .exclude(status=Status.DRAFT)
        .exists()
    )


def can_download_committee_publicity(user, publicity) -> bool:
    """评委会资格审查公示表: the committee office that published the list."""
    return is_office_of(user, publicity.plan)


def can_download_delegation_letter(user, plan=None) -> bool:
    """委托评审书: the delegating unit (an employer or a 主管部门) that sends files to the plan's
    committee; its rows are the files it approved."""
    return has_role(user, Role.EMPLOYER, Role.DEPARTMENT) and user.organization_id is not None


def can_manage_mailing(user, plan) -> bool:
    """The plan's committee office sets where paper materials are mailed."""
    return can_manage_plan(user, plan)


def can_open_plan_documents(user, plan) -> bool:
    """The plan's documents page: its committee office, a 主管部门 its files reached, an
    employer whose staff applied to it."""
    if not (_active(user) and user.organization_id):
        return False
    if user.role == Role.COMMITTEE_OFFICE:
        return is_office_of(user, plan)
    if user.role == Role.DEPARTMENT:
        return ReviewEntry.objects.filter(organization_id=user.organization_id, plan=plan).exists()
    if user.role == Role.EMPLOYER:
        return can_download_employer_publicity(user, plan)
    return False


# --------------------------------------------------------------------------- batch exports


def can_export_plan_review_forms(user, plan=None) -> bool:
    """All 评审表 of a plan as one ZIP: the plan's committee office, and 主管部门 for the files in
    their jurisdiction that reached them (the builder scopes the rows the same way)."""
    if not (has_role(user, Role.COMMITTEE_OFFICE, Role.DEPARTMENT) and user.organization_id):
        return False
    if plan is None:
        return True
    if user.role == Role.COMMITTEE_OFFICE:
        return is_office_of(user, plan)

    return ReviewEntry.objects.filter(organization_id=user.organization_id, plan=plan).exists()


def can_export_plan_roster(user, plan=None) -> bool:
    """评委会评审对象资格审查花名册 of a plan, with full ID numbers (注4): its committee office."""
    if not (has_role(user, Role.COMMITTEE_OFFICE) and user.organization_id):
        return False
    return plan is None or is_office_of(user, plan)


def can_export_unit_rosters(user, plan=None) -> bool:
    """Each 委托单位's own 花名册 of a plan (seed 003 附件7 注1, 附件5 一1: the office gets the one
    compiled by each unit): the plan's committee office only, for the files that reached it."""
    return _active(user) and can_export_plan_roster(user, plan)


def can_export_employer_publicity(user, plan=None) -> bool:
    return can_download_employer_publicity(user, plan)


def plan_from_params(params: dict[str, Any]):
    """The plan named by an export's parameters, or None (unknown or malformed id)."""

    raw = str(params.get("plan_id", "")).strip()
    if not raw.isdigit() or len(raw) > 12:
        return None
    return Plan.objects.select_related("committee").filter(pk=int(raw)).first()


# --------------------------------------------------------------------------- forms per notice


def can_export_delegated_roster(user, plan=None) -> bool:
    """The 委托单位's own 花名册 (seed 003 附件7 注1 "本表由委托单位填写", 附件5 一1 "由用人单位或
    主管部门统一汇总填报"): an employer or a 主管部门, for the files it approved and sent on."""
    if not (_active(user) and has_role(user, Role.EMPLOYER, Role.DEPARTMENT) and user.organization_id):
        return False
    if plan is None:
        return True

    return ReviewEntry.objects.filter(
        organization_id=user.organization_id, plan=plan, state=EntryState.APPROVED
    ).exists()


def review_form_released(application) -> bool:
    """Has the application passed the step after which its notice lets the applicant print the
    评审表 (Plan.review_form_after)? seed 003 附件5 一2 注: after the employer's approval; seed 001
    附件2 二8: after the 中评委办公室's 资格审核. Reviewers are not bound by it."""
    after = application.plan.review_form_after
    if after == "qualified":
        return application.status == Status.QUALIFIED
    if after == "employer_approved":
        if application.status == Status.QUALIFIED:
            return True
        stage = application.current_stage
        return application.status == Status.PENDING and stage is not None and stage.kind != "employer"
    return True
