"""The 破格审批表: an exceptional (破格) application's approval form."""

from __future__ import annotations

from zhicheng.applications.models import Action, Application, StatusHistory
from zhicheng.applications.selectors import versions_used_by
from zhicheng.plans.models import StageKind

from ..data import (
    ExceptionalApprovalData,
    Graduation,
    StageOpinion,
    exceptional_form_title,
)
from .archive import Archive, current_post, current_title, education_entries, work_entries
from .records import draft_of, employer_name_of, personal_info_of
from .review_form import decided_stages, review_form_queryset
from .vocab import DEPARTMENT_STAGES, GENDER_LABEL, birth_date_from_id, local_date, qualification_name


def exceptional_approval_data(application: Application) -> ExceptionalApprovalData:
    """破格推荐中级专业技术资格审批表 (seed 003 附件9) from the wizard's 破格 fields (理由, 简历),
    the pinned archive and the opinions recorded so far. The 县市区人社部门 box carries the
    opinion of a county-level 人力社保 department of the chain, when it has decided."""

    loaded = review_form_queryset(Application.objects.filter(pk=application.pk)).get()
    info = personal_info_of(loaded)
    draft = draft_of(loaded)
    archive = Archive.of(versions_used_by(loaded))
    title = current_title(archive.get("title"))
    post, post_since = current_post(title)
    history = list(loaded.history.all())
    decisions = decided_stages(loaded, history)
    stage_kind = {s.pk: s.kind for s in loaded.plan.stages.all()}

    def opinion(h: StatusHistory | None, title_: str, kind: str) -> StageOpinion:
        if h is None:
            return StageOpinion(kind=kind, title=title_)  # type: ignore[arg-type]
        text = h.opinion if h.action == Action.APPROVE else f"审核不通过：{h.opinion}"
        return StageOpinion(
            kind=kind,  # type: ignore[arg-type]
            title=title_,
            organisation=h.organization.name if h.organization_id else "",
            opinion=text,
            decided_on=local_date(h.at),
        )

    by_kind = {stage_kind[sid]: h for sid, h in decisions.items()}
    department = next((by_kind[k] for k in DEPARTMENT_STAGES if k in by_kind), None)
    county_hr = by_kind.get(StageKind.COUNTY)
    if county_hr is not None and (
        not county_hr.organization_id or county_hr.organization.department_kind != "hrss"
    ):
        county_hr = None
    if county_hr is not None and county_hr is department:
        # One body cannot sign two boxes: its opinion goes to 主管部门 when it is the only one.
        later = [by_kind[k] for k in (StageKind.CITY, StageKind.PROVINCE) if k in by_kind]
        department = later[0] if later else department
        county_hr = county_hr if later else None
    graduations = tuple(
        Graduation(graduated_on=e.end, school=e.school, major=e.major, level=e.level)
        for e in education_entries(archive.get("education"))
    )
    return ExceptionalApprovalData(
        name=loaded.applicant.real_name,
        gender=GENDER_LABEL.get(info.gender if info else "", ""),
        birth_date=(info.birth_date if info else None) or birth_date_from_id(loaded.applicant.id_number),
        employer=employer_name_of(loaded, info),
        administrative_post=(draft.administrative_post if draft else ""),
        specialty_years=(draft.work_years if draft and draft.work_years is not None else 0),
        graduations=graduations,
        current_post=post or (qualification_name(title["level"]) if title else ""),
        appointed_on=post_since,
        qualification_sought=f"{loaded.specialty or loaded.plan.specialty}专业{qualification_name(loaded.level)}",
        resume=work_entries(archive.get("work")),
        resume_text=(draft.exceptional_resume if draft else ""),
        reasons=(draft.exceptional_reasons if draft else ""),
        employer_opinion=opinion(by_kind.get(StageKind.EMPLOYER), "所在单位意见", "employer"),
        department_opinion=opinion(department, "主管部门意见", "department"),
        hr_opinion=opinion(county_hr, "县市区人社部门意见", "hr_bureau"),
        title=exceptional_form_title(loaded.level, loaded.declaration_type),
    )
