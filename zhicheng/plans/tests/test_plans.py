import pytest

from tests.factories import CommitteeFactory, OrganizationFactory, PlanFactory, staff
from zhicheng.core.models import AuditEvent
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db


def _form(dept, **overrides):
    data = {
        "year": "2026", "name": "2026年度测试计划", "series": "工程系列", "specialty": "机械",
        "levels": ["intermediate"], "declaration_types": ["normal", "exceptional"],
        "allowed_specialties": "机械、机电", "excluded_specialties": "计算机技术与软件\n通信工程",
        "intake_departments": [dept.pk], "ruleset_id": "wenzhou-mech-2020", "seniority_cutoff": "2026-12-31",
        "apply_start": "2026-11-01", "apply_end": "2026-12-15", "employer_deadline": "2026-12-20",
        "resubmit_to": "returning_stage", "suggested_max_achievements": "5",
        "stages-TOTAL_FORMS": "2", "stages-INITIAL_FORMS": "0", "stages-MIN_NUM_FORMS": "1", "stages-MAX_NUM_FORMS": "10",
        "stages-0-order": "1", "stages-0-kind": "employer", "stages-1-order": "2", "stages-1-kind": "committee_office",
        "fees-TOTAL_FORMS": "1", "fees-INITIAL_FORMS": "0", "fees-MIN_NUM_FORMS": "0", "fees-MAX_NUM_FORMS": "10",
        "fees-0-level": "intermediate", "fees-0-amount": "180",
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0", "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "10",
        "attachments-0-order": "1", "attachments-0-name": "学历证书", "attachments-0-required": "on",
        "attachments-0-allowed_types": ["pdf", "jpeg"], "attachments-0-max_mb": "5",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def office(regions):
    committee = CommitteeFactory()
    return staff("committee_office", committee.organization), committee


def test_committee_office_creates_a_plan_with_chain_fees_and_attachments(client, login, office):
    user, committee = office
    dept = OrganizationFactory(kind="department")
    login(user)
    response = client.post("/office/plans/new/", _form(dept))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.committee == committee and plan.status == Plan.Status.DRAFT
    assert plan.excluded_specialties == ["计算机技术与软件", "通信工程"]
    assert [s.kind for s in plan.stages.order_by("order")] == ["employer", "committee_office"]
    assert plan.fees.get().amount == 180
    assert plan.attachments.get().allowed_types == ["pdf", "jpeg"]
    assert AuditEvent.objects.filter(event="plan_created", actor=user).exists()
    client.post(f"/office/plans/{plan.pk}/publish/")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED


def test_inverted_windows_are_refused_naming_the_field_and_nothing_is_saved(client, login, office):
    user, _ = office
    login(user)
    response = client.post(
        "/office/plans/new/", _form(OrganizationFactory(kind="department"), apply_end="2026-10-01")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "个人申报截止：个人申报截止不能早于个人申报开始" in body
    assert 'value="2026年度测试计划"' in body
    assert not Plan.objects.exists()


def test_bad_fee_row_rolls_back_the_whole_plan(client, login, office):
    user, _ = office
    login(user)
    response = client.post(
        "/office/plans/new/", _form(OrganizationFactory(kind="department"), **{"fees-0-amount": "abc"})
    )
    assert response.status_code == 200 and "评审收费第1行" in response.content.decode()
    assert not Plan.objects.exists()


def test_an_office_cannot_see_or_edit_another_committees_plan(client, login, office):
    user, _ = office
    foreign = PlanFactory()
    login(user)
    assert client.get(f"/office/plans/{foreign.pk}/").status_code == 404
    assert client.post(f"/office/plans/{foreign.pk}/publish/").status_code == 404


def test_applicants_cannot_manage_plans(client, login, applicant):
    login(applicant)
    assert client.get("/office/plans/").status_code == 403


def test_open_plans_follow_the_window(regions):
    import datetime

    plan = PlanFactory()
    today = datetime.date.today()
    assert plan.is_open(today)
    assert not plan.is_open(plan.apply_end + datetime.timedelta(days=1))
    plan.status = Plan.Status.DRAFT
    assert not plan.is_open(today)


def test_open_plans_api_lists_plans_with_fees(client, login, applicant, regions):
    PlanFactory(name="开放计划")
    PlanFactory(name="草稿计划", status=Plan.Status.DRAFT)
    login(applicant)
    data = client.get("/api/v1/plans/open").json()
    assert [p["name"] for p in data] == ["开放计划"]
    assert data[0]["fees"] == {"intermediate": 180.0}


def test_a_closed_plan_is_reopened_and_closed_again_only_through_the_audited_service(office):
    from zhicheng.plans import services

    user, committee = office
    plan = PlanFactory(committee=committee, status=Plan.Status.CLOSED)
    with pytest.raises(ValueError, match="重新开放原因"):
        services.plan_reopen(actor=user, plan=plan, reason=" ")
    plan = services.plan_reopen(actor=user, plan=plan, reason="回放往年评审")
    assert plan.status == Plan.Status.PUBLISHED
    with pytest.raises(ValueError, match="只有已结束的计划"):
        services.plan_reopen(actor=user, plan=plan, reason="再次开放")
    plan = services.plan_close(actor=user, plan=plan, reason="回放结束")
    assert plan.status == Plan.Status.CLOSED
    with pytest.raises(ValueError, match="只有已发布的计划"):
        services.plan_close(actor=user, plan=plan, reason="再次结束")
    events = AuditEvent.objects.filter(object_id=str(plan.pk), actor=user)
    assert sorted(events.values_list("event", flat=True)) == ["plan_closed", "plan_reopened"]
    assert events.get(event="plan_reopened").data["reason"] == "回放往年评审"
