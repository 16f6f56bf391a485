"""Selectors that fill the document layer's dataclasses from the platform's records.

The renderers (``pdf.py``, ``roster.py``) never touch the ORM; this module is the one
bridge between the models of the applications, archive, review, organisations, plans and
evaluation apps and the frozen dataclasses in ``data.py``. It reads, it never writes.

* What an application uses from the archive is the set of versions pinned when it was
  submitted (``applications.selectors.versions_used_by``): the form shows what the
  reviewers approved, not what the applicant changed afterwards.
* Stage opinions come from the append-only ``StatusHistory`` (who decided, where, when,
  with which opinion) plus the employer's internal 公示 (publicity.Publicity, kind internal); a stage that has not
  decided yet prints an empty box to be filled in by hand.
* Permission is not decided here except where a function takes a ``viewer``: the callers
  (views, export kinds) pass querysets already scoped by ``permissions.py``.

The 花名册 reads columns, not model instances (``roster_rows``): 10,000 applications with
their archive entries are ~100,000 rows, and building a Django model object for each
costs more than the whole Excel file. It pages through the applications by primary key in
chunks and fetches each chunk's related rows in one query per table, so the number of
queries grows with the number of chunks, never with the number of applications.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django.db.models import Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from zhicheng.applications.models import Action, Application, ApplicationEntry, Status, StatusHistory
from zhicheng.archive.kinds import KINDS, SUBTYPES
from zhicheng.plans.models import TITLE_FOR_LEVEL, Level, StageKind

from .data import (
    EXCEPTIONAL_DECLARATIONS,
    SPECIALTY_MAX_CHARS,
    Achievement,
    AnnualAssessment,
    ApplicantDetails,
    ContinuingEducationYear,
    DelegatedPerson,
    DelegationLetterData,
    EducationEntry,
    ExceptionalApprovalData,
    Graduation,
    MailingChecklistData,
    MailingItem,
    PublicityRecord,
    PublicityRow,
    PublicitySheetData,
    ReviewFormData,
    RosterMeta,
    RosterRow,
    StageOpinion,
    TitleEntry,
    VoteTally,
    WorkEntry,
    default_mailing_items,
    exceptional_form_title,
)

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- vocabularies

GENDER_LABEL = {"male": "男", "female": "女"}

# archive.EducationLevel → seed 003 附件7 注6. The archive keeps 博士/硕士 apart for the
# eligibility rules; the notice's list has one 研究生.
EDUCATION_FOR_LEVEL = {
    "doctorate": "研究生",
    "master": "研究生",
    "second_bachelor": "大学本科",
    "bachelor": "大学本科",
    "college": "大学专科",
    "technical_secondary": "中专",
    "high_school": "高中及以下",
}
# Highest first.
EDUCATION_RANK = (
    "doctorate",
    "master",
    "second_bachelor",
    "bachelor",
    "college",
    "technical_secondary",
    "high_school",
)
DEGREE_LABEL = {
    "bachelor_degree": "学士",
    "second_bachelor_degree": "第二学士",
    "master_degree": "硕士",
    "doctorate_degree": "博士",
}
TITLE_RANK = ("technician", "assistant", "intermediate", "associate_senior", "senior")
# plans.DeclarationType → data.DECLARATION_TYPES (the form's wording).
DECLARATION_LABEL = {
    "normal": "正常申报",
    "direct": "直接申报",
    "exceptional": "破格申报",
    "skip_level": "越级申报",
    "transfer": "转评",
    "skilled": "技能人才申报",
}
ASSESSMENT_LABEL = {
    "excellent": "优秀",
    "qualified": "合格",
    "basically_qualified": "基本合格",
    "unqualified": "不合格",
    "undetermined": "不确定等次",
}
# The 评审表's 类别 column is narrow: the archive's 24 achievement types in the form's words.
ACHIEVEMENT_CATEGORY = {
    "tech_award": "获奖",
    "product_award": "获奖",
    "design_award": "获奖",
    "consulting_award": "获奖",
    "construction_award": "获奖",
    "paper_award": "获奖",
    "skill_contest": "竞赛",
    "first_set_equipment": "首台套",
    "patent": "专利",
    "key_project": "项目",
    "research_project": "项目",
    "standard": "标准",
    "problem_solved": "技术攻关",
    "innovation_team": "团队",
    "paper": "论文",
    "book": "著作",
    "report": "技术报告",
    "tech_promotion": "技术推广",
    "renovation_plan": "技术方案",
    "tech_renovation": "技术改造",
    "service_task": "技术服务",
    "honour": "荣誉",
    "skill_honour": "荣誉",
    "high_level_talent": "人才",
}
GRADE_LABEL = {1: "一等奖", 2: "二等奖", 3: "三等奖"}
DEPARTMENT_STAGES = (StageKind.COUNTY, StageKind.CITY, StageKind.PROVINCE)
DEPARTMENT_LEVEL_TITLE = {
    StageKind.COUNTY: "县（市、区）主管部门意见",
    StageKind.CITY: "市级主管部门意见",
    StageKind.PROVINCE: "省级主管部门意见",
}
# Applications whose documents go forward: under review or 资格审查通过. Returned files are
# being changed, rejected ones go no further, drafts were never submitted.
ACTIVE_STATUSES = (Status.PENDING, Status.QUALIFIED)


# --------------------------------------------------------------------------- small parsers


def parse_date(value: Any) -> date | None:
    """Archive data keeps dates as ISO strings ("2012-06-30", months as "2012-07")."""
    if value is None or value == "":
        return None
    if type(value) is str and len(value) == 10:  # the common case, first: "2012-06-30"
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def birth_date_from_id(id_number: str) -> date | None:
    """The birth date an 18-digit resident ID number carries (GB 11643, digits 7–14)."""
    if len(id_number or "") != 18 or not id_number[6:14].isdigit():
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _number(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def level_short(level: str) -> str:
    """中级 from 中级（工程师）."""
    label = Level(level).label if level in Level.values else level
    return label.split("（")[0]


def qualification_name(level: str) -> str:
    return TITLE_FOR_LEVEL.get(level, level)


def declaration_label(value: str) -> str:
    return DECLARATION_LABEL.get(value or "normal", "正常申报")


def _choice_label(kind: str, field_name: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    return dict(KINDS[kind].field(field_name).choices).get(value, str(value))


# --------------------------------------------------------------------------- archive → form parts
#
# Pure functions over the archive's version data (dicts in the schema of archive/kinds.py),
# so they are shared by the model-instance path (评审表) and the column path (花名册).


def highest_education(educations: Iterable[dict]) -> dict | None:
    ranked = [e for e in educations if e.get("level") in EDUCATION_FOR_LEVEL]
    if not ranked:
        return None
    return min(ranked, key=lambda e: (EDUCATION_RANK.index(e["level"]), str(e.get("graduated_on") or "")))


def education_entries(educations: Iterable[dict]) -> tuple[EducationEntry, ...]:
    out = []
    for e in sorted(educations, key=lambda e: str(e.get("graduated_on") or "")):
        end = parse_date(e.get("graduated_on"))
        level = EDUCATION_FOR_LEVEL.get(e.get("level", ""))
        if end is None or level is None:
            continue
        out.append(
            EducationEntry(
                start=parse_date(e.get("enrolled_on")),
                end=end,
                school=str(e.get("school") or ""),
                major=str(e.get("major") or ""),
                level=level,
                degree=DEGREE_LABEL.get(e.get("degree") or "", ""),
                mode="全日制" if e.get("full_time", True) else "非全日制",
            )
        )
    return tuple(out)


def work_entries(works: Iterable[dict]) -> tuple[WorkEntry, ...]:
    out = []
    for w in sorted(works, key=lambda w: str(w.get("from") or "")):
        start = parse_date(w.get("from"))
        if start is None:
            continue
        post = str(w.get("post") or "")
        description = " ".join(str(w.get("description") or "").split())
        out.append(
            WorkEntry(
                start=start,
                end=parse_date(w.get("to")),
                employer=str(w.get("employer_name") or ""),
                # 从事何种专业技术工作: the applicant's description when given, else the post.
                work=description or post,
                post=post if description else "",
            )
        )
    return tuple(out)


def title_name(t: dict) -> str:
    name = qualification_name(str(t.get("level") or ""))
    specialty = str(t.get("specialty") or "").strip()
    return f"{name}（{specialty}）" if specialty else name


def title_entries(titles: Iterable[dict]) -> tuple[TitleEntry, ...]:
    out = []
    for t in sorted(titles, key=lambda t: str(t.get("obtained_on") or "")):
        obtained = parse_date(t.get("obtained_on"))
        if obtained is None:
            continue
        out.append(
            TitleEntry(
                name=title_name(t),
                obtained_on=obtained,
                issued_by=str(t.get("issued_by") or ""),
                appointed_on=parse_date(t.get("appointed_from")),
                certificate_no=str(t.get("certificate_no") or ""),
            )
        )
    return tuple(out)


def current_title(titles: Iterable[dict]) -> dict | None:
    ranked = [t for t in titles if t.get("level") in TITLE_RANK and parse_date(t.get("obtained_on"))]
    if not ranked:
        return None
    return max(ranked, key=lambda t: (TITLE_RANK.index(t["level"]), str(t.get("obtained_on"))))


def current_post(title: dict | None, *, today: date | None = None) -> tuple[str, date | None]:
    """现聘专业技术职务: the highest title while its appointment runs (no end, or not ended)."""
    if not title or not title.get("appointed_from"):
        return "", None
    ends = parse_date(title.get("appointed_to"))
    if ends is not None and ends < (today or timezone.localdate()):
        return "", None
    return qualification_name(str(title.get("level"))), parse_date(title.get("appointed_from"))


def assessments(rows: Iterable[dict], *, employer: str = "") -> tuple[AnnualAssessment, ...]:
    out = []
    for a in sorted(rows, key=lambda a: _int(a.get("year")) or 0):
        year = _int(a.get("year"))
        if year is None:
            continue
        out.append(
            AnnualAssessment(
                year=year,
                result=ASSESSMENT_LABEL.get(a.get("result", ""), str(a.get("result") or "")),
                employer=str(a.get("employer_name") or employer),
            )
        )
    return tuple(out)


def _ce_amount(row: dict) -> Decimal:
    # 学时 when given; a record kept in 学分 counts as its number (the form has one column).
    return _number(row.get("hours")) if row.get("hours") not in (None, "") else _number(row.get("credits"))


def continuing_education(rows: Iterable[dict]) -> tuple[ContinuingEducationYear, ...]:
    per_year: dict[int, dict[str, Any]] = {}
    for r in rows:
        year = _int(r.get("year"))
        if year is None:
            continue
        slot = per_year.setdefault(
            year,
            {
                "general_public": Decimal(0),
                "industry_public": Decimal(0),
                "professional": Decimal(0),
                "by": [],
            },
        )
        category = r.get("category")
        if category in ("general_public", "industry_public", "professional"):
            slot[category] += _ce_amount(r)
        by = str(r.get("provider") or "") or _choice_label("continuing_education", "route", r.get("route"))
        if by and by not in slot["by"]:
            slot["by"].append(by)
    return tuple(
        ContinuingEducationYear(
            year=year,
            general_hours=slot["general_public"],
            industry_hours=slot["industry_public"],
            professional_hours=slot["professional"],
            registry="、".join(slot["by"]),
        )
        for year, slot in sorted(per_year.items())
    )


def ce_total(rows: Iterable[dict]) -> Decimal:
    return sum((_ce_amount(r) for r in rows), Decimal(0))


def achievement_of(kind: str, data: dict) -> Achievement:
    if kind == "experience_claim":
        return Achievement(
            category="经历能力",
            title=f"{data.get('clause', '')}：{' '.join(str(data.get('text') or '').split())}",
        )
    type_ = str(data.get("type") or "")
    role = _choice_label("achievement", "role", data.get("role"))
    rank = _int(data.get("rank"))
    if rank:
        role = f"{role}（排名第{rank}）" if role else f"排名第{rank}"
    level = _choice_label("achievement", "level", data.get("level"))
    subtype = dict(SUBTYPES.get(type_, ())).get(data.get("subtype") or "", "")
    grade = GRADE_LABEL.get(_int(data.get("grade")) or 0, "")
    return Achievement(
        category=ACHIEVEMENT_CATEGORY.get(type_, "其他"),
        title=str(data.get("title") or ""),
        achieved_on=parse_date(data.get("date")),
        role=role,
        level=" ".join(p for p in (f"{level}级" if level else "", subtype, grade) if p),
        source=str(data.get("issuer_region") or ""),
    )


def achievement_summary(items: Sequence[Achievement], *, limit: int = 6) -> str:
    """One line for the employer's 公示表: 专利：一种阀门密封结构（2020.05）；…"""
    parts = []
    for a in items[:limit]:
        when = f"（{a.achieved_on.year}.{a.achieved_on.month:02d}）" if a.achieved_on else ""
        parts.append(f"{a.category}：{a.title}{when}")
    if len(items) > limit:
        parts.append(f"等{len(items)}项")
    return "；".join(parts)


@dataclass
class Archive:
    """An application's archive versions grouped by kind (merged with the employer's checks)."""

    by_kind: dict[str, list[dict]]
    achievements: list[Achievement]

    @classmethod
    def of(cls, versions: Iterable[Any], *, representative_entries: Iterable[int] = ()) -> Archive:
        by_kind: dict[str, list[dict]] = defaultdict(list)
        picked: list[Achievement] = []
        representative = set(representative_entries)
        for v in versions:
            kind = v.entry.kind
            data = v.merged_data
            by_kind[kind].append(data)
            if kind in ("achievement", "experience_claim"):
                a = achievement_of(kind, data)
                if v.entry_id in representative:
                    a = replace(a, representative=True)
                picked.append(a)
        return cls(by_kind=by_kind, achievements=picked)

    def get(self, kind: str) -> list[dict]:
        return self.by_kind.get(kind, [])


# --------------------------------------------------------------------------- 评审表


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
    from zhicheng.evaluation.models import VoteTally as Tally

    return Tally.objects.order_by("-closed_at", "-id")


def _hr_decisions_queryset():
    return StatusHistory.objects.filter(machine="evaluation", action__in=("approve", "decline")).order_by(
        "at", "id"
    )


def _photo_bytes(application: Application) -> bytes | None:
    draft = _draft(application)
    info = _personal_info(application)
    for field in (getattr(draft, "photo", None), getattr(info, "photo", None)):
        if field:
            try:
                with field.open("rb") as fh:
                    return fh.read()
            except OSError:
                logger.warning("photo of application %s is missing from storage", application.pk)
    return None


def _related_or_none(obj: Any, name: str) -> Any:
    """A reverse one-to-one that may be missing (no draft, no personal info, no case yet)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _has_draft(application: Application) -> bool:
    return _related_or_none(application, "draft") is not None


def _draft(application: Application):
    return _related_or_none(application, "draft")


def _personal_info(application: Application):
    return _related_or_none(application.applicant, "personal_info")


def _employer_name(application: Application, info) -> str:
    if application.employer_id:
        return application.employer.organization.name
    if info is not None and info.employer_id:
        return info.employer.organization.name
    return ""


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
    case = _related_or_none(application, "evaluation")
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


def _pinned_versions(application: Application) -> list[Any]:
    # Prefetched by review_form_queryset; for a submitted application these are exactly
    # versions_used_by(application) (what 提交 pinned), in the same order.
    return [row.version for row in application.entries.all()]


def build_review_form(
    application: Application,
    *,
    versions: Iterable[Any] | None = None,
    publicity_period: PublicityRecord | None = None,
    now: datetime | None = None,
) -> ReviewFormData:
    """ReviewFormData from an application loaded by ``review_form_queryset``."""
    plan = application.plan
    info = _personal_info(application)
    draft = _draft(application)
    archive = Archive.of(
        versions if versions is not None else _pinned_versions(application),
        representative_entries=[
            row.version.entry_id for row in application.entries.all() if row.representative
        ],
    )
    applicant = application.applicant
    employer = _employer_name(application, info)
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
    from zhicheng.applications.selectors import versions_used_by

    from .permissions import can_download_review_form

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


# --------------------------------------------------------------------------- 公示表


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
        info = _personal_info(app)
        archive = Archive.of(_pinned_versions(app))
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
    from zhicheng.publicity.models import Entry as PublicityEntry

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


# --------------------------------------------------------------------------- 破格审批表


def exceptional_approval_data(application: Application) -> ExceptionalApprovalData:
    """破格推荐中级专业技术资格审批表 (seed 003 附件9) from the wizard's 破格 fields (理由, 简历),
    the pinned archive and the opinions recorded so far. The 县市区人社部门 box carries the
    opinion of a county-level 人力社保 department of the chain, when it has decided."""
    from zhicheng.applications.selectors import versions_used_by

    loaded = review_form_queryset(Application.objects.filter(pk=application.pk)).get()
    info = _personal_info(loaded)
    draft = _draft(loaded)
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
        employer=_employer_name(loaded, info),
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


# --------------------------------------------------------------------------- 委托评审书


def delegated_applications(plan, delegating_org_id: int) -> QuerySet[Application]:
    """The files the delegating unit sent on to the committee: it approved them at its stage
    (审查通过) and they are still going forward."""
    from zhicheng.review.models import EntryState, ReviewEntry

    sent = ReviewEntry.objects.filter(organization_id=delegating_org_id, plan=plan, state=EntryState.APPROVED)
    return Application.objects.filter(
        plan=plan, status__in=ACTIVE_STATUSES, pk__in=sent.values("application_id")
    )


def delegation_letter_data(
    plan, committee=None, *, delegating_org, issued_on: date | None = None
) -> DelegationLetterData:
    """专业技术资格委托评审书 and its 委托评审名册 (seed 003 附件6): the delegating unit (an
    employer or 主管部门) asks the plan's committee to review the people it sent on.
    Raises ValueError when there is nobody to delegate (the dataclass refuses an empty list)."""
    committee = committee or plan.committee
    qs = (
        delegated_applications(plan, delegating_org.pk)
        .select_related("applicant__personal_info", "employer__organization")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ApplicationEntry.objects.filter(version__entry__kind="title").select_related(
                    "version__entry"
                ),
            )
        )
        .order_by("employer__organization__name", "applicant__real_name", "pk")
    )
    persons = []
    levels = []
    for app in qs:
        info = _personal_info(app)
        title = current_title([row.version.data for row in app.entries.all()])
        persons.append(
            DelegatedPerson(
                name=app.applicant.real_name,
                gender=GENDER_LABEL.get(info.gender if info else "", ""),
                employer=app.employer.organization.name if app.employer_id else "",
                specialty=app.specialty or plan.specialty,
                current_qualification=qualification_name(title["level"]) if title else "",
                qualification_sought=qualification_name(app.level),
            )
        )
        if app.level not in levels:
            levels.append(app.level)
    return DelegationLetterData(
        committee=committee.organization.name,
        delegating_unit=delegating_org.name,
        qualification="、".join(qualification_name(level) for level in levels),
        persons=tuple(persons),
        issued_on=issued_on or timezone.localdate(),
    )


# --------------------------------------------------------------------------- 邮寄纸质材料清单


def mailing_checklist_data(application: Application) -> MailingChecklistData | None:
    """邮寄纸质材料清单 (seed 001 附件4) of one application, with the address the committee
    office set for the plan; None while the office has not set one."""
    from .models import MailingInstructions

    instructions = MailingInstructions.objects.filter(plan_id=application.plan_id).first()
    if instructions is None:
        return None
    app = (
        Application.objects.select_related("plan", "applicant__personal_info", "employer__organization")
        .filter(pk=application.pk)
        .get()
    )
    info = _personal_info(app)
    items = list(
        default_mailing_items(
            exceptional=app.declaration_type in EXCEPTIONAL_DECLARATIONS, platform_name=app.plan.watermark
        )
    )
    copies = instructions.review_form_copies
    items[0] = MailingItem(
        name=f"带有“{app.plan.watermark}”水印的《专业技术职务任职资格评审表》",
        copies=f"一式{copies}份",
        note="A3纸正反面打印、中缝装订，贴照片" if instructions.a3_booklet else "",
    )
    extra = [
        MailingItem(name=line.strip(), copies="")
        for line in instructions.extra_items.splitlines()
        if line.strip()
    ]
    items[-1:-1] = extra  # the plan's own items before 回寄地址
    address = " ".join(p for p in ((info.address if info else ""), (info.postcode if info else "")) if p)
    notes = tuple(line.strip() for line in instructions.notes.splitlines() if line.strip())
    return MailingChecklistData(
        plan_name=app.plan.name,
        applicant_name=app.applicant.real_name,
        employer=_employer_name(app, info),
        qualification=f"{app.specialty or app.plan.specialty}专业{qualification_name(app.level)}",
        applicant_phone=app.applicant.phone,
        items=tuple(items),
        mail_to_address=instructions.address,
        mail_to_contact=instructions.recipient,
        mail_to_phone=instructions.phone,
        return_address=address,
        return_recipient=app.applicant.real_name,
        return_phone=app.applicant.phone,
        issued_on=timezone.localdate(),
        **({"notes": notes} if notes else {}),
    )


# --------------------------------------------------------------------------- 花名册

ROSTER_KINDS = ("education", "title", "assessment", "continuing_education")
ROSTER_COLUMNS = (
    "pk",
    "level",
    "specialty",
    "declaration_type",
    "intake_department__name",
    "applicant__real_name",
    "applicant__id_number",
    "applicant__phone",
    "applicant__personal_info__gender",
    "applicant__personal_info__birth_date",
    "applicant__personal_info__work_start",
    "applicant__personal_info__department",
    "applicant__personal_info__post",
    "applicant__personal_info__address",
    "applicant__personal_info__postcode",
    "applicant__personal_info__foreign_language",
    "applicant__personal_info__computer",
    "employer__nature",
    "employer__organization__name",
    "employer__organization__region__name",
    "employer__organization__region__level",
    "draft__work_years",
    "draft__administrative_post",
    "draft__exceptional_reasons",
)


def roster_applications(plan) -> QuerySet[Application]:
    """The 资格审查花名册's people: the plan's files at the committee office's 资格审查 or
    past it (资格审查通过)."""
    return Application.objects.filter(plan=plan).filter(
        Q(status=Status.QUALIFIED) | Q(status=Status.PENDING, current_stage__kind=StageKind.COMMITTEE_OFFICE)
    )


def roster_count(plan) -> int:
    return roster_applications(plan).count()


def roster_meta(
    plan, *, viewer=None, delegating_unit: str = "", submitted_on: date | None = None
) -> RosterMeta:
    """Header and footer: 委托单位 and 填报人 are the unit that compiles the list and the person
    exporting it (seed 003 附件7 注1: 本表由委托单位填写)."""
    return RosterMeta(
        delegating_unit=delegating_unit,
        filled_by=getattr(viewer, "real_name", "") if viewer is not None else "",
        mobile=getattr(viewer, "phone", "") if viewer is not None else "",
        email=getattr(viewer, "email", "") if viewer is not None else "",
        submitted_on=submitted_on or timezone.localdate(),
        title=plan.roster_heading,
    )


# The committee office's copy of each 委托单位's 花名册 (seed 003 附件7 注1 "本表由委托单位填写",
# 附件5 一1 "由用人单位或主管部门统一汇总填报"): one per unit that recommended files to the plan.

DELEGATED_ROSTER_KIND = "delegated_roster"  # kinds.DELEGATED_ROSTER (kinds imports this module)


@dataclass(frozen=True)
class RecommendingUnit:
    """A unit (employer or 主管部门) that approved and sent on files that reached the office."""

    org_id: int
    name: str
    count: int
    filled_by: Any  # the unit's 经办人 (a user) or None
    filled_on: date | None
    from_own_export: bool  # 填报人 is who made the unit's own latest export, not the approver


def unit_roster_applications(plan, unit_org_id: int, reached: QuerySet[Application]) -> QuerySet[Application]:
    """The unit's recommended files (delegated_applications) among those that reached the office."""
    return delegated_applications(plan, unit_org_id).filter(pk__in=reached.values("pk"))


def recommending_units(plan, reached: QuerySet[Application]) -> list[RecommendingUnit]:
    """Each employer or 主管部门 that approved files of ``plan`` now in ``reached`` (the office's
    reached_applications), by name, with the 填报人 of its roster: whoever of the unit made its latest
    own 花名册 export for the plan, else the 经办人 who last recommended one of those files."""
    from zhicheng.organizations.models import Organization
    from zhicheng.review.models import EntryState, ReviewEntry

    from .models import ExportJob

    active = reached.filter(plan=plan, status__in=ACTIVE_STATUSES)
    counts: dict[int, int] = defaultdict(int)
    for org_id in (
        ReviewEntry.objects.filter(plan=plan, state=EntryState.APPROVED, application__in=active.values("pk"))
        .exclude(stage_kind=StageKind.COMMITTEE_OFFICE)
        .values_list("organization_id", flat=True)
    ):
        counts[org_id] += 1
    # Two queries for all units (not two per unit): the latest own export, the latest recommendation.
    latest_job: dict[int, Any] = {}
    for job in (
        ExportJob.objects.filter(
            kind=DELEGATED_ROSTER_KIND,
            status=ExportJob.Status.DONE,
            params__plan_id=str(plan.pk),
            requested_by__organization_id__in=list(counts),
        )
        .select_related("requested_by")
        .order_by("finished_at", "pk")
    ):
        latest_job[job.requested_by.organization_id] = job
    latest_decision: dict[int, tuple[int, datetime]] = {}
    for org_id, actor_id, at in (
        StatusHistory.objects.filter(
            application__in=active.values("pk"),
            organization_id__in=[o for o in counts if o not in latest_job],
            machine="application",
            action=Action.APPROVE,
        )
        .order_by("at", "pk")
        .values_list("organization_id", "actor_id", "at")
    ):
        latest_decision[org_id] = (actor_id, at)
    actors = get_user_model().objects.in_bulk([a for a, _ in latest_decision.values()])
    units = []
    for org in Organization.objects.filter(pk__in=counts).order_by("name", "pk"):
        if org.pk in latest_job:
            job = latest_job[org.pk]
            filler, on, own = job.requested_by, local_date(job.finished_at), True
        elif org.pk in latest_decision:
            actor_id, at = latest_decision[org.pk]
            filler, on, own = actors.get(actor_id), local_date(at), False
        else:
            filler, on, own = None, None, False
        units.append(RecommendingUnit(org.pk, org.name, counts[org.pk], filler, on, own))
    return units


def roster_rows(
    plan, *, viewer=None, applications: QuerySet[Application] | None = None, chunk_size: int = 500
) -> Iterator[RosterRow]:
    """RosterRow per applicant, streamed in primary-key order.

    Three queries per chunk of ``chunk_size`` applications (the applications' own columns,
    their pinned archive versions, the departments that reviewed them), whatever the number of applications: no query per row, and memory bounded by one
    chunk. ``applications`` narrows the set (a queryset already scoped by the caller);
    ``viewer`` is accepted for symmetry with the other selectors: permission is the export
    kind's predicate, and the roster shows everything to whoever may export it.

    The related rows of a chunk are selected by the chunk's primary-key range within the
    plan rather than by a list of 2,000 ids (building and binding that list costs more than
    the query); rows of applications outside the chunk are skipped.
    """
    base = (applications if applications is not None else roster_applications(plan)).order_by("pk")
    today = timezone.localdate()
    periods: dict[tuple[str, str], tuple[CeBound, CeBound]] = {}
    as_of = plan.seniority_cutoff.year
    last = 0
    while True:
        chunk = list(base.filter(pk__gt=last).values(*ROSTER_COLUMNS)[:chunk_size])
        if not chunk:
            return
        ids = {r["pk"] for r in chunk}
        span = (plan.pk, chunk[0]["pk"], chunk[-1]["pk"])
        archive = _roster_archive(span, ids)
        departments = _roster_departments(span, ids)
        qualification = {level: qualification_name(level) for level in {r["level"] for r in chunk}}
        for r in chunk:
            key = (r["level"], r["declaration_type"])
            if key not in periods:
                periods[key] = ce_period(plan, *key)
            yield _roster_row(
                r,
                archive.get(r["pk"], {}),
                department=departments.get(r["pk"]) or r["intake_department__name"] or "",
                # 下一级评委会推荐评审情况 is the vote of the committee below this one that
                # recommended the file (seed 003 附件7). The platform records no such vote, and
                # this committee's own vote is not it: the columns stay blank for the
                # 委托单位 to fill in where a lower committee did vote.
                tally=None,
                recommended=qualification[r["level"]],
                today=today,
                ce_period=periods[key],
                as_of=as_of,
            )
        last = chunk[-1]["pk"]
        if len(chunk) < chunk_size:
            return


Span = tuple[int, int, int]  # plan id, first and last application id of a chunk


def _roster_archive(span: Span, ids: set[int]) -> dict[int, dict[str, list[dict]]]:
    """The pinned versions of the kinds the roster prints, per application: one query.

    The plan and the chunk's id range lead it, so both databases start from the application
    index and follow primary keys. With a list of ids instead, SQLite (which keeps no
    statistics) started from the entry-kind index and visited every entry of those kinds in
    the database: 45 s per chunk at 10,000 applicants instead of 0.02 s. (Looking versions
    up by primary-key lists instead was measured too: no faster on PostgreSQL, three times
    slower on SQLite, whose cost grows with every bound value.) The rows are read from the
    cursor with the JSON as text — three plain columns need none of Django's row converters
    — and parsed in one call per chunk.
    """
    plan_id, first, last = span
    qs = (
        ApplicationEntry.objects.filter(
            application__plan_id=plan_id,
            application_id__gte=first,
            application_id__lte=last,
            automatic=True,
            version__entry__kind__in=ROSTER_KINDS,
        )
        .order_by()
        .values_list(
            "application_id", "version__entry__kind", Cast("version__data", output_field=TextField())
        )
    )
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = [row for row in cursor.fetchall() if row[0] in ids]
    parsed = json.loads("[" + ",".join(row[2] for row in rows) + "]")
    out: dict[int, dict[str, list[dict]]] = {}
    for (app_id, kind, _), data in zip(rows, parsed, strict=True):
        out.setdefault(app_id, {}).setdefault(kind, []).append(data)
    return out


def _roster_departments(span: Span, ids: set[int]) -> dict[int, str]:
    """注10 主管部门: the department whose stamp is on the 评审表 — the first department stage
    that reviewed the file (county before city before province)."""
    from zhicheng.review.models import ReviewEntry

    _, first, last = span
    rank = {kind: i for i, kind in enumerate(DEPARTMENT_STAGES)}
    best: dict[int, tuple[int, str]] = {}
    # By the application range alone: a plan condition would make the database read the
    # whole plan's records for every chunk.
    rows = ReviewEntry.objects.filter(
        application_id__gte=first, application_id__lte=last, stage_kind__in=DEPARTMENT_STAGES
    ).values_list("application_id", "stage_kind", "organization__name")
    for app_id, kind, name in rows:
        if app_id in ids and (app_id not in best or rank[kind] < best[app_id][0]):
            best[app_id] = (rank[kind], name)
    return {app_id: name for app_id, (_, name) in best.items()}


CeBound = int | str | None


def ce_period(plan, level: str = "", declaration: str = "") -> tuple[CeBound, CeBound]:
    """The years the plan's rule set counts 继续教育 over, as the rule set's own bounds (a year,
    ``as_of``, ``as_of-N``, ``current_title``, ``title:<level>``): the roster's 继续教育情况 is
    the hours of those years (seed 003 二(二)1: 2019–2022; seed 002 四(四): from 2018; seed 000
    二4: every year of the current title). (None, None) when the plan has no rule set."""
    from zhicheng.eligibility.rulesets import UnknownRuleset, get_ruleset

    try:
        ruleset = get_ruleset(plan.ruleset_id)
    except (UnknownRuleset, LookupError, ValueError):
        return None, None
    specs = [*ruleset.checks, *(s for group in ruleset.requirements.values() for s in group)]
    specs += [s for route in ruleset.routes.values() for s in route.specs]
    for spec in specs:
        if spec.kind == "continuing_education" and (
            not (level and declaration) or spec.applies(level, declaration, None)
        ):
            return spec.params.get("from"), spec.params.get("to", "as_of")
    return None, None


def _ce_year(bound: CeBound, *, as_of: int, titles: list[dict], current: dict | None) -> int | None:
    if isinstance(bound, int):
        return bound
    if bound == "as_of":
        return as_of
    if isinstance(bound, str) and bound.startswith("as_of-") and bound[6:].isdigit():
        return as_of - int(bound[6:])
    if bound == "current_title" and current:
        obtained = parse_date(current.get("obtained_on"))
        return obtained.year if obtained else None
    if isinstance(bound, str) and bound.startswith("title:"):
        level = bound[6:]
        held = [
            parse_date(t.get("appointed_from") or t.get("obtained_on"))
            for t in titles
            if t.get("level") == level
        ]
        held = [d for d in held if d]
        return min(held).year if held else None
    return None


def _hours_total(rows: list[dict], *, start: int | None = None, end: int | None = None) -> Decimal | None:
    """继续教育情况（学时数） for the roster: the hours recorded for the years ``start``–``end``
    (the rule set's period; open ends count every year). Records holding only 学分 are not
    hours and are left out rather than added to them. Summed as floats (a few records of at
    most two decimals each, rounded back), several times faster than Decimal on 40,000
    records."""
    if not rows:
        return None
    total = 0.0
    for r in rows:
        year = r.get("year")
        if isinstance(year, int) and (
            (start is not None and year < start) or (end is not None and year > end)
        ):
            continue
        try:
            total += float(r.get("hours") or 0)
        except (TypeError, ValueError):
            continue
    return Decimal(str(round(total, 2)))


def _roster_row(
    r: dict,
    archive: dict[str, list[dict]],
    *,
    department: str,
    tally,
    recommended: str,
    today: date,
    ce_period: tuple[CeBound, CeBound] = (None, None),
    as_of: int | None = None,
) -> RosterRow:
    educations = archive.get("education", [])
    highest = highest_education(educations)
    titles = archive.get("title", [])
    title = current_title(titles)
    post, post_since = current_post(title, today=today)
    specialty = (r["specialty"] or "").strip()
    remarks = ""
    if len(specialty) > SPECIALTY_MAX_CHARS:
        # 注8 allows six characters (they go on the certificate); a longer one is shown in
        # 备注 for the office to shorten with the applicant rather than cut here.
        remarks = f"从事专业“{specialty}”超过{SPECIALTY_MAX_CHARS}个字（注8），请与申报人核对"
        specialty = ""
    department_position = " ".join(
        p for p in (r["applicant__personal_info__department"], r["applicant__personal_info__post"]) if p
    )
    admin = (r["draft__administrative_post"] or "").strip()
    if admin and admin != "无":
        department_position = f"{department_position}（{admin}）" if department_position else admin
    region_level = r["employer__organization__region__level"]
    id_number = r["applicant__id_number"] or ""
    return RosterRow(
        name=r["applicant__real_name"],
        id_number=id_number,
        employer=r["employer__organization__name"] or "",
        employer_nature=r["employer__nature"] or "",
        gender=GENDER_LABEL.get(r["applicant__personal_info__gender"] or "", ""),
        birth_date=r["applicant__personal_info__birth_date"] or birth_date_from_id(id_number),
        work_start=r["applicant__personal_info__work_start"],
        department_position=department_position,
        education_level=EDUCATION_FOR_LEVEL.get(highest["level"], "") if highest else "",
        degree=DEGREE_LABEL.get((highest or {}).get("degree") or "", ""),
        graduated_on=parse_date(highest.get("graduated_on")) if highest else None,
        school=str(highest.get("school") or "") if highest else "",
        major=str(highest.get("major") or "") if highest else "",
        specialty=specialty,
        specialty_years=r["draft__work_years"] or 0,
        current_qualification=qualification_name(title["level"]) if title else "",
        current_qualification_on=parse_date(title.get("obtained_on")) if title else None,
        current_post=post,
        current_post_on=post_since,
        recommended_qualification=recommended,
        assessments=assessments(archive.get("assessment", [])),
        ce_hours=_hours_total(
            archive.get("continuing_education", []),
            start=_ce_year(ce_period[0], as_of=as_of or today.year, titles=titles, current=title),
            end=_ce_year(ce_period[1], as_of=as_of or today.year, titles=titles, current=title),
        ),
        phone=r["applicant__phone"] or "",
        address=r["applicant__personal_info__address"] or "",
        postcode=r["applicant__personal_info__postcode"] or "",
        foreign_language=r["applicant__personal_info__foreign_language"] or "",
        computer=r["applicant__personal_info__computer"] or "",
        department=department,
        county=r["employer__organization__region__name"] if region_level in ("county", "city") else "",
        lower_committee=tally,
        exceptional_basis=(r["draft__exceptional_reasons"] or "")
        if r["declaration_type"] in EXCEPTIONAL_DECLARATIONS
        else "",
        remarks=remarks,
    )
