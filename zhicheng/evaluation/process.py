"""The evaluation's steps in a plan's process (plans.process): 资格审查公示, fee, assessments, expert review,
vote, results 公示 and approval in the plan's order, 发文 and certificate — read from the rows that hold
them (EvaluationRules, PlanFee, AssessmentSpec), never a second copy."""

from django.urls import reverse

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS
from zhicheng.plans.models import TITLE_FOR_LEVEL, StageKind
from zhicheng.plans.process import Step

from .models import AssessmentKind, EvaluationRules

STEP_FOR_ASSESSMENT = {
    AssessmentKind.THEORY: "exam",
    AssessmentKind.INTERVIEW: "interview",
    AssessmentKind.PRACTICAL: "practical",
}


def _n(value) -> str:
    """180.00 → 180, 60.5 → 60.5."""
    return f"{value.normalize():f}" if value is not None else ""


def steps_for_plan(plan, *, stages) -> list[Step]:
    if plan.pk is None:
        return []
    rules = EvaluationRules.objects.filter(plan=plan).first() or EvaluationRules(plan=plan)
    committee = plan.committee
    office = committee.organization.name
    rules_url = reverse("evaluation:plan_rules", args=[plan.pk])
    steps: list[Step] = []
    if any(s.kind == StageKind.COMMITTEE_OFFICE for s in stages):
        steps.append(
            Step(
                "qualification_publicity",
                holder=office,
                detail=f"不少于{MIN_PUBLICITY_WORKING_DAYS}个工作日，无异议后进入评审",
                params={"days": MIN_PUBLICITY_WORKING_DAYS},
            )
        )
    fees = sorted(plan.fees.all(), key=lambda f: -f.amount)
    if fees:
        modes = [
            m for m, on in (("网上缴费", rules.online_payment), ("线下缴费", rules.offline_payment)) if on
        ]
        collector = rules.fee_collector or committee.organizer or office
        amounts = "、".join(f"{TITLE_FOR_LEVEL.get(f.level, f.level)}{_n(f.amount)}元" for f in fees)
        steps.append(
            Step(
                "fee",
                holder=collector,
                detail=f"{amounts}；{'或'.join(modes) or '未设置缴费方式'}",
                params={"online": rules.online_payment, "offline": rules.offline_payment},
                edit_url=rules_url,
            )
        )
    assessments_url = reverse("evaluation:assessments", args=[plan.pk])
    for spec in plan.assessment_specs.order_by("order", "pk"):
        steps.append(
            Step(
                STEP_FOR_ASSESSMENT[spec.kind],
                holder=committee.organizer or office,
                title=spec.name,
                detail=f"满分{_n(spec.full_mark)}分，合格线{_n(spec.pass_mark)}分，评分人不少于{spec.min_examiners}名",
                params={
                    "pass_mark": spec.pass_mark,
                    "full_mark": spec.full_mark,
                    "examiners": spec.min_examiners,
                },
                edit_url=assessments_url,
            )
        )
    steps.append(Step("expert_review", holder=f"{committee.organization.name}专家", edit_url=rules_url))
    steps.append(
        Step(
            "vote",
            holder=committee.organization.name,
            detail=f"赞成票不少于{rules.get_pass_base_display()}的{rules.pass_numerator}/{rules.pass_denominator}",
            edit_url=rules_url,
        )
    )
    publicity = Step(
        "results_publicity",
        holder=committee.organizer or office,
        detail=f"不少于{rules.publicity_working_days}个工作日",
        params={"days": rules.publicity_working_days},
        edit_url=rules_url,
    )
    bureau = committee.hr_bureau.name if committee.hr_bureau_id else "人社部门"
    approval = Step("approval", holder=bureau, edit_url=rules_url)
    if rules.results_order == EvaluationRules.ResultsOrder.APPROVAL_FIRST:
        steps += [approval, publicity]
    else:
        steps += [publicity, approval]
    steps.append(Step("certificate", holder=bureau))
    return steps
