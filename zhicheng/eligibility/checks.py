"""Where the pure engine meets the platform: build the profile from approved archive entries and evaluate.

The engine itself (engine.py) stays free of Django; this module is the one place that knows how a plan,
an application and the archive become an evaluation, so the self-check, the wizard preview and every
reviewer's page show the same verdict.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone

from zhicheng.archive.models import PersonalInfo
from zhicheng.archive.profile import LOAD, build_profile, personal_info_for_profiles
from zhicheng.plans.models import DeclarationType

from . import ProfileInvalid, UnknownRuleset, evaluate
from .models import EligibilityCheck, PracticalAssessment
from .rulesets import get_ruleset

RESULT_LABELS = {"met": "符合", "not_met": "不符合", "needs_review": "需人工审核", "not_applicable": "不适用"}
OUTCOME_LABELS = {
    "eligible": "符合申报条件",
    "ineligible": "不符合申报条件",
    "needs_review": "部分条件需人工审核",
}


@dataclass
class Check:
    result: dict | None = None
    error: str = ""
    profile: dict = field(default_factory=dict)
    # What the verdict rests on (verdict_basis): a stored verdict with the same basis is still true.
    basis: str = ""

    @property
    def outcome(self) -> str:
        return self.result["outcome"] if self.result else ""

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, "")

    @property
    def criteria(self) -> list[dict]:
        if not self.result:
            return []
        return [{**c, "label": RESULT_LABELS[c["result"]]} for c in self.result["criteria"]]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(RESULT_LABELS, 0)
        for c in self.result["criteria"] if self.result else []:
            counts[c["result"]] += 1
        return counts


def declarations_for_plan(plan, level: str | None = None) -> list[str]:
    """The declaration types the wizard offers: exactly the routes the plan's rule set can judge
    (for the level, or for any of the plan's levels), in the order of DeclarationType — so no
    type is offered that the engine would always refuse and every route can be chosen. A plan
    without a rule set offers what the office configured."""
    if not plan.ruleset_id:
        return [t for t in plan.declaration_types if t in DeclarationType.values]
    try:
        ruleset = get_ruleset(plan.ruleset_id)
    except UnknownRuleset:
        return [t for t in plan.declaration_types if t in DeclarationType.values]
    levels = [level] if level else list(plan.levels)
    routes = {d for lv in levels for d in ruleset.declarations(lv)}
    return [t for t in DeclarationType.values if t in routes]


def check_for_user(
    user,
    plan,
    *,
    level,
    declaration,
    specialty=None,
    work_category=None,
    self_score=None,
    entries=None,
    practical_assessment=None,
    applied_on=None,
    info=LOAD,
    bans: list[dict] | None = None,
) -> Check:
    if not plan.ruleset_id:
        return Check(error="该申报计划未设置资格条件规则集，由审核人员人工核对。")
    try:
        profile = build_profile(
            user,
            as_of=plan.seniority_cutoff,
            deadline=plan.apply_end,
            entries=entries,
            target_level=level or None,
            declaration=declaration or None,
            specialty=specialty or None,
            work_category=work_category or None,
            self_score=self_score,
            info=info,
            bans=bans,
        )
        if plan.achievements_cutoff:
            # seed 000 二5: 业绩等相关材料截止时间 — the engine counts achievements up to it.
            profile["achievements_cutoff"] = plan.achievements_cutoff.isoformat()
        if practical_assessment:
            profile["practical_assessment"] = practical_assessment
        if applied_on:
            profile["applied_on"] = applied_on.isoformat()
        result = evaluate(plan.ruleset_id, profile)
        return Check(result=_with_integrity_bans(result, user, plan, bans), profile=profile)
    except ProfileInvalid as exc:
        fields = "；".join(f"{e['field']}：{e['message']}" for e in exc.errors[:5])
        return Check(error=f"业绩档案中的信息不完整，暂无法自动核对（{fields}）。")
    except UnknownRuleset as exc:
        return Check(error=str(exc))


def _with_integrity_bans(result: dict, user, plan, bans: list[dict] | None = None) -> dict:
    """An integrity record (诚信档案) bars the person on every plan, whether or not the plan's notice
    repeats the rule: where the rule set has no ban of its own, the record's own clause is cited."""
    # upward (named exception in docs/architecture.md): the 诚信档案 bans live in certificates
    from zhicheng.certificates.selectors import integrity_bans_for

    if bans is None:
        bans = integrity_bans_for(user)
    year = plan.seniority_cutoff.year
    active = [b for b in bans if b["ban_from_year"] <= year <= b["ban_until_year"]]
    flagged = any(c["id"] == "sanction_fraud" and c["result"] == "not_met" for c in result["criteria"])
    if not active or flagged:
        return result
    extra = [
        {
            "id": "integrity_ban",
            "title": "诚信档案",
            "clause": ban["clause"],
            "result": "not_met",
            "detail": ban["summary"],
        }
        for ban in active
    ]
    return {**result, "outcome": "ineligible", "criteria": result["criteria"] + extra}


def check_application(application) -> Check:
    """The verdict on what this application actually uses: its pinned archive versions and wizard answers."""
    # upward (named exception in docs/architecture.md): the versions an application uses, the 诚信档案 bans
    from zhicheng.applications.selectors import versions_used_by
    from zhicheng.certificates.selectors import integrity_bans_for

    practical = PracticalAssessment.objects.filter(application=application).first()
    info = personal_info_for_profiles().filter(user_id=application.applicant_id).first()
    return _check(
        application,
        versions_used_by(application),
        info=info,
        bans=integrity_bans_for(application.applicant),
        practical=practical.passed if practical else None,
    )


def check_applications(applications) -> dict[int, Check]:
    """check_application for a chunk of applications, the same verdicts from a handful of queries for
    the whole chunk (the plan-wide re-run): pinned versions, personal information, integrity records
    and 实操评议 results are read for all of them at once. The applications come with their plan,
    applicant and draft joined."""
    # upward (named exception in docs/architecture.md): the versions an application uses, the 诚信档案 bans
    from zhicheng.applications.selectors import versions_used_by_many
    from zhicheng.certificates.selectors import integrity_bans_by_person

    applications = list(applications)
    ids = [a.pk for a in applications]
    people = {a.applicant_id for a in applications}
    versions = versions_used_by_many(applications)
    infos = {i.user_id: i for i in personal_info_for_profiles().filter(user_id__in=people)}
    bans = integrity_bans_by_person(people)
    practical = dict(
        PracticalAssessment.objects.filter(application_id__in=ids).values_list("application_id", "passed")
    )
    return {
        a.pk: _check(
            a,
            versions[a.pk],
            info=infos.get(a.applicant_id),
            bans=bans[a.applicant_id],
            practical=practical.get(a.pk),
        )
        for a in applications
    }


def _check(application, versions, *, info, bans, practical: bool | None) -> Check:
    draft = getattr(application, "draft", None)
    submitted = getattr(application, "submitted_at", None)
    check = check_for_user(
        application.applicant,
        application.plan,
        level=application.level,
        declaration=application.declaration_type,
        specialty=application.specialty,
        work_category=getattr(draft, "work_category", None),
        self_score=getattr(draft, "self_score", None),
        entries=versions,
        practical_assessment=("passed" if practical else "failed") if practical is not None else None,
        applied_on=timezone.localdate(submitted) if submitted else None,
        info=info,
        bans=bans,
    )
    check.basis = _basis(application, [(v.pk, v.updated_at) for v in versions], info, bans, practical)
    return check


def _basis(application, stamps, info, bans, practical) -> str:
    """A fingerprint of everything the verdict depends on: the rule set and its version, the plan's
    dates, the application's answers, the archive versions it uses (and when each last changed), the
    personal information, the integrity records and the 实操评议 result. Two equal bases give the
    same verdict, so a stored verdict with the current basis need not be evaluated again."""
    plan = application.plan
    try:
        ruleset_version = get_ruleset(plan.ruleset_id).version if plan.ruleset_id else ""
    except UnknownRuleset:
        ruleset_version = "unknown"
    draft = getattr(application, "draft", None)
    submitted = getattr(application, "submitted_at", None)
    parts = [
        plan.ruleset_id,
        ruleset_version,
        plan.seniority_cutoff,
        plan.apply_end,
        plan.achievements_cutoff,
        application.level,
        application.declaration_type,
        application.specialty,
        getattr(draft, "work_category", None),
        getattr(draft, "self_score", None),
        timezone.localdate(submitted) if submitted else None,
        sorted(stamps),
        info.updated_at if info is not None else None,
        [b["record_id"] for b in bans],
        practical,
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:40]


def verdict_basis(application) -> str:
    """The basis of the verdict the application would get now, read without evaluating anything: the
    stamps of the versions it uses, the personal information's last change, the integrity record ids
    and the 实操评议 result (four small queries)."""
    # upward (named exception in docs/architecture.md): the versions an application uses, the 诚信档案 bans
    from zhicheng.applications.selectors import version_stamps_used_by
    from zhicheng.certificates.selectors import integrity_bans_for

    updated = PersonalInfo.objects.filter(user_id=application.applicant_id).values_list(
        "updated_at", flat=True
    )
    info = _Stamp(updated[0]) if updated else None
    practical = (
        PracticalAssessment.objects.filter(application=application).values_list("passed", flat=True).first()
    )
    return _basis(
        application,
        version_stamps_used_by(application),
        info,
        integrity_bans_for(application.applicant),
        practical,
    )


@dataclass(frozen=True)
class _Stamp:
    updated_at: object


def current_check(application) -> Check:
    """What a reviewer's (or the applicant's) page shows: the stored verdict while its basis is
    current, a fresh evaluation only when the archive, the answers or the rule set changed since.
    A page view writes nothing (DESIGN.md §4: GET never writes); the stored row is renewed at 提交,
    by the plan's re-run and by the relay."""
    stored = EligibilityCheck.objects.filter(application=application).first()
    if stored is not None and stored.basis and stored.basis == verdict_basis(application):
        return Check(result=stored.result, error=stored.error, basis=stored.basis)
    return check_application(application)
