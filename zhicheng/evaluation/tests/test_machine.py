"""The case's one door: the (status, action, role) table walked exhaustively, and its guards."""

import pytest

from tests.factories import OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.applications.models import StatusHistory
from zhicheng.core.models import AuditEvent
from zhicheng.evaluation.machine import (
    AFTER_PAYMENT,
    ROLES,
    SYSTEM,
    StaleCase,
    TransitionError,
    transition,
)
from zhicheng.evaluation.models import (
    AssessmentSpec,
    CaseAction,
    CaseStatus,
    EvaluationCase,
    Panel,
)

from .helpers import expert, open_case


def _actors(plan, case):
    committee = plan.committee
    return {
        "applicant": case.application.applicant,
        "employer": staff("employer", case.application.employer.organization),
        "department": staff("department", OrganizationFactory(kind="department")),
        "committee_office": staff("committee_office", committee.organization),
        "expert": expert(plan, name="表决专家").user,
        "hr_bureau": staff("hr_bureau", committee.hr_bureau),
        "admin": staff("admin", OrganizationFactory(kind="platform")),
        SYSTEM: None,
    }


@pytest.mark.parametrize("order", ["publicity_first", "approval_first"])
def test_transition_table_walked_exhaustively_status_by_action_by_role(db, regions, order):
    from zhicheng.evaluation.machine import TABLES
    from zhicheng.evaluation.services.cases import rules_for

    plan = PlanFactory()
    rules = rules_for(plan)
    rules.results_order = order
    rules.save()
    TRANSITIONS = TABLES[order]  # noqa: N806 - the table this plan's road uses
    case = open_case(plan)
    panel = Panel.objects.create(
        plan=plan, name="评审组", created_at=case.opened_at, created_by=UserFactory()
    )
    actors = _actors(plan, case)
    checked = allowed = 0
    for status in CaseStatus.values:
        for action in CaseAction.values:
            for role in ROLES:
                EvaluationCase.objects.filter(pk=case.pk).update(
                    status=status, panel=panel if status == CaseStatus.UNDER_REVIEW else None
                )
                before = StatusHistory.objects.filter(
                    application_id=case.application_id, machine="evaluation"
                ).count()
                key = (status, action, role)
                call = {
                    "case": case.pk,
                    "action": action,
                    "actor": actors[role],
                    "opinion": "经核实处理",
                    "panel": panel if action == CaseAction.ASSIGN else None,
                }
                if key in TRANSITIONS:
                    outcome = transition(**call)
                    expected = TRANSITIONS[key]
                    if expected == AFTER_PAYMENT:
                        expected = CaseStatus.AWAITING_REVIEW  # this plan holds no assessments
                    assert outcome.case.status == expected, key
                    assert EvaluationCase.objects.get(pk=case.pk).status == expected, key
                    history = StatusHistory.objects.filter(
                        application_id=case.application_id, machine="evaluation"
                    ).latest("id")
                    assert (history.action, history.from_status, history.to_status, history.role) == (
                        action,
                        status,
                        expected,
                        role,
                    )
                    assert history.audit_event is not None, key
                    assert history.audit_event.event.startswith("evaluation_case_"), key
                    assert history.audit_event.object_id == str(case.pk), key
                    allowed += 1
                else:
                    with pytest.raises(TransitionError):
                        transition(**call)
                    assert EvaluationCase.objects.get(pk=case.pk).status == status, key
                    assert (
                        StatusHistory.objects.filter(
                            application_id=case.application_id, machine="evaluation"
                        ).count()
                        == before
                    ), key
                checked += 1
    assert checked == len(CaseStatus.values) * len(CaseAction.values) * len(ROLES)
    assert allowed == len(TRANSITIONS)
    # Only the office, the bureau and the platform itself ever move a case; applicants and experts never.
    assert {role for (_, _, role) in TRANSITIONS} == {"committee_office", "hr_bureau", SYSTEM}


def test_every_transition_writes_a_named_audit_event(db, regions):
    plan = PlanFactory()
    case = open_case(plan)
    office = staff("committee_office", plan.committee.organization)
    transition(case=case, action="cancel", actor=office, opinion="申报材料弄虚作假")
    event = AuditEvent.objects.filter(event="evaluation_case_cancelled").latest("id")
    assert event.object_id == str(case.pk) and event.actor_id == office.pk
    assert event.data == {"from_status": "awaiting_payment", "to_status": "cancelled"}


def test_payment_leads_to_assessment_when_the_plan_holds_one_for_the_level(db, regions):
    plan = PlanFactory()
    AssessmentSpec.objects.create(plan=plan, kind="practical", name="实操评议", min_examiners=3)
    AssessmentSpec.objects.create(plan=plan, kind="theory", name="理论考试", levels=["assistant"])
    case = open_case(plan)
    outcome = transition(case=case, action="pay", actor=None)
    assert outcome.case.status == CaseStatus.IN_ASSESSMENT
    # One sitting per assessment that applies to the level: the theory exam is for 助理级 only.
    assert list(case.sittings.values_list("spec__kind", flat=True)) == ["practical"]


def test_office_of_another_committee_cannot_move_the_case(db, regions):
    plan = PlanFactory()
    case = open_case(plan)
    stranger = staff("committee_office", PlanFactory().committee.organization)
    with pytest.raises(TransitionError, match="只有本计划的评委会办公室"):
        transition(case=case, action="cancel", actor=stranger, opinion="无关办公室")
    bureau = staff("hr_bureau", OrganizationFactory(kind="hr_bureau"))
    EvaluationCase.objects.filter(pk=case.pk).update(status="awaiting_approval")
    with pytest.raises(TransitionError, match="只有核准本评委会的人社部门"):
        transition(case=case, action="approve", actor=bureau)
    case.refresh_from_db()
    assert case.status == "awaiting_approval"


def test_a_stale_version_is_refused_and_nothing_changes(db, regions):
    plan = PlanFactory()
    case = open_case(plan)
    office = staff("committee_office", plan.committee.organization)
    version = case.version
    transition(case=case, action="pay", actor=office)
    with pytest.raises(StaleCase):
        transition(case=case, action="cancel", actor=office, opinion="重复提交", expected_version=version)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_REVIEW


@pytest.mark.parametrize("action", ["cancel", "revoke", "decline", "unassign"])
def test_actions_that_take_something_away_need_a_reason(db, regions, action):
    plan = PlanFactory()
    case = open_case(plan)
    with pytest.raises(TransitionError, match="必须填写原因"):
        transition(case=case, action=action, actor=staff("committee_office", plan.committee.organization))


def test_assign_needs_a_panel_of_the_same_plan(db, regions):
    plan = PlanFactory()
    case = open_case(plan)
    office = staff("committee_office", plan.committee.organization)
    transition(case=case, action="pay", actor=office)
    other = Panel.objects.create(
        plan=PlanFactory(), name="别的组", created_at=case.opened_at, created_by=office
    )
    with pytest.raises(TransitionError, match="请选择本计划的评审组"):
        transition(case=case, action="assign", actor=office, panel=other)
