"""The state machine, exhaustively: every status × action × role, and only the table's transitions happen.

For each combination an application is put in that status — when the role is a reviewer, at the
stage that role reviews — and the rightful actor of that role tries the action. Allowed keys must
produce the table's next status with one history row and one audit event; every other key must be
refused with a Chinese message and leave the row, its history and the audit log untouched.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import EmployerFactory, OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.accounts.models import Role
from zhicheng.applications import workflow
from zhicheng.applications.models import Action, Application, Status, StatusHistory
from zhicheng.applications.workflow import ADVANCE, TRANSITIONS, TransitionError
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db

STAGE_FOR_ROLE = {"employer": 1, "department": 2, "committee_office": 4}  # county is stage 2


@pytest.fixture
def world(regions):
    employer = EmployerFactory()
    county = OrganizationFactory(kind="department", name="鹿城区人社局", region=regions["330302"])
    city = OrganizationFactory(kind="department", name="温州市人社局", region=regions["330300"])
    plan = PlanFactory(employer_deadline=timezone.localdate() + timedelta(days=10))
    plan.intake_departments.add(county, city)
    actors = {
        "employer": staff("employer", employer.organization),
        "department": staff("department", county),
        "city": staff("department", city),
        "committee_office": staff("committee_office", plan.committee.organization),
        "expert": staff("expert", None),
        "hr_bureau": staff("hr_bureau", plan.committee.hr_bureau),
        "admin": staff("admin", OrganizationFactory(kind="platform", name="平台")),
    }
    return {"plan": plan, "employer": employer, "county": county, "actors": actors}


def _application(world):
    applicant = UserFactory(real_name="胡小明")
    app = Application.objects.create(
        plan=world["plan"],
        applicant=applicant,
        level="intermediate",
        specialty="机械",
        declaration_type="normal",
        employer=world["employer"],
        intake_department=world["county"],
    )
    return app, applicant


def _in_status(world, status: str, role: str) -> tuple[Application, object]:
    """An application in `status`; a pending one sits at the stage `role` reviews."""
    a = world["actors"]
    app, applicant = _application(world)
    if status == Status.DRAFT:
        return app, applicant
    workflow.transition(application=app, action="submit", actor=applicant)
    if status == Status.PENDING:
        target = STAGE_FOR_ROLE.get(role, 1)
        holders = [a["employer"], a["department"], a["city"], a["committee_office"]]
        for holder in holders[: target - 1]:
            workflow.transition(application=app, action="approve", actor=holder, opinion="同意")
    elif status == Status.RETURNED:
        workflow.transition(application=app, action="return", actor=a["employer"], opinion="材料不全")
    elif status == Status.REJECTED:
        workflow.transition(application=app, action="reject", actor=a["employer"], opinion="不符合条件")
    elif status == Status.QUALIFIED:
        for holder in [a["employer"], a["department"], a["city"], a["committee_office"]]:
            workflow.transition(application=app, action="approve", actor=holder, opinion="同意")
    app.refresh_from_db()
    assert app.status == status
    return app, applicant


def _snapshot(app):
    app.refresh_from_db()
    return (
        app.status,
        app.version,
        app.current_stage_id,
        app.current_org_id,
        app.round,
        StatusHistory.objects.filter(application=app).count(),
        AuditEvent.objects.filter(object_type="applications.application", object_id=str(app.pk)).count(),
    )


ALL_KEYS = [(s, a, r) for s in Status.values for a in Action.values for r in Role.values]


@pytest.mark.parametrize(("status", "action", "role"), ALL_KEYS, ids=["-".join(k) for k in ALL_KEYS])
def test_exactly_the_table_transitions_are_allowed(world, status, action, role):
    app, applicant = _in_status(world, status, role)
    actor = applicant if role == "applicant" else world["actors"][role]
    before = _snapshot(app)
    key = (status, action, role)
    if key in TRANSITIONS:
        expected = TRANSITIONS[key]
        if expected == ADVANCE:
            is_last = not app.plan.stages.filter(order__gt=app.current_stage.order).exists()
            expected = Status.QUALIFIED if is_last else Status.PENDING
        outcome = workflow.transition(application=app, action=action, actor=actor, opinion="理由：按规定办理")
        after = _snapshot(app)
        assert after[0] == expected == outcome.application.status
        assert after[1] == before[1] + 1  # version
        assert after[5] == before[5] + 1  # one history row
        assert after[6] == before[6] + 1  # one audit event
        assert outcome.history.action == action and outcome.history.actor == actor
        # One engine: the one history's row names its table and links the named audit event of this move.
        assert outcome.history.machine == "application"
        events = AuditEvent.objects.filter(object_type="applications.application", object_id=str(app.pk))
        assert outcome.history.audit_event == events.latest("id")
        assert outcome.history.audit_event.event.startswith("application_")
    else:
        with pytest.raises(TransitionError) as refused:
            workflow.transition(application=app, action=action, actor=actor, opinion="理由：按规定办理")
        assert refused.value.args[0]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value))
        assert _snapshot(app) == before


def test_table_covers_only_known_statuses_actions_and_roles():
    for status, action, role in TRANSITIONS:
        assert status in Status.values and action in Action.values and role in Role.values


@pytest.mark.parametrize("action", ["return", "reject"])
def test_return_and_reject_need_a_reason(world, action):
    app, _ = _in_status(world, Status.PENDING, "employer")
    before = _snapshot(app)
    with pytest.raises(TransitionError, match="必须填写原因"):
        workflow.transition(application=app, action=action, actor=world["actors"]["employer"], opinion="   ")
    assert _snapshot(app) == before


def test_a_reviewer_of_the_right_role_but_another_organisation_is_refused(world):
    app, _ = _in_status(world, Status.PENDING, "employer")
    other = staff("employer", EmployerFactory().organization)
    before = _snapshot(app)
    with pytest.raises(TransitionError, match="不在您所在单位的审核环节"):
        workflow.transition(application=app, action="approve", actor=other, opinion="同意")
    assert _snapshot(app) == before


def test_approval_walks_the_chain_in_order_and_ends_qualified(world):
    a = world["actors"]
    app, _ = _in_status(world, Status.PENDING, "employer")
    seen = []
    for holder in [a["employer"], a["department"], a["city"], a["committee_office"]]:
        app.refresh_from_db()
        seen.append((app.current_stage.kind, app.current_org_id))
        workflow.transition(application=app, action="approve", actor=holder, opinion="同意")
    app.refresh_from_db()
    assert [k for k, _ in seen] == ["employer", "county", "city", "committee_office"]
    assert [o for _, o in seen] == [
        world["employer"].pk,
        world["county"].pk,
        a["city"].organization_id,
        world["plan"].committee_id,
    ]
    assert app.status == Status.QUALIFIED and app.current_stage is None and app.current_org is None


@pytest.mark.parametrize(
    ("resubmit_to", "expected_kind"), [("returning_stage", "city"), ("start", "employer")]
)
def test_resubmission_goes_to_the_returning_stage_or_the_start_as_the_plan_says(
    world, resubmit_to, expected_kind
):
    a = world["actors"]
    world["plan"].resubmit_to = resubmit_to
    world["plan"].save()
    app, applicant = _in_status(world, Status.PENDING, "employer")
    workflow.transition(application=app, action="approve", actor=a["employer"], opinion="同意")
    workflow.transition(application=app, action="approve", actor=a["department"], opinion="同意")
    workflow.transition(application=app, action="return", actor=a["city"], opinion="请补充继续教育证明")
    app.refresh_from_db()
    assert app.status == Status.RETURNED and app.returned_from_stage.kind == "city"
    workflow.transition(application=app, action="resubmit", actor=applicant)
    app.refresh_from_db()
    assert app.status == Status.PENDING and app.current_stage.kind == expected_kind and app.round == 2


def test_withdrawal_is_refused_once_the_employer_has_opened_the_file(world):
    from zhicheng.review.services import review_mark_started

    app, applicant = _in_status(world, Status.PENDING, "employer")
    assert review_mark_started(application=app, actor=world["actors"]["employer"])
    before = _snapshot(app)
    with pytest.raises(TransitionError, match="用人单位已开始审核"):
        workflow.transition(application=app, action="withdraw", actor=applicant)
    assert _snapshot(app) == before


def test_a_stale_version_is_refused_with_a_clear_message(world):
    app, _ = _in_status(world, Status.PENDING, "employer")
    stale = app.version
    workflow.transition(application=app, action="return", actor=world["actors"]["employer"], opinion="请补充")
    with pytest.raises(workflow.StaleApplication, match="已被他人处理"):
        workflow.transition(
            application=app,
            action="approve",
            actor=world["actors"]["employer"],
            opinion="同意",
            expected_version=stale,
        )


def test_a_withdrawal_from_a_page_opened_before_the_employer_started_says_why(world):
    from zhicheng.review.services import review_mark_started

    app, applicant = _in_status(world, Status.PENDING, "employer")
    seen = app.version
    review_mark_started(application=app, actor=world["actors"]["employer"])
    with pytest.raises(TransitionError, match="用人单位已开始审核，不能撤回"):
        workflow.transition(application=app, action="withdraw", actor=applicant, expected_version=seen)
