"""`make run`'s demo shows the whole road (issue 13 §6): each seed plan's season replayed to its end, and the
open plan with files waiting at every step, so that each demo account has something to do."""

import pytest

from zhicheng.accounts.models import Role, User, login_key
from zhicheng.applications.models import Application
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.selectors import verify_by_number_and_name
from zhicheng.demo.season import seed_plan
from zhicheng.demo.seed import load_demo
from zhicheng.evaluation.models import CaseStatus, EvaluationCase, ExpertProfile
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db

CODES = [
    "wenzhou-mech-2020",
    "linping-manufacturing-2022",
    "zhejiang-mech-senior-2020",
    "wenling-mechatronics-2022",
]


def test_the_demo_shows_the_whole_road(settings, client):
    """One load (it takes most of a minute), then each promise of §6 in turn."""
    settings.DEMO_MODE = True
    load_demo(with_seasons=True)
    _each_seed_plan_has_a_season_replayed_to_certificates_that_verify()
    _the_open_plan_has_files_waiting_at_every_step()
    settings.STAFF_OTP_REQUIRED = False
    _every_demo_account_has_something_to_do(client)
    again = load_demo(with_seasons=True)  # idempotent: nothing replayed twice
    assert again["seasons"] == "已回放 0 个往年评审计划。"
    assert Certificate.objects.count() == 12


def _each_seed_plan_has_a_season_replayed_to_certificates_that_verify():
    for code in CODES:
        plan = seed_plan(code)
        assert plan.status == Plan.Status.CLOSED, code  # reopened for the replay, closed again
        certified = EvaluationCase.objects.filter(plan=plan, status=CaseStatus.CERTIFIED)
        assert certified.count() == 3, code
    assert Certificate.objects.count() == 12
    for cert in Certificate.objects.all():
        assert verify_by_number_and_name(cert.number, cert.name).state == "valid"


def _the_open_plan_has_files_waiting_at_every_step():
    plan = Plan.objects.get(name__endswith="（演示）")
    apps = Application.objects.filter(plan=plan)
    stages = set(apps.filter(status="pending").values_list("current_stage__kind", flat=True))
    assert {"employer", "county", "city", "committee_office"} <= stages
    # 资格审查公示 to open: qualified, no case yet (cases open when the 公示 closes)
    assert (
        apps.filter(status="qualified")
        .exclude(pk__in=EvaluationCase.objects.values("application_id"))
        .exists()
    )
    cases = set(EvaluationCase.objects.filter(plan=plan).values_list("status", flat=True))
    assert {
        CaseStatus.AWAITING_PAYMENT,  # the office records the 学会's offline fee
        CaseStatus.IN_ASSESSMENT,  # the office schedules the 理论考试
        CaseStatus.UNDER_REVIEW,  # the experts score
        CaseStatus.REVIEW_PASSED,  # 温州: the bureau approves before the 公示
    } <= cases


def _every_demo_account_has_something_to_do(client):
    expert = User.objects.get(username=login_key("13800000005"))
    assert EvaluationCase.objects.filter(
        panel__members__expert__user=expert, status=CaseStatus.UNDER_REVIEW
    ).exists()
    pool = ExpertProfile.objects.filter(committee__organization__name="温州市机械工程专业中初级评审委员会")
    assert pool.count() >= 6 and len(set(pool.values_list("specialty", flat=True))) >= 4
    assert all(p.user.role == Role.EXPERT and p.user.has_usable_password() for p in pool)
    office = User.objects.get(username=login_key("13800000004"))
    client.force_login(office)
    plan = Plan.objects.get(name__endswith="（演示）")
    response = client.get(f"/evaluation/office/plans/{plan.pk}/panels/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/evaluation/office/experts/" in page  # the panel page links to the 专家库
