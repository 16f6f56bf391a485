"""Opening cases for qualified applications, and the plan's evaluation rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import OuterRef
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.models import Status as AppStatus
from zhicheng.core.workdays import calendar
from zhicheng.plans.selectors import has_qualification_publicity
from zhicheng.publicity.models import Kind
from zhicheng.publicity.selectors import cleared_in

from .. import events, notices
from ..machine import CANCELLABLE, transition
from ..models import CaseAction, EvaluationCase, EvaluationRules
from ..rules import DEFAULT_SCORING_FORM
from . import ServiceError


def rules_for(plan) -> EvaluationRules:
    """The plan's rules, or the defaults (unsaved) until the office saves its own: a read never writes."""
    rules = getattr(plan, "_evaluation_rules_cache", None)
    if rules is None:
        rules = EvaluationRules.objects.filter(plan=plan).first() or EvaluationRules(
            plan=plan, scoring_form=[dict(item) for item in DEFAULT_SCORING_FORM]
        )
        plan._evaluation_rules_cache = rules
    return rules


@transaction.atomic
def evaluation_rules_save(*, actor, form, spec_formset) -> EvaluationRules:
    """The rules and the plan's assessments are saved together or not at all."""
    rules = form.save()
    spec_formset.instance = rules.plan
    spec_formset.save()
    events.rules_saved(actor=actor, rules=rules)
    return rules


def fee_deadline_for(rules: EvaluationRules, today: date, cal=None) -> date:
    """The plan's fixed deadline when it is still ahead; otherwise N working days from today (today counts)."""
    if rules.fee_deadline and rules.fee_deadline >= today:
        return rules.fee_deadline
    cal = cal or calendar()
    return cal.end_of_period(today, rules.payment_working_days)


@dataclass
class OpenResult:
    opened: list[EvaluationCase] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def cleared_without_case(plan, application_ids=None):
    """Qualified files of the plan whose names stood the 资格审查公示 (closed, no sustained objection)
    and that have no case yet. Seed 001 三(二), seed 002 三: 公示无异议后，组织专家评审. A plan whose road
    holds no such 公示 (温州, seed 000 五1) takes every qualified file."""
    apps = Application.objects.filter(plan=plan, status=AppStatus.QUALIFIED, evaluation__isnull=True)
    if has_qualification_publicity(plan):
        apps = apps.filter(cleared_in(Kind.QUALIFICATION, OuterRef("pk")))
    if application_ids is not None:
        apps = apps.filter(pk__in=application_ids)
    return apps.select_related("applicant")


def case_open_for_qualified(
    *, plan, actor=None, today: date | None = None, application_ids=None
) -> OpenResult:
    """Open a case (and send the fee notice, or go straight on where the plan charges nothing) for every
    file of the plan cleared by the 资格审查公示 that has none yet.

    Called when the 公示 closes (evaluation/subscribers.py) and by the office's explicit 开通评审 (a POST,
    to repair a run that failed); idempotent: the OneToOne on the application forbids a second case.
    """
    today = today or timezone.localdate()
    result = OpenResult()
    waiting = list(cleared_without_case(plan, application_ids))
    if not waiting:
        return result
    rules = rules_for(plan)
    fees = {f.level: f.amount for f in plan.fees.all()}
    deadline = fee_deadline_for(rules, today)
    for application in waiting:
        # A plan without any fee row charges nothing (seeds 001–003 name no fee): straight on.
        # A plan that charges some levels but not this one is a gap in its set-up: the office is told.
        if fees and application.level not in fees:
            result.skipped.append(
                f"{application.applicant.masked_name}：本计划未设置该级别的评审费，暂不能开始缴费"
            )
            continue
        case = _open_one(application=application, fee=fees.get(application.level, 0), deadline=deadline)
        if case is not None:
            result.opened.append(case)
    if result.opened:
        events.cases_opened(actor=actor, plan=plan, count=len(result.opened), skipped=len(result.skipped))
    return result


def case_cancel_for_lost_qualification(*, application_id: int) -> bool:
    """The review chain cancelled the qualification (an objection upheld): the case, if any, ends too."""
    case = EvaluationCase.objects.filter(application_id=application_id, status__in=CANCELLABLE).first()
    if case is None:
        return False
    transition(
        case=case,
        action=CaseAction.CANCEL,
        actor=None,
        opinion="申报资格已在资格审查公示中经核实取消",
        actor_label="review-chain",
    )
    return True


def _open_one(*, application, fee, deadline) -> EvaluationCase | None:
    now = timezone.now()
    try:
        with transaction.atomic():
            case = EvaluationCase.objects.create(
                application=application,
                plan_id=application.plan_id,
                level=application.level,
                specialty=application.specialty or application.plan.specialty,
                fee_amount=fee,
                fee_deadline=deadline,
                opened_at=now,
                status_changed_at=now,
            )
            if not fee:
                # Nothing to pay: straight on to the assessments or the expert review, recorded as
                # "本计划不收评审费" (never as a payment that did not happen).
                transition(case=case, action=CaseAction.NO_FEE, actor=None, actor_label="no-fee")
            else:
                notices.case_opened(case=case)
    except IntegrityError:
        return None  # opened a moment ago by a concurrent visit
    return case


def case_cancel(*, case, actor, reason: str) -> None:
    if not reason.strip():
        raise ServiceError("取消原因：必须填写。")
    transition(case=case, action=CaseAction.CANCEL, actor=actor, opinion=reason)
