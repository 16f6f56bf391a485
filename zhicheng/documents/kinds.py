"""The real export kinds, registered in DocumentsConfig.ready().

Each kind pairs a builder with its permission predicate (permissions.py). The predicate is
asked when the job starts (services.export_job_start) and again by the builder when the job
runs, since a role may change in between; the rows themselves always come from querysets
scoped by the requester's organisation, so even a wrong predicate could not widen them.
The pipeline (tasks.run_export_job) records audit.export_made with the row count.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import office_scope
from zhicheng.applications.models import Application, Status
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar
from zhicheng.organizations.models import Employer
from zhicheng.plans.models import Plan
from zhicheng.review.models import EntryState, ReviewEntry
from zhicheng.review.permissions import reached_applications

from . import registry, roster, sources
from .data import RenderedDocument
from .permissions import (
    can_export_delegated_roster,
    can_export_employer_publicity,
    can_export_plan_review_forms,
    can_export_plan_roster,
    can_export_unit_rosters,
    plan_from_params,
    reveals_identifiers,
)

PLAN_REVIEW_FORMS = "plan_review_forms"
PLAN_ROSTER = "plan_roster"
EMPLOYER_PUBLICITY = "employer_publicity"
DELEGATED_ROSTER = sources.DELEGATED_ROSTER_KIND  # "delegated_roster"
UNIT_ROSTER = "unit_roster"
UNIT_ROSTERS = "unit_rosters"


def _plan_choice(plan: Plan) -> tuple[str, str]:
    return str(plan.pk), plan.name  # plan names carry their year already


def office_plans(user) -> list[tuple[str, str]]:
    if not (getattr(user, "role", "") == Role.COMMITTEE_OFFICE and user.organization_id):
        return []
    return [_plan_choice(p) for p in Plan.objects.filter(office_scope(user, "")).order_by("-year", "name")]


def reviewer_plans(user) -> list[tuple[str, str]]:
    """Plans with files at the user's organisation: the office's own plans, or for a 主管部门
    the plans whose files reached it."""
    if getattr(user, "role", "") == Role.COMMITTEE_OFFICE:
        return office_plans(user)
    if not (getattr(user, "role", "") == Role.DEPARTMENT and user.organization_id):
        return []

    reached = ReviewEntry.objects.filter(organization_id=user.organization_id).values("plan_id")
    return [_plan_choice(p) for p in Plan.objects.filter(pk__in=reached).order_by("-year", "name")]


def employer_plans(user) -> list[tuple[str, str]]:
    if not (getattr(user, "role", "") == Role.EMPLOYER and user.organization_id):
        return []
    applied = Application.objects.filter(employer_id=user.organization_id).exclude(status=Status.DRAFT)
    return [
        _plan_choice(p)
        for p in Plan.objects.filter(pk__in=applied.values("plan_id")).order_by("-year", "name")
    ]


def delegating_plans(user) -> list[tuple[str, str]]:
    """Plans for which the user's employer or 主管部门 approved files and sent them on."""
    if not (getattr(user, "role", "") in (Role.EMPLOYER, Role.DEPARTMENT) and user.organization_id):
        return []

    sent = ReviewEntry.objects.filter(organization_id=user.organization_id, state=EntryState.APPROVED)
    return [
        _plan_choice(p) for p in Plan.objects.filter(pk__in=sent.values("plan_id")).order_by("-year", "name")
    ]


def _plan_or_refuse(request: registry.ExportRequest, predicate) -> Plan:
    plan = plan_from_params(request.params)
    if plan is None or not predicate(request.user, plan):
        raise PermissionDenied("您的账号没有此项导出的权限。")
    return plan


def _allowed(predicate):
    """An export predicate over (user, params): with no plan chosen yet it answers whether the
    user may use the kind at all (to list it); with a plan, whether for that plan."""

    def allowed(user: Any, params: dict[str, Any]) -> bool:
        if not params.get("plan_id"):
            return predicate(user, None)
        plan = plan_from_params(params)
        return plan is not None and predicate(user, plan)

    return allowed


# --------------------------------------------------------------------------- builders


def build_plan_review_forms(request: registry.ExportRequest) -> registry.DocumentBatch:
    """All 评审表 of a plan that reached the requester, in one ZIP, one watermarked A4 PDF per
    applicant. The committee office's copies carry full ID numbers (it is the office that checks
    identities); a 主管部门's are masked."""

    from . import pdf  # Typst and Pillow load with the first PDF, not in every process

    user = request.user
    plan = _plan_or_refuse(request, can_export_plan_review_forms)
    # Exactly the files that reached the requester's organisation: never one still at the employer.
    applications = reached_applications(user).filter(plan=plan, status__in=sources.ACTIVE_STATUSES)
    total = applications.count()

    def documents() -> Iterator[RenderedDocument]:
        for application, data in sources.review_forms(applications):
            reveal = reveals_identifiers(user, application)
            yield RenderedDocument(
                f"{application.pk:06d}_{data.applicant.name}_专业技术职务任职资格评审表.pdf",
                pdf.review_form_pdf(data, reveal_identifiers=reveal),
            )

    return registry.DocumentBatch(documents=documents(), total=total, filename=f"{plan.name}_评审表.zip")


def build_plan_roster(request: registry.ExportRequest) -> registry.RosterExport:
    """The plan's 评委会评审对象资格审查花名册 (seed 003 附件7), streamed from the database."""
    user = request.user
    plan = _plan_or_refuse(request, can_export_plan_roster)
    applications = sources.roster_applications(plan).filter(office_scope(user))
    return registry.RosterExport(
        meta=sources.roster_meta(plan, viewer=user),
        rows=sources.roster_rows(plan, viewer=user, applications=applications),
        total=applications.count(),
        # 注4 身份证号码务必准确填写: the committee office's own roster has the full numbers.
        reveal_identifiers=True,
        filename=f"{plan.name}_{plan.roster_heading}.xlsx",
    )


def build_delegated_roster(request: registry.ExportRequest) -> registry.RosterExport:
    """The 委托单位's 花名册 (seed 003 附件7 注1, 附件5 一1): the employer or 主管部门 compiles it for
    the files it approved and sent on, with itself as 委托单位 and the exporting user as 填报人;
    the office receives one from each. Full ID numbers: 注4 asks the unit to fill them in exactly,
    and they are its own staff (or the files in its jurisdiction)."""
    user = request.user
    plan = _plan_or_refuse(request, can_export_delegated_roster)
    applications = sources.delegated_applications(plan, user.organization_id)
    return registry.RosterExport(
        meta=sources.roster_meta(plan, viewer=user, delegating_unit=user.organization.name),
        rows=sources.roster_rows(plan, viewer=user, applications=applications),
        total=applications.count(),
        reveal_identifiers=True,
        filename=f"{plan.name}_{plan.roster_heading}_{user.organization.name}.xlsx",
    )


def _unit_roster(plan: Plan, unit: sources.RecommendingUnit, reached) -> registry.RosterExport:
    """One 委托单位's 花名册 as that unit compiles it (build_delegated_roster): the unit as 委托单位,
    its 经办人 as 填报人; only its files that reached the office."""
    applications = sources.unit_roster_applications(plan, unit.org_id, reached)
    return registry.RosterExport(
        meta=sources.roster_meta(
            plan, viewer=unit.filled_by, delegating_unit=unit.name, submitted_on=unit.filled_on
        ),
        rows=sources.roster_rows(plan, applications=applications),
        total=applications.count(),
        reveal_identifiers=True,  # 注4, and the office reads full numbers of files that reached it
        filename=f"{plan.name}_{plan.roster_heading}_{unit.name}.xlsx",
    )


def _office_reached(request: registry.ExportRequest) -> tuple[Plan, Any]:

    plan = _plan_or_refuse(request, can_export_unit_rosters)
    return plan, reached_applications(request.user).filter(plan=plan)


def build_unit_roster(request: registry.ExportRequest) -> registry.RosterExport:
    """The committee office's copy of one 委托单位's 花名册 (seed 003 附件7 注1, 附件5 一1)."""
    plan, reached = _office_reached(request)
    unit_id = str(request.params.get("unit_id", "")).strip()
    unit = next((u for u in sources.recommending_units(plan, reached) if str(u.org_id) == unit_id), None)
    if unit is None:
        raise PermissionDenied("该单位没有向本计划推荐已送达评委会办公室的人员。")
    return _unit_roster(plan, unit, reached)


def build_unit_rosters(request: registry.ExportRequest) -> registry.DocumentBatch:
    """Every 委托单位's 花名册 of the plan in one ZIP, one workbook per unit; the audit counts the
    applicant rows of all workbooks together."""

    plan, reached = _office_reached(request)
    units = sources.recommending_units(plan, reached)
    rows = [0]

    def documents() -> Iterator[RenderedDocument]:
        for unit in units:
            export = _unit_roster(plan, unit, reached)
            buffer = io.BytesIO()
            rows[0] += roster.write_roster(
                export.rows, buffer, meta=export.meta, reveal_identifiers=export.reveal_identifiers
            )
            yield RenderedDocument(export.filename, buffer.getvalue())

    return registry.DocumentBatch(
        documents=documents(),
        total=len(units),
        filename=f"{plan.name}_各委托单位{plan.roster_heading}.zip",
        row_count=lambda: rows[0],
    )


def _unit_roster_allowed(user: Any, params: dict[str, Any]) -> bool:
    """Started from the plan's documents page, one unit at a time: never listed without a plan
    and a unit (the generic start forms have no way to choose the unit)."""
    if not (params.get("plan_id") and params.get("unit_id")):
        return False
    return _allowed(can_export_unit_rosters)(user, params)


def build_employer_publicity(request: registry.ExportRequest) -> registry.SingleDocument:
    """The employer's 单位内部公示表 for one plan, period starting today (≥5 working days)."""
    from . import pdf  # Typst and Pillow load with the first PDF, not in every process

    user = request.user
    plan = _plan_or_refuse(request, can_export_employer_publicity)
    employer = Employer.objects.select_related("organization").get(pk=user.organization_id)
    start = timezone.localdate()
    data = sources.employer_publicity_sheet_data(
        plan,
        employer,
        start=start,
        end=calendar().end_of_period(start, MIN_PUBLICITY_WORKING_DAYS),
        contact_phone=str(request.params.get("contact_phone", "")).strip()[:30],
    )
    return registry.SingleDocument(
        document=RenderedDocument(f"{plan.name}_单位内部公示表.pdf", pdf.publicity_sheet_pdf(data)),
        rows=len(data.rows),
    )


KINDS = (
    registry.ExportKind(
        key=PLAN_REVIEW_FORMS,
        label="申报计划全部评审表（ZIP）",
        build=build_plan_review_forms,
        allowed=_allowed(can_export_plan_review_forms),
        params={"plan_id": "申报计划"},
        choices={"plan_id": reviewer_plans},
        required=("plan_id",),
    ),
    registry.ExportKind(
        key=PLAN_ROSTER,
        label="评委会评审对象资格审查花名册（Excel）",
        build=build_plan_roster,
        allowed=_allowed(can_export_plan_roster),
        params={"plan_id": "申报计划"},
        choices={"plan_id": office_plans},
        required=("plan_id",),
    ),
    registry.ExportKind(
        key=DELEGATED_ROSTER,
        label="本单位推荐人员花名册（Excel，委托单位填报）",
        build=build_delegated_roster,
        allowed=_allowed(can_export_delegated_roster),
        params={"plan_id": "申报计划"},
        choices={"plan_id": delegating_plans},
        required=("plan_id",),
    ),
    registry.ExportKind(
        key=UNIT_ROSTERS,
        label="各委托单位花名册（ZIP，每单位一份Excel）",
        build=build_unit_rosters,
        allowed=_allowed(can_export_unit_rosters),
        params={"plan_id": "申报计划"},
        choices={"plan_id": office_plans},
        required=("plan_id",),
    ),
    registry.ExportKind(
        key=UNIT_ROSTER,
        label="委托单位花名册（Excel）",
        build=build_unit_roster,
        allowed=_unit_roster_allowed,
        params={"plan_id": "申报计划", "unit_id": "委托单位"},
        required=("plan_id", "unit_id"),
    ),
    registry.ExportKind(
        key=EMPLOYER_PUBLICITY,
        label="单位内部公示表（PDF）",
        build=build_employer_publicity,
        allowed=_allowed(can_export_employer_publicity),
        params={"plan_id": "申报计划", "contact_phone": "异议受理电话"},
        choices={"plan_id": employer_plans},
        required=("plan_id",),
    ),
)


def register_kinds() -> None:
    for kind in KINDS:
        registry.register(kind, replace=True)
