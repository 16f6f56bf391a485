"""Where the pure engine meets the platform: build the profile from approved archive entries and evaluate.

The engine itself (engine.py) stays free of Django; this module is the one place that knows how a plan,
an application and the archive become an evaluation, so the self-check, the wizard preview and every
reviewer's page show the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from zhicheng.plans.models import DeclarationType

from . import ProfileInvalid, UnknownRuleset, evaluate
from .models import PracticalAssessment
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
) -> Check:
    from zhicheng.archive.profile import build_profile

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
        )
        if plan.achievements_cutoff:
            # seed 000 二5: 业绩等相关材料截止时间 — the engine counts achievements up to it.
            profile["achievements_cutoff"] = plan.achievements_cutoff.isoformat()
        if practical_assessment:
            profile["practical_assessment"] = practical_assessment
        if applied_on:
            profile["applied_on"] = applied_on.isoformat()
        result = evaluate(plan.ruleset_id, profile)
        return Check(result=_with_integrity_bans(result, user, plan), profile=profile)
    except ProfileInvalid as exc:
        fields = "；".join(f"{e['field']}：{e['message']}" for e in exc.errors[:5])
        return Check(error=f"业绩档案中的信息不完整，暂无法自动核对（{fields}）。")
    except UnknownRuleset as exc:
        return Check(error=str(exc))


def _with_integrity_bans(result: dict, user, plan) -> dict:
    """An integrity record (诚信档案) bars the person on every plan, whether or not the plan's notice
    repeats the rule: where the rule set has no ban of its own, the record's own clause is cited."""
    from zhicheng.certificates.selectors import integrity_bans_for

    year = plan.seniority_cutoff.year
    active = [b for b in integrity_bans_for(user) if b["ban_from_year"] <= year <= b["ban_until_year"]]
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
    from zhicheng.applications.selectors import versions_used_by

    draft = getattr(application, "draft", None)
    practical = PracticalAssessment.objects.filter(application=application).first()
    submitted = getattr(application, "submitted_at", None)
    return check_for_user(
        application.applicant,
        application.plan,
        level=application.level,
        declaration=application.declaration_type,
        specialty=application.specialty,
        work_category=getattr(draft, "work_category", None),
        self_score=getattr(draft, "self_score", None),
        entries=versions_used_by(application),
        practical_assessment=("passed" if practical.passed else "failed") if practical else None,
        applied_on=timezone.localdate(submitted) if submitted else None,
    )
