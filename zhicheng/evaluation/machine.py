"""The evaluation's transition tables, fee to certificate (DESIGN.md §4.3), run by the one engine.

TRANSITIONS (and APPROVAL_FIRST_TRANSITIONS, 温州's road) are the tables as data: (status, action, role) →
next status. ``transition()`` hands them to applications/engine.py — the same engine as the review chain's:
it locks the row, checks the table and the actor, saves with a version check, writes the named audit event
and one row of the application's one history (applications.StatusHistory, machine "evaluation"). What is
particular to these tables lives in ``EvaluationLifecycle``. Nothing else writes EvaluationCase.status.

Roles: committee_office and hr_bureau act through pages; "system" is the platform itself acting on a
verified payment callback or a periodic job, and carries no user.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.accounts.models import Role
from zhicheng.applications import engine
from zhicheng.applications.models import Lifecycle, StatusHistory
from zhicheng.publicity.models import Publicity
from zhicheng.publicity.models import QualificationEntry as PublicityEntry

from . import events
from .models import AssessmentSitting, CaseAction, CaseStatus, EvaluationCase, EvaluationRules
from .notices import notify_case_transition

S, A = CaseStatus, CaseAction
SYSTEM = "system"
AFTER_PAYMENT = (
    "after_payment"  # to 考试考评 when the plan holds assessments for the level, else to 待专家评审
)
CANCELLABLE = (
    S.AWAITING_PAYMENT,
    S.IN_ASSESSMENT,
    S.AWAITING_REVIEW,
    S.UNDER_REVIEW,
    S.REVIEW_PASSED,
    S.IN_PUBLICITY,
    S.AWAITING_APPROVAL,
    S.PUBLISHED_APPROVED,
)

TRANSITIONS: dict[tuple[str, str, str], str] = {
    (
        S.AWAITING_PAYMENT,
        A.PAY,
        Role.COMMITTEE_OFFICE,
    ): AFTER_PAYMENT,  # offline: the office records the receipt
    (S.AWAITING_PAYMENT, A.PAY, SYSTEM): AFTER_PAYMENT,  # online: a verified provider callback
    # A plan (or level) without a fee: nothing to pay, straight on — recorded as such, never as "paid".
    (S.AWAITING_PAYMENT, A.NO_FEE, SYSTEM): AFTER_PAYMENT,
    (S.AWAITING_PAYMENT, A.EXPIRE, SYSTEM): S.UNPAID_EXPIRED,
    (S.IN_ASSESSMENT, A.ASSESSMENT_PASS, Role.COMMITTEE_OFFICE): S.AWAITING_REVIEW,
    (S.IN_ASSESSMENT, A.ASSESSMENT_FAIL, Role.COMMITTEE_OFFICE): S.ASSESSMENT_FAILED,
    (S.AWAITING_REVIEW, A.ASSIGN, Role.COMMITTEE_OFFICE): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.UNASSIGN, Role.COMMITTEE_OFFICE): S.AWAITING_REVIEW,
    (S.UNDER_REVIEW, A.PASS_REVIEW, Role.COMMITTEE_OFFICE): S.REVIEW_PASSED,
    (S.UNDER_REVIEW, A.FAIL_REVIEW, Role.COMMITTEE_OFFICE): S.REVIEW_FAILED,
    (S.REVIEW_PASSED, A.PUBLISH, Role.COMMITTEE_OFFICE): S.IN_PUBLICITY,
    (S.IN_PUBLICITY, A.CLEAR, Role.COMMITTEE_OFFICE): S.AWAITING_APPROVAL,
    (S.AWAITING_APPROVAL, A.APPROVE, Role.HR_BUREAU): S.APPROVED,
    (S.AWAITING_APPROVAL, A.DECLINE, Role.HR_BUREAU): S.NOT_APPROVED,
    (S.APPROVED, A.CERTIFY, Role.HR_BUREAU): S.CERTIFIED,
    (S.CERTIFIED, A.REVOKE, Role.COMMITTEE_OFFICE): S.REVOKED,
    # An objection upheld, fraud found, or the qualification cancelled in the review chain's 公示.
    **{(s, A.CANCEL, Role.COMMITTEE_OFFICE): S.CANCELLED for s in CANCELLABLE},
    **{(s, A.CANCEL, SYSTEM): S.CANCELLED for s in CANCELLABLE},
}

# Nothing of the evaluation starts while the file's 资格审查公示 is open (objections are handled, and can
# only be, while it is open). Seed 001 三(二), seed 002 三: 公示无异议后，组织专家评审.
AFTER_QUALIFICATION_PUBLICITY = {
    A.PAY,
    A.NO_FEE,
    A.ASSESSMENT_PASS,
    A.ASSESSMENT_FAIL,
    A.ASSIGN,
    A.PASS_REVIEW,
    A.FAIL_REVIEW,
}
PUBLICITY_OPEN_MESSAGE = "资格审查公示尚未结束：公示期满且异议处理完毕后，方可缴费、考试考评和组织专家评审。"

# Seed 000 五 (温州): the committee proposes, the bureau approves, then the approved results are published
# for ≥5 working days, then the bureau issues 发文 and the e-certificates. The plan's rules choose the road.
_PUBLICITY_FIRST_ONLY = {
    (S.REVIEW_PASSED, A.PUBLISH),
    (S.IN_PUBLICITY, A.CLEAR),
    (S.AWAITING_APPROVAL, A.APPROVE),
    (S.AWAITING_APPROVAL, A.DECLINE),
    (S.APPROVED, A.CERTIFY),
}
APPROVAL_FIRST_TRANSITIONS: dict[tuple[str, str, str], str] = {
    **{k: v for k, v in TRANSITIONS.items() if k[:2] not in _PUBLICITY_FIRST_ONLY},
    (S.REVIEW_PASSED, A.APPROVE, Role.HR_BUREAU): S.APPROVED,
    (S.REVIEW_PASSED, A.DECLINE, Role.HR_BUREAU): S.NOT_APPROVED,
    (S.APPROVED, A.PUBLISH, Role.COMMITTEE_OFFICE): S.IN_PUBLICITY,
    (S.IN_PUBLICITY, A.CLEAR, Role.COMMITTEE_OFFICE): S.PUBLISHED_APPROVED,
    (S.PUBLISHED_APPROVED, A.CERTIFY, Role.HR_BUREAU): S.CERTIFIED,
    (S.APPROVED, A.CANCEL, Role.COMMITTEE_OFFICE): S.CANCELLED,
    (S.APPROVED, A.CANCEL, SYSTEM): S.CANCELLED,
}
TABLES = {
    EvaluationRules.ResultsOrder.PUBLICITY_FIRST: TRANSITIONS,
    EvaluationRules.ResultsOrder.APPROVAL_FIRST: APPROVAL_FIRST_TRANSITIONS,
}


def results_order_of(plan_id: int) -> str:
    order = EvaluationRules.objects.filter(plan_id=plan_id).values_list("results_order", flat=True).first()
    return order or EvaluationRules.ResultsOrder.PUBLICITY_FIRST


def table_for(plan_id: int) -> dict[tuple[str, str, str], str]:
    return TABLES[results_order_of(plan_id)]


ROLES = (
    Role.APPLICANT,
    Role.EMPLOYER,
    Role.DEPARTMENT,
    Role.COMMITTEE_OFFICE,
    Role.EXPERT,
    Role.HR_BUREAU,
    Role.ADMIN,
    SYSTEM,
)
REASON_REQUIRED = {A.CANCEL, A.DECLINE, A.REVOKE, A.UNASSIGN}
STALE_MESSAGE = "该评审案卷已被他人处理，请刷新页面查看最新状态。"


TransitionError = engine.TransitionError


class StaleCase(engine.StaleRow):
    pass


@dataclass(frozen=True)
class Outcome:
    case: EvaluationCase
    history: StatusHistory


def allowed(status: str, action: str, role: str, *, plan_id: int | None = None) -> bool:
    table = table_for(plan_id) if plan_id is not None else {**TRANSITIONS, **APPROVAL_FIRST_TRANSITIONS}
    return (status, action, role) in table


def role_of(actor) -> str:
    return SYSTEM if actor is None else actor.role


def _check_actor(case: EvaluationCase, actor) -> None:
    if actor is None:
        return
    committee = case.plan.committee
    if actor.role == Role.COMMITTEE_OFFICE and actor.organization_id != committee.organization_id:
        raise TransitionError("只有本计划的评委会办公室可以办理。")
    if actor.role == Role.HR_BUREAU and actor.organization_id != committee.hr_bureau_id:
        raise TransitionError("只有核准本评委会的人社部门可以审批。")


def in_open_qualification_publicity(application_id: int) -> bool:
    return PublicityEntry.objects.filter(
        application_id=application_id, publicity__status=Publicity.Status.OPEN
    ).exists()


def _resolve(case: EvaluationCase, target: str) -> str:
    if target != AFTER_PAYMENT:
        return target
    specs = [s for s in case.plan.assessment_specs.all() if s.applies_to(case.level)]
    return S.IN_ASSESSMENT if specs else S.AWAITING_REVIEW


class EvaluationLifecycle(engine.Lifecycle):
    name = Lifecycle.EVALUATION
    model = EvaluationCase
    related = ("plan__committee__organization", "application__applicant")
    actions = CaseAction
    statuses = CaseStatus
    reason_required = frozenset(REASON_REQUIRED)
    stale_error = StaleCase
    stale_message = STALE_MESSAGE
    system_role = SYSTEM

    def table(self, row):
        return table_for(row.plan_id)

    def application_id(self, row) -> int:
        return row.application_id

    def check(self, row, action, actor) -> None:
        _check_actor(row, actor)
        if action in AFTER_QUALIFICATION_PUBLICITY and in_open_qualification_publicity(row.application_id):
            raise TransitionError(PUBLICITY_OPEN_MESSAGE)

    def apply(self, row, action, target, actor, *, now, panel=None, **context) -> dict:
        row.status = _resolve(row, target)
        if action == A.ASSIGN:
            if panel is None or panel.plan_id != row.plan_id:
                raise TransitionError("分配评审组：请选择本计划的评审组。")
            row.panel = panel
        elif action == A.UNASSIGN:
            row.panel = None
        return {"status": row.status, "panel": row.panel}

    def history_fields(self, row, action, actor, before) -> dict:
        # The acting office (none for the platform itself) and the review round that qualified the file.
        return {"organization_id": actor.organization_id if actor else None, "round": row.application.round}

    def audit(self, *, actor, row, action, from_status, to_status, actor_label):
        return events.case_transition(
            actor=actor,
            case=row,
            action=action,
            from_status=from_status,
            to_status=to_status,
            label=actor_label,
        )

    def follow(self, *, row, history, actor, before) -> None:
        if row.status == S.IN_ASSESSMENT:
            _open_sittings(row)
        notify_case_transition(case=row, history=history)


LIFECYCLE = engine.register(EvaluationLifecycle())


def transition(
    *,
    case: EvaluationCase | int,
    action: str,
    actor,
    opinion: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
    actor_label: str = "",
    panel=None,
) -> Outcome:
    """Move one case; ``actor=None`` is the platform itself (role "system"). ``panel`` goes with "assign"."""
    pk = case.pk if isinstance(case, EvaluationCase) else case
    outcome = engine.run(
        LIFECYCLE,
        pk=pk,
        action=action,
        actor=actor,
        opinion=opinion,
        data=data,
        expected_version=expected_version,
        actor_label=actor_label,
        panel=panel,
    )
    return Outcome(outcome.row, outcome.history)


def _open_sittings(case: EvaluationCase) -> None:
    specs = [s for s in case.plan.assessment_specs.all() if s.applies_to(case.level)]
    AssessmentSitting.objects.bulk_create(
        [AssessmentSitting(case=case, spec=s) for s in specs], ignore_conflicts=True
    )
