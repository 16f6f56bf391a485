"""Results 公示, objections, and the HR bureau's approval (发文) that issues the certificates."""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.core.workdays import calendar
from zhicheng.plans.levels import level_label
from zhicheng.plans.models import TITLE_FOR_LEVEL

from .. import events, notices
from ..machine import TransitionError, transition
from ..models import (
    CaseAction,
    CaseStatus,
    EvaluationCase,
    EvaluationRules,
    ResultApproval,
    ResultEntry,
    ResultObjection,
    ResultPublicity,
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
    *, plan, actor, title: str, start: date, end: date, contact: str
) -> ResultPublicity:
    """Publish the names of the cases the panel passed: name, employer, specialty and level only."""
    title, contact = (title or "").strip(), (contact or "").strip()
    if not title:
        raise ServiceError("公示标题：必须填写。")
    if not contact:
        raise ServiceError("异议受理方式：必须填写（联系电话或地址）。")
    if start < timezone.localdate():
        raise ServiceError("公示开始日期：不能早于今天。")
    rules = rules_for(plan)
    cal = calendar()
    problems = cal.publicity_problems(start, end, minimum=rules.publicity_working_days)
    if problems:
        raise ServiceError("公示期：" + "；".join(problems))
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
    publicity = ResultPublicity.objects.create(
        plan=plan,
        title=title[:200],
        start=start,
        end=end,
        working_days=cal.count(start, end),
        contact=contact[:200],
        created_by=actor,
        created_at=timezone.now(),
    )
    ResultEntry.objects.bulk_create(
        [
            ResultEntry(
                publicity=publicity,
                case=case,
                name=case.application.applicant.real_name,
                employer_name=case.application.employer.organization.name
                if case.application.employer
                else "",
                specialty=case.specialty,
                level=f"{TITLE_FOR_LEVEL.get(case.level, '')}（{level_label(case.level).split('（')[0]}）",
            )
            for case in cases
        ]
    )
    for case in cases:
        transition(case=case, action=CaseAction.PUBLISH, actor=actor, data={"publicity": publicity.pk})
    events.result_publicity_opened(actor=actor, publicity=publicity)
    return publicity


@transaction.atomic
def result_objection_record(
    *, entry: ResultEntry, actor, received_on: date, channel: str, content: str
) -> ResultObjection:
    content = (content or "").strip()
    if not content:
        raise ServiceError("异议内容：必须填写。")
    if channel not in ResultObjection.Channel.values:
        raise ServiceError("反映方式：请选择来信、来电、来访或网上反映。")
    publicity = entry.publicity
    if publicity.status != ResultPublicity.Status.OPEN:
        raise ServiceError("该公示已结束，不能再登记异议。")
    if received_on < publicity.start or received_on > timezone.localdate():
        raise ServiceError("收到日期：应在公示开始之后、不晚于今天。")
    objection = ResultObjection.objects.create(
        entry=entry,
        received_on=received_on,
        channel=channel,
        content=content,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    events.result_objection_recorded(actor=actor, objection=objection)
    return objection


@transaction.atomic
def result_objection_resolve(
    *, objection: ResultObjection, actor, upheld: bool, resolution: str
) -> ResultObjection:
    """An objection upheld cancels the case (经核实异议成立); dismissed, the name stays on the list."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ServiceError("核查结论：必须填写。")
    row = (
        ResultObjection.objects.select_for_update(of=("self",))
        .select_related("entry__case")
        .get(pk=objection.pk)
    )
    if row.status != ResultObjection.Status.OPEN:
        raise ServiceError("该异议已处理。")
    row.status = ResultObjection.Status.UPHELD if upheld else ResultObjection.Status.DISMISSED
    row.resolution, row.resolved_by, row.resolved_at = resolution, actor, timezone.now()
    row.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    if upheld and row.entry.case.status == CaseStatus.IN_PUBLICITY:
        transition(
            case=row.entry.case,
            action=CaseAction.CANCEL,
            actor=actor,
            opinion=f"评审结果公示异议经核实成立：{resolution}",
        )
    events.result_objection_resolved(actor=actor, objection=row)
    return row


def result_publicity_close(*, publicity: ResultPublicity, actor, today: date | None = None) -> int:
    """After the last day, with every objection resolved: the names go to the HR bureau for approval."""
    today = today or timezone.localdate()
    with transaction.atomic():
        row = (
            ResultPublicity.objects.select_for_update(of=("self",))
            .select_related("plan__committee__organization")
            .get(pk=publicity.pk)
        )
        if row.status != ResultPublicity.Status.OPEN:
            raise ServiceError("该公示已结束。")
        if today <= row.end:
            raise ServiceError(f"公示期至{notices.cn_date(row.end)}，期满后方可结束公示。")
        if ResultObjection.objects.filter(entry__publicity=row, status=ResultObjection.Status.OPEN).exists():
            raise ServiceError("尚有未处理的异议，处理完毕后方可结束公示。")
        cleared = 0
        for entry in row.entries.select_related("case").filter(case__status=CaseStatus.IN_PUBLICITY):
            transition(case=entry.case, action=CaseAction.CLEAR, actor=actor, data={"publicity": row.pk})
            cleared += 1
        row.status, row.closed_at = ResultPublicity.Status.CLOSED, timezone.now()
        row.save(update_fields=["status", "closed_at"])
        events.result_publicity_closed(actor=actor, publicity=row)
        if cleared and not approval_first(rules_for(row.plan)):
            notices.results_ready_for_approval(plan=row.plan, count=cleared)
    return cleared


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
