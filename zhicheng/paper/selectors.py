"""Reads of paper materials: which step is pending for a file, what the office has to check or receive."""

from __future__ import annotations

from zhicheng.applications.models import Application, Status
from zhicheng.evaluation.models import CaseStatus, EvaluationCase

from .models import PaperCheck, PaperMailing, PaperStep, PaperWhen

# The vote passed: from here on the applicant mails (seed 001 附件4: 只有评审通过人员才需邮寄).
PASSED_CASE = (
    CaseStatus.REVIEW_PASSED,
    CaseStatus.IN_PUBLICITY,
    CaseStatus.AWAITING_APPROVAL,
    CaseStatus.APPROVED,
    CaseStatus.PUBLISHED_APPROVED,
    CaseStatus.CERTIFIED,
)


def step_for(plan, when: str) -> PaperStep | None:
    return PaperStep.objects.filter(plan=plan, when=when).first()


def pending_check(application) -> PaperStep | None:
    """The before-review step this file has not yet passed, or None."""
    step = step_for(application.plan, PaperWhen.BEFORE_REVIEW)
    if step is None:
        return None
    passed = PaperCheck.objects.filter(step=step, application=application, state=PaperCheck.State.PASSED)
    return None if passed.exists() else step


def assign_refusal(case) -> str:
    step = pending_check(case.application)
    if step is None:
        return ""
    return (
        f"{step.title}尚未通过（{step.window_label}，{step.address}），"
        "请先在“纸质材料”页面逐项核对原件，再分配专家评审。"
    )


def case_passed(application) -> bool:
    return EvaluationCase.objects.filter(application=application, status__in=PASSED_CASE).exists()


def mailing_step_due(application) -> PaperStep | None:
    """The after-pass step when this file passed the vote (whether or not it has been mailed yet)."""
    step = step_for(application.plan, PaperWhen.AFTER_PASS)
    if step is None or not case_passed(application):
        return None
    return step


def mailing_for(application) -> PaperMailing | None:
    return PaperMailing.objects.filter(application=application).select_related("step").first()


def check_for(application) -> PaperCheck | None:
    return PaperCheck.objects.filter(application=application).select_related("step").first()


def files_to_check(step: PaperStep) -> list[dict]:
    """Every submitted file of the plan, with its check (none yet, passed, incomplete)."""
    checks = {c.application_id: c for c in step.checks.all()}
    apps = (
        Application.objects.filter(plan=step.plan, status__in=(Status.PENDING, Status.QUALIFIED))
        .select_related("applicant", "employer__organization")
        .order_by("pk")
    )
    return [{"application": a, "check": checks.get(a.pk)} for a in apps]


def files_to_receive(step: PaperStep) -> list[dict]:
    mailings = {m.application_id: m for m in step.mailings.all()}
    cases = (
        EvaluationCase.objects.filter(plan=step.plan, status__in=PASSED_CASE)
        .select_related("application__applicant")
        .order_by("pk")
    )
    return [
        {"case": c, "application": c.application, "mailing": mailings.get(c.application_id)} for c in cases
    ]
