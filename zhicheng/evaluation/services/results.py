"""The results 公示 (through the one 公示 module) and the HR bureau's approval (发文) that issues the certificates.

Objections, the period and closing are the 公示 module's (publicity.services, rule publicity.rules.PUBLICITY_RULE);
what the evaluation does when an objection is upheld or the 公示 closes is registered there (apps.ready)."""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.plans.levels import level_label
from zhicheng.plans.models import TITLE_FOR_LEVEL
from zhicheng.publicity import services as publicity_services
from zhicheng.publicity.models import Kind, Publicity

from .. import events, notices
from ..machine import TransitionError, transition
from ..models import (
    CaseAction,
    CaseStatus,
    EvaluationCase,
    EvaluationRules,
    ResultApproval,
)
from . import ServiceError
from .cases import rules_for

# 温人社发〔2025〕12号, 浙人社函〔2022〕31号: issuer, 〔year〕, number, 号.
DOCUMENT_NUMBER = re.compile(r"^\S{2,20}〔(\d{4})〕\d{1,5}号$")


@transaction.atomic
def approval_first(rules) -> bool:
    return rules.results_order == EvaluationRules.ResultsOrder.APPROVAL_FIRST


def _publishable_status(rules) -> str:
    return CaseStatus.APPROVED if approval_first(rules) else CaseStatus.REVIEW_PASSED


def publishable_status(plan) -> str:
    """Which cases the results 公示 lists: voted through (default) or approved by the bureau (温州)."""
    return _publishable_status(rules_for(plan))


def awaiting_approval_status(plan) -> str:
    """Which cases the bureau approves: after the 公示 (default) or straight after the vote (温州)."""
    return CaseStatus.REVIEW_PASSED if approval_first(rules_for(plan)) else CaseStatus.AWAITING_APPROVAL


@transaction.atomic
def result_publicity_open(
    *, plan, actor, title: str, start: date, end: date | None = None, contact: str
) -> Publicity:
    """评审结果公示 (seed 001 三(三); 温州 seed 000 五.4 after approval): publish the names of the cases the
    panel passed (or the bureau approved) through the one 公示 module, then move each case to 公示中."""
    rules = rules_for(plan)
    cases = list(
        EvaluationCase.objects.select_for_update(of=("self",))
        .filter(plan=plan, status=_publishable_status(rules))
        .select_related("application__applicant", "application__employer__organization")
    )
    if not cases:
        raise ServiceError(
            "公示名单：本计划没有审批通过、待公示的人员。"
            if approval_first(rules)
            else "公示名单：本计划没有评审表决通过、待公示的人员。"
        )
    try:
        publicity = publicity_services.publicity_open(
            kind=Kind.RESULTS,
            plan=plan,
            actor=actor,
            title=title,
            start=start,
            end=end,
            contact=contact,
            minimum=rules.publicity_working_days,
            lines=[
                publicity_services.Line(
                    application_id=case.application_id,
                    name=case.application.applicant.real_name,
                    employer_name=case.application.employer.organization.name
                    if case.application.employer
                    else "",
                    specialty=case.specialty,
                    level=f"{TITLE_FOR_LEVEL.get(case.level, '')}（{level_label(case.level).split('（')[0]}）",
                )
                for case in cases
            ],
        )
    except publicity_services.PublicityError as exc:
        raise ServiceError(str(exc)) from exc
    for case in cases:
        transition(case=case, action=CaseAction.PUBLISH, actor=actor, data={"publicity": publicity.pk})
    return publicity


def results_objection_upheld(*, objection, actor, resolution: str) -> None:
    """An objection upheld against a published result cancels the case (经核实异议成立), in the 公示
    module's transaction (publicity.kinds)."""
    case = EvaluationCase.objects.filter(application_id=objection.entry.application_id).first()
    if case is not None and case.status == CaseStatus.IN_PUBLICITY:
        try:
            transition(
                case=case,
                action=CaseAction.CANCEL,
                actor=actor,
                opinion=f"评审结果公示异议经核实成立：{resolution}",
            )
        except TransitionError as exc:
            raise publicity_services.PublicityError(str(exc)) from exc


def results_publicity_closing(*, publicity, actor, cleared: list[int]) -> None:
    """The results 公示 closes: each case still 公示中 is cleared — to the bureau's approval (default) or,
    where the bureau approved first (温州), on to 发证 — in the 公示 module's transaction."""
    cases = EvaluationCase.objects.filter(
        application_id__in=cleared, status=CaseStatus.IN_PUBLICITY
    ).order_by("pk")
    n = 0
    try:
        for case in cases:
            transition(case=case, action=CaseAction.CLEAR, actor=actor, data={"publicity": publicity.pk})
            n += 1
    except TransitionError as exc:
        raise publicity_services.PublicityError(str(exc)) from exc
    if n and not approval_first(rules_for(publicity.plan)):
        notices.results_ready_for_approval(plan=publicity.plan, count=n)


def results_approve(*, plan, actor, document_number: str, approved_on: date) -> ResultApproval:
    """The HR bureau approves every name awaiting approval under one document number; certificates are
    issued (signed) in the same transaction and rendered to PDF after commit."""
    document_number = (document_number or "").strip()
    match = DOCUMENT_NUMBER.match(document_number)
    if not match:
        raise ServiceError("发文文号：格式应为“机关代字〔年份〕序号号”，如 温人社发〔2025〕12号。")
    if approved_on > timezone.localdate():
        raise ServiceError("发文日期：不能晚于今天。")
    if int(match.group(1)) != approved_on.year:
        raise ServiceError(f"发文文号：文号年份{match.group(1)}与发文日期的年份{approved_on.year}不一致。")
    try:
        with transaction.atomic():
            first = approval_first(rules_for(plan))
            cases = list(
                EvaluationCase.objects.select_for_update(of=("self",))
                .filter(plan=plan, status=awaiting_approval_status(plan))
                .order_by("pk")
            )
            if not cases:
                raise ServiceError("审批：本计划没有待审批的评审结果。")
            approval = ResultApproval.objects.create(
                plan=plan,
                organization_id=actor.organization_id,
                document_number=document_number,
                approved_on=approved_on,
                approved_by=actor,
                approved_at=timezone.now(),
                count=len(cases),
            )
            for case in cases:
                transition(case=case, action=CaseAction.APPROVE, actor=actor, data={"approval": approval.pk})
            if not first:  # 温州: the approved results are published first; 发证 follows the 公示
                _certify(cases=cases, approval=approval, actor=actor)
            events.results_approved(actor=actor, approval=approval)
    except IntegrityError as exc:
        raise ServiceError(f"发文文号：{document_number} 已使用过。") from exc
    except TransitionError as exc:
        raise ServiceError(str(exc)) from exc
    return approval


def _certify(*, cases, approval, actor) -> None:
    # upward (named exception in docs/architecture.md): approving results issues the certificates
    from zhicheng.certificates.services import certificates_issue

    certificates_issue(cases=cases, approval=approval, actor=actor)
    for case in cases:
        transition(case=case, action=CaseAction.CERTIFY, actor=actor, data={"approval": approval.pk})


def results_certify(*, plan, actor) -> int:
    """温州 (seed 000 五): after the approved results' 公示 closes without objection, the bureau 发文 and
    issues the e-certificates under the approval's document number."""
    try:
        with transaction.atomic():
            cases = list(
                EvaluationCase.objects.select_for_update(of=("self",))
                .filter(plan=plan, status=CaseStatus.PUBLISHED_APPROVED)
                .order_by("pk")
            )
            if not cases:
                raise ServiceError("发证：本计划没有审批结果公示无异议、待发证的人员。")
            approval = ResultApproval.objects.filter(plan=plan).order_by("-approved_at").first()
            _certify(cases=cases, approval=approval, actor=actor)
    except TransitionError as exc:
        raise ServiceError(str(exc)) from exc
    return len(cases)


def case_decline(*, case: EvaluationCase, actor, reason: str) -> None:
    try:
        transition(case=case, action=CaseAction.DECLINE, actor=actor, opinion=reason)
    except TransitionError as exc:
        raise ServiceError(str(exc)) from exc
