"""The 评审表 (seed 003 附件7): one application, its pinned archive versions and the opinions of
every stage."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhicheng.applications.models import Action, Application, ApplicationEntry, StatusHistory
from zhicheng.applications.selectors import versions_used_by
from zhicheng.evaluation.models import VoteTally as Tally
from zhicheng.plans.levels import level_short
from zhicheng.plans.models import StageKind

from ..data import (
    EXCEPTIONAL_DECLARATIONS,
    ApplicantDetails,
    PublicityRecord,
    ReviewFormData,
    StageOpinion,
    VoteTally,
)
from ..permissions import can_download_review_form
from .archive import (
    Archive,
    assessments,
    continuing_education,
    current_post,
    current_title,
    education_entries,
    title_entries,
    work_entries,
)
from .records import draft_of, employer_name_of, personal_info_of, pinned_versions, related_or_none
from .vocab import (
    DEPARTMENT_LEVEL_TITLE,
    DEPARTMENT_STAGES,
    GENDER_LABEL,
    birth_date_from_id,
    declaration_label,
    local_date,
    qualification_name,
)

logger = logging.getLogger(__name__)


def review_form_queryset(qs: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Applications with everything the 评审表 prints, in a fixed number of queries
    (six for any number of applications; the photos are read from storage)."""
    qs = qs if qs is not None else Application.objects.all()
    return qs.select_related(
        "plan__committee__organization",
        "plan__committee__hr_bureau",
        "applicant__personal_info",
        "employer__organization__region",
        "intake_department",
        "current_org",
        "current_stage",
        "draft",
        "evaluation",
    ).prefetch_related(
        "plan__stages",
        Prefetch(
            "entries",
            queryset=ApplicationEntry.objects.select_related("version__entry").order_by("order", "id"),
        ),
        Prefetch(
            "history",
            queryset=StatusHistory.objects.select_related(
                "organization", "stage", "internal_publicity"
            ).order_by("at", "id"),
        ),
        # The committee's vote and the HR bureau's decision live on the evaluation case,
        # which exists once the file is 资格审查通过; for the others these find nothing.
        Prefetch("evaluation__tallies", queryset=_tallies_queryset(), to_attr="recent_tallies"),
        Prefetch("history", queryset=_hr_decisions_queryset(), to_attr="hr_decisions"),
    )


def _tallies_queryset():

    return Tally.objects.order_by("-closed_at", "-id")


def _hr_decisions_queryset():

    return StatusHistory.objects.filter(machine="evaluation", action__in=("approve", "decline")).order_by(
        "at", "id"
    )


def _photo_bytes(application: Application) -> bytes | None:
    draft = draft_of(application)
    info = personal_info_of(application)
    for field in (getattr(draft, "photo", None), getattr(info, "photo", None)):
        if field:
            try:
                with field.open("rb") as fh:
                    return fh.read()
            except OSError:
                logger.warning("photo of application %s is missing from storage", application.pk)
    return None


def _employer_nature(application: Application, info) -> str:
    if application.employer_id:
        return application.employer.nature
    if info is not None and info.employer_id:
        return info.employer.nature
    return ""


def _department_position(info, draft) -> str:
    text = "".join(p for p in ((info.department if info else ""), (info.post if info else "")) if p)
    if info and info.department and info.post:
        text = f"{info.department} {info.post}"
    admin = (draft.administrative_post if draft else "").strip()
    if admin and admin != "无":
        text = f"{text}（{admin}）" if text else admin
    return text


def decided_stages(application: Application, history: Iterable[StatusHistory]) -> dict[int, StatusHistory]:
    """The decision (通过 / 不通过) that currently stands at each stage of the chain.

    A return sends the file back; on resubmission the chain resumes at the returning stage or
    at the start (Plan.resubmit_to), so decisions from that stage on no longer stand and
    their boxes must be filled again. A withdrawal takes the file back to a draft.
    """
    stages = list(application.plan.stages.all())
    order_of = {s.pk: s.order for s in stages}
    decisions: dict[int, StatusHistory] = {}
    for h in history:
        if h.action in (Action.APPROVE, Action.REJECT) and h.stage_id in order_of:
            decisions[h.stage_id] = h
        elif h.action == Action.RETURN and h.stage_id in order_of:
            restart = order_of[h.stage_id] if application.plan.resubmit_to == "returning_stage" else 1
            for stage_id in [s for s in decisions if order_of[s] >= restart]:
                del decisions[stage_id]
        elif h.action == Action.WITHDRAW:
            decisions.clear()
    return decisions


def _publicity_record(h: StatusHistory | None) -> PublicityRecord | None:
    record = getattr(h, "internal_publicity", None) if h is not None else None
    if record is None:
        return None
    return PublicityRecord(start=record.start, end=record.end, result=record.get_result_display())


def stage_opinions(application: Application, history: Sequence[StatusHistory]) -> tuple[StageOpinion, ...]:
    """九、审核（评审）意见: one box per stage of the plan's chain, then the committee's vote and
    the HR bureau's approval. Decided stages carry the organisation, opinion and date that
    the status history recorded; the others are blank boxes to fill and stamp by hand."""
    plan = application.plan
    stages = sorted(plan.stages.all(), key=lambda s: s.order)
    decisions = decided_stages(application, history)
    department_count = sum(s.kind in DEPARTMENT_STAGES for s in stages)
    opinions: list[StageOpinion] = []
    for stage in stages:
        h = decisions.get(stage.pk)
        if stage.kind == StageKind.EMPLOYER:
            kind, title = "employer", "所在单位意见"
            expected = application.employer.organization.name if application.employer_id else ""
        elif stage.kind == StageKind.COMMITTEE_OFFICE:
            kind, title = "committee_office", "评委会办公室资格审查意见"
            expected = plan.committee.organization.name
        else:
            kind = "department"
            title = "主管部门意见" if department_count == 1 else DEPARTMENT_LEVEL_TITLE[stage.kind]
            expected = (
                application.current_org.name
                if application.current_stage_id == stage.pk and application.current_org_id
                else ""
            )
        if h is None:
            opinions.append(StageOpinion(kind=kind, title=title, organisation=expected))
            continue
        text = h.opinion if h.action == Action.APPROVE else f"审核不通过：{h.opinion}"
        opinions.append(
            StageOpinion(
                kind=kind,
                title=title,
                organisation=h.organization.name if h.organization_id else expected,
                opinion=text,
                decided_on=local_date(h.at),
                publicity=_publicity_record(h) if kind == "employer" else None,
            )
        )
    case = related_or_none(application, "evaluation")
    tallies = getattr(case, "recent_tallies", None) or []
    tally = tallies[0] if tallies else None
    opinions.append(
        StageOpinion(
            kind="committee",
            title="评审委员会评审意见",
            organisation=plan.committee.organization.name,
            votes=_vote_tally(tally),
            conclusion=("通过" if tally.passed else "未通过") if tally else "",
            decided_on=local_date(tally.closed_at) if tally else None,
        )
    )
    hr_rows = (getattr(application, "hr_decisions", None) or []) if case is not None else []
    hr = hr_rows[-1] if hr_rows else None
    hr_text = ""
    if hr is not None:
        hr_text = (hr.opinion or "同意。") if hr.action == "approve" else f"不同意。{hr.opinion}"
    opinions.append(
        StageOpinion(
            kind="hr_bureau",
            title="人力社保部门审批意见",
            organisation=plan.committee.hr_bureau.name,
            opinion=hr_text,
            decided_on=local_date(hr.at) if hr else None,
        )
    )
    return tuple(opinions)


def _vote_tally(tally) -> VoteTally | None:
    if tally is None:
        return None
    return VoteTally(
        members=tally.members,
        present=tally.present,
        approve=tally.yes,
        against=tally.no,
        abstain=tally.abstain,
    )


def build_review_form(
    application: Application,
    *,
    versions: Iterable[Any] | None = None,
    publicity_period: PublicityRecord | None = None,
    now: datetime | None = None,
) -> ReviewFormData:
    """ReviewFormData from an application loaded by ``review_form_queryset``."""
    plan = application.plan
    info = personal_info_of(application)
    draft = draft_of(application)
    archive = Archive.of(
        versions if versions is not None else pinned_versions(application),
        representative_entries=[
            row.version.entry_id for row in application.entries.all() if row.representative
        ],
    )
    applicant = application.applicant
    employer = employer_name_of(application, info)
    title = current_title(archive.get("title"))
    post, post_since = current_post(title)
    history = list(application.history.all())
    opinions = stage_opinions(application, history)
    employer_opinion = next((o for o in opinions if o.kind == "employer"), None)
    exceptional = application.declaration_type in EXCEPTIONAL_DECLARATIONS
    return ReviewFormData(
        reference=f"ZC{plan.year}-{application.pk:06d}",
        year=plan.year,
        committee=plan.committee.organization.name,
        series=plan.series,
        specialty=application.specialty or plan.specialty,
        qualification=qualification_name(application.level),
        level=level_short(application.level),
        declaration_type=declaration_label(application.declaration_type),
        applicant=ApplicantDetails(
            name=applicant.real_name,
            gender=GENDER_LABEL.get(info.gender if info else "", ""),
            birth_date=(info.birth_date if info else None) or birth_date_from_id(applicant.id_number),
            id_number=applicant.id_number,
            phone=applicant.phone,
            employer=employer,
            employer_nature=_employer_nature(application, info),
            department_position=_department_position(info, draft),
            work_start=info.work_start if info else None,
            specialty_years=(draft.work_years if draft and draft.work_years is not None else 0),
            administrative_post=(draft.administrative_post if draft else ""),
            ethnicity=(info.ethnicity if info else ""),
            political_status=(info.political_status if info else ""),
            photo=_photo_bytes(application),
        ),
        current_qualification=(title_entries([title])[0] if title else None),
        current_post=post,
        current_post_since=post_since,
        education=education_entries(archive.get("education")),
        work_history=work_entries(archive.get("work")),
        titles=title_entries(archive.get("title")),
        annual_assessments=assessments(archive.get("assessment"), employer=employer),
        continuing_education=continuing_education(archive.get("continuing_education")),
        achievements=tuple(archive.achievements),
        self_statement=(draft.self_statement if draft else ""),
        opinions=opinions,
        generated_at=timezone.localtime(now or timezone.now()),
        exceptional_basis=(draft.exceptional_reasons if exceptional and draft else ""),
        publicity_period=(employer_opinion.publicity if employer_opinion else None) or publicity_period,
        foreign_language=(info.foreign_language if info else ""),
        computer=(info.computer if info else ""),
        watermark=plan.watermark,
        print_note=plan.review_form_copies_label,
    )


def review_form_data(
    application: Application,
    *,
    viewer,
    publicity_period: PublicityRecord | None = None,
    now: datetime | None = None,
) -> ReviewFormData:
    """The 评审表 of one application as ``viewer`` may read it.

    Raises Application.DoesNotExist when the viewer may not (the caller answers 404). The
    archive versions are ``versions_used_by(application)``: the pinned ones once submitted.
    ``publicity_period`` is printed on the 公示版 when the employer has not recorded its
    公示 yet (it is printing the sheet to pin up).
    """

    loaded = review_form_queryset(Application.objects.filter(pk=application.pk)).first()
    if loaded is None or not can_download_review_form(viewer, loaded):
        raise Application.DoesNotExist
    return build_review_form(
        loaded, versions=versions_used_by(loaded), publicity_period=publicity_period, now=now
    )


def review_forms(
    applications: QuerySet[Application], *, chunk_size: int = 50
) -> Iterator[tuple[Application, ReviewFormData]]:
    """Stream the 评审表 data of a (scoped) queryset for a batch export: prefetching per
    chunk keeps the queries per chunk fixed and the memory bounded by the chunk."""
    qs = review_form_queryset(applications.order_by("pk"))
    now = timezone.now()
    for application in qs.iterator(chunk_size=chunk_size):
        yield application, build_review_form(application, now=now)
