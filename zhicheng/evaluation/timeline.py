"""The evaluation's steps of the one timeline (applications/timeline.py), from the fee to the certificate,
told from the one history that timeline read (its rows of machine "evaluation"). A step the plan does not
have (no fee, no exam) is not shown; a step is done only when a row of the history says what it names
happened — the fee paid, the exam passed, the vote passed, the results' 公示 cleared, the approval, the
certificate. A case moved past a step without such a row shows the step as not done (``未办理``)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from zhicheng.applications.models import Lifecycle
from zhicheng.applications.models import Status as AppStatus
from zhicheng.applications.timeline import TimelineEvent, TimelineStep
from zhicheng.core.dates import cn_date as _cn
from zhicheng.core.workdays import calendar
from zhicheng.publicity.models import Kind
from zhicheng.publicity.selectors import latest_entry

from .models import CaseAction, CaseStatus, EvaluationCase, EvaluationRules

S = CaseStatus
STOPPED = {
    S.UNPAID_EXPIRED: "逾期未缴费，本次不进入评审",
    S.ASSESSMENT_FAILED: "考试考评未达合格线",
    S.REVIEW_FAILED: "评审表决未通过",
    S.NOT_APPROVED: "审批未通过",
    S.CANCELLED: "已取消评审资格",
    S.REVOKED: "资格已撤销",
}
POSITION = {
    S.AWAITING_PAYMENT: "fee",
    S.UNPAID_EXPIRED: "fee",
    S.IN_ASSESSMENT: "assessment",
    S.ASSESSMENT_FAILED: "assessment",
    S.AWAITING_REVIEW: "review",
    S.UNDER_REVIEW: "review",
    S.REVIEW_PASSED: "review",
    S.REVIEW_FAILED: "review",
    S.IN_PUBLICITY: "results_publicity",
    S.AWAITING_APPROVAL: "approval",
    S.NOT_APPROVED: "approval",
    S.APPROVED: "certificate",
    S.PUBLISHED_APPROVED: "certificate",
    S.CERTIFIED: "done",
    S.REVOKED: "certificate",
}


APPROVAL_FIRST_POSITION = {
    S.REVIEW_PASSED: "approval",
    S.APPROVED: "results_publicity",
    S.IN_PUBLICITY: "results_publicity",
    S.PUBLISHED_APPROVED: "certificate",
}


def _money(value) -> str:
    text = format(value, "f")
    return text[:-3] if text.endswith(".00") else text


# What must be in the history for a step to be done.
DONE_BY = {
    "fee": (CaseAction.PAY,),
    "assessment": (CaseAction.ASSESSMENT_PASS,),
    "review": (CaseAction.PASS_REVIEW,),
    "results_publicity": (CaseAction.CLEAR,),
    "approval": (CaseAction.APPROVE,),
    "certificate": (CaseAction.CERTIFY,),
}


def steps_for(application, *, today: date, history: list | None = None) -> list[TimelineStep]:
    case = (
        EvaluationCase.objects.filter(application_id=application.pk)
        .select_related("plan__committee__organization", "plan__committee__hr_bureau")
        .prefetch_related("sittings__spec", "sittings__session")
        .first()
    )
    if case is None and application.status in (AppStatus.REJECTED,):
        return []  # the road ended in the review chain; nothing of the evaluation is ahead
    plan = application.plan
    committee = plan.committee.organization.name
    bureau = plan.committee.hr_bureau.name if plan.committee.hr_bureau_id else "人力社保部门"
    if history is None:
        history = list(case.history.select_related("organization")) if case else []
    history = [h for h in history if h.machine == Lifecycle.EVALUATION] if case else []
    by_action: dict[str, list] = {}
    for h in history:
        by_action.setdefault(h.action, []).append(h)

    def events(*actions, org=committee):
        return [
            TimelineEvent(
                at=h.at,
                action=h.action,
                label=h.get_action_display(),
                organization=h.organization.name if h.organization_id else org,
                opinion="",
            )
            for a in actions
            for h in by_action.get(a, [])
        ]

    # Which steps this file's road has (from the case once open, from the plan before).
    if case is not None:
        charges = CaseAction.NO_FEE not in by_action and case.fee_amount > 0
        sittings = list(case.sittings.all())
        specs = [s.spec for s in sittings] or [
            s for s in plan.assessment_specs.all() if s.applies_to(case.level)
        ]
    else:
        fees = {f.level: f.amount for f in plan.fees.all()}
        charges = bool(fees.get(application.level))
        sittings = []
        specs = [s for s in plan.assessment_specs.all() if s.applies_to(application.level)]
    order = (["fee"] if charges else []) + ["assessment"] * bool(specs)
    first = EvaluationRules.objects.filter(plan_id=plan.pk, results_order="approval_first").exists()
    # 温州 (seed 000 五): the bureau approves, then the approved results are published, then 发证.
    order += (
        ["review", "approval", "results_publicity"] if first else ["review", "results_publicity", "approval"]
    )
    order += ["certificate"]
    position = {**POSITION, **(APPROVAL_FIRST_POSITION if first else {})}

    if case is None:
        at = None
    elif case.status in (S.CANCELLED,):
        last = history[-1].from_status if history else S.AWAITING_PAYMENT
        at = position.get(last, "fee")
    else:
        at = position[case.status]
    stopped = case is not None and case.status in STOPPED
    reached = order.index(at) if at in order else (len(order) if at == "done" else -1)

    def state_of(key) -> str:
        i = order.index(key)
        if case is None or i > reached:
            return "upcoming"
        if i < reached:
            # Past this step: done only if the history holds what completes it.
            return "done" if any(a in by_action for a in DONE_BY[key]) else "skipped"
        return "rejected" if stopped else "current"

    cal = calendar()
    steps: list[TimelineStep] = []
    if charges:
        st = state_of("fee")
        amount = _money(case.fee_amount) if case else _money(fees[application.level])
        step = TimelineStep(
            key="fee",
            title="缴纳评审费",
            organization=committee,
            state=st,
            state_label={
                "done": f"已缴费 {amount} 元",
                "current": f"待缴费 {amount} 元",
                "rejected": STOPPED.get(case.status, "") if case else "",
                "skipped": "未办理",
            }.get(st, "资格审查公示无异议后通知缴费"),
            events=events(CaseAction.PAY),
        )
        if st == "current":
            step.deadline = case.fee_deadline
            step.time_left = cal.time_left(today, case.fee_deadline)
            step.todo = f"请于{_cn(case.fee_deadline)}前缴纳评审费{amount}元（可在“我的评审”中网上缴费）。"
        steps.append(step)
    for spec in specs:
        sitting = next((s for s in sittings if s.spec_id == spec.pk), None)
        st = state_of("assessment")
        if st in ("current", "rejected") and sitting is not None and sitting.passed is not None:
            st = "done" if sitting.passed else "rejected"
        label = {"upcoming": "未到达", "done": "合格", "rejected": "未达合格线", "skipped": "未办理"}.get(
            st, "待考试"
        )
        if sitting is not None and sitting.score is not None:
            label = f"{label}（{sitting.score} 分）"
        step = TimelineStep(
            key=f"assessment-{spec.pk}", title=spec.name, organization=committee, state=st, state_label=label
        )
        if st == "current" and sitting is not None and sitting.session is not None:
            session = sitting.session
            starts = timezone.localtime(session.starts_at)  # 北京时间: the database gives UTC
            step.state_label = "待参加"
            step.deadline = starts.date()
            step.time_left = cal.time_left(today, step.deadline)
            step.todo = f"请于{_cn(step.deadline)} {starts:%H:%M}到{session.place}参加{spec.name}。"
        elif st == "current":
            step.todo = f"请留意{spec.name}的时间和地点通知。"
        steps.append(step)
    st = state_of("review")
    steps.append(
        TimelineStep(
            key="expert_review",
            title="专家评审",
            organization=committee,
            # The vote's outcome is the applicant's once the results are published (the step is done then).
            events=events(CaseAction.PASS_REVIEW) if st == "done" else [],
            state=st,
            state_label={
                "done": "已完成",
                "current": "评审中",
                "rejected": STOPPED.get(case.status, "") if case else "",
                "skipped": "未办理",
            }.get(st, "未到达"),
        )
    )
    st = state_of("results_publicity")
    entry = latest_entry(case.application_id, Kind.RESULTS) if case else None
    step = TimelineStep(
        key="results_publicity",
        title="评审结果公示",
        organization=committee,
        state=st,
        state_label={"done": "公示无异议", "current": "公示中", "skipped": "未办理"}.get(st, "未到达"),
        events=events(CaseAction.PUBLISH, CaseAction.CLEAR),
    )
    if entry is not None and st == "current":
        step.deadline = entry.publicity.end
        step.time_left = cal.time_left(today, entry.publicity.end)
    steps.append(step)
    st = state_of("approval")
    steps.append(
        TimelineStep(
            key="approval",
            title="人社部门审批",
            organization=bureau,
            state=st,
            state_label={
                "done": "已审批发文",
                "current": "待审批",
                "rejected": "审批未通过",
                "skipped": "未办理",
            }.get(st, "未到达"),
            events=events(CaseAction.APPROVE, CaseAction.DECLINE, org=bureau),
        )
    )
    st = state_of("certificate")
    certificate = (
        getattr(case, "certificate", None) if case and case.status in (S.CERTIFIED, S.REVOKED) else None
    )
    steps.append(
        TimelineStep(
            key="certificate",
            title="电子证书",
            organization=bureau,
            state="rejected" if case is not None and case.status == S.REVOKED else st,
            state_label=(
                f"已发放（证书编号 {certificate.number}）"
                if certificate is not None and case.status == S.CERTIFIED
                else {"current": "待发证", "rejected": "资格已撤销", "skipped": "未办理"}.get(st, "未到达")
            ),
            events=events(CaseAction.CERTIFY, org=bureau),
        )
    )
    if case is not None and case.status == S.CERTIFIED and CaseAction.CERTIFY in by_action:
        steps[-1].state = "done"
    if first:
        i = next(n for n, st in enumerate(steps) if st.key == "results_publicity")
        steps[i], steps[i + 1] = steps[i + 1], steps[i]
    return steps
