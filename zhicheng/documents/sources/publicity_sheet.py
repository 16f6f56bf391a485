"""The 公示表: the employer's internal publicity and the committee's publicity sheet."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhicheng.applications.models import Application, ApplicationEntry
from zhicheng.review.models import PublicityEntry

from ..data import (
    PublicityRow,
    PublicitySheetData,
)
from .archive import Archive, achievement_summary, current_title, highest_education
from .records import personal_info_of, pinned_versions
from .vocab import ACTIVE_STATUSES, EDUCATION_FOR_LEVEL, GENDER_LABEL, declaration_label, qualification_name


def _publicity_rows_queryset(qs: QuerySet[Application]) -> QuerySet[Application]:
    return (
        qs.select_related("applicant__personal_info", "employer__organization")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ApplicationEntry.objects.select_related("version__entry").order_by("order", "id"),
            )
        )
        .order_by("applicant__real_name", "pk")
    )


def employer_publicity_applications(plan, employer_org_id: int) -> QuerySet[Application]:
    """The employer's own staff who applied to the plan and whose files go forward."""
    return Application.objects.filter(plan=plan, employer_id=employer_org_id, status__in=ACTIVE_STATUSES)


def employer_publicity_sheet_data(
    plan,
    employer,
    *,
    start: date,
    end: date,
    contact_department: str = "本单位人事部门",
    contact_phone: str = "",
    issued_on: date | None = None,
) -> PublicitySheetData:
    """单位内部公示 of the employer's applicants (seed 003 五(一): 基本情况和业绩材料,
    ≥5 working days), with the achievements each application uses."""
    rows = []
    for app in _publicity_rows_queryset(employer_publicity_applications(plan, employer.pk)):
        info = personal_info_of(app)
        archive = Archive.of(pinned_versions(app))
        education = highest_education(archive.get("education"))
        title = current_title(archive.get("title"))
        rows.append(
            PublicityRow(
                name=app.applicant.real_name,
                employer=employer.name,
                specialty=app.specialty or plan.specialty,
                qualification=qualification_name(app.level),
                gender=GENDER_LABEL.get(info.gender if info else "", ""),
                education=EDUCATION_FOR_LEVEL.get(education["level"], "") if education else "",
                current_qualification=qualification_name(title["level"]) if title else "",
                declaration_type=declaration_label(app.declaration_type),
                achievements_summary=achievement_summary(archive.achievements),
            )
        )
    return PublicitySheetData(
        audience="employer",
        subject=f"{plan.year}年度{qualification_labels(plan)}任职资格评审申报人员",
        issuer=employer.name,
        period_start=start,
        period_end=end,
        contact_department=contact_department,
        contact_phone=contact_phone,
        rows=tuple(rows),
        issued_on=issued_on or timezone.localdate(),
        stage="申报",
    )


def qualification_labels(plan) -> str:
    return "、".join(f"{plan.specialty}专业{qualification_name(level)}" for level in plan.levels) or plan.name


def committee_publicity_sheet_data(publicity) -> PublicitySheetData:
    """The committee's 资格审查公示 (seed 001 三(二)) from the list as published: the four public
    columns were copied when it opened (SECURITY.md 14); names withdrawn after an upheld
    objection are left out."""

    plan = publicity.plan
    entries = publicity.entries.exclude(outcome=PublicityEntry.Outcome.WITHDRAWN).order_by(
        "employer_name", "name", "id"
    )
    return PublicitySheetData(
        audience="committee",
        subject=plan.name,
        issuer=plan.committee.organization.name,
        period_start=publicity.start,
        period_end=publicity.end,
        contact_department=f"{plan.committee.organization.name}办公室",
        contact_phone="",
        contact=publicity.contact,
        rows=tuple(
            PublicityRow(name=e.name, employer=e.employer_name, specialty=e.specialty, qualification=e.level)
            for e in entries
        ),
        issued_on=publicity.start,
        stage="资格审查",
    )
