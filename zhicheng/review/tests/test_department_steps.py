"""Department reviews as data: any number, each held by a kind of office or a named organisation.

温州 (seed 000 五1): 县级人力社保部门 → 市机械工程学会 → 市人力社保局, 逐级资格审查, each on its own review page.
温岭 (seed 003 三): 无主管部门的非公企业 go straight from the employer to the 评委会.
"""

import pytest

from tests.factories import EmployerFactory, OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.applications import routing, timeline, workflow
from zhicheng.applications.models import Application, Status
from zhicheng.evaluation.models import EvaluationCase
from zhicheng.plans.models import PlanStage

from .conftest import publicity_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def wenzhou(regions):
    county = OrganizationFactory(
        kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"]
    )
    ouhai = OrganizationFactory(
        kind="department", name="瓯海区人力资源和社会保障局", region=regions["330304"]
    )
    # A city 经信局 in the same city must never receive a step held by the 人社局.
    OrganizationFactory(
        kind="department", name="温州市经济和信息化局", region=regions["330300"], department_kind="eit"
    )
    city = OrganizationFactory(kind="department", name="温州市人力资源和社会保障局", region=regions["330300"])
    society = OrganizationFactory(
        kind="department", name="温州市机械工程学会", region=regions["330300"], department_kind="society"
    )
    plan = PlanFactory(name="2020年度温州市机械专业中、初级专业技术资格评审", chain=["employer"])
    PlanStage.objects.create(plan=plan, order=2, kind="county", office_kind="hrss", title="资格审查")
    PlanStage.objects.create(plan=plan, order=3, kind="city", organization=society, title="资格审查")
    PlanStage.objects.create(plan=plan, order=4, kind="city", office_kind="hrss", title="资格审查")
    # Only the county intake points are offered; the city bureau is found above them by region.
    plan.intake_departments.add(county, ouhai)
    return {
        "plan": plan,
        "county": county,
        "ouhai": ouhai,
        "city": city,
        "society": society,
        "county_user": staff("department", county, real_name="王县审"),
        "ouhai_user": staff("department", ouhai, real_name="陈瓯海"),
        "society_user": staff("department", society, real_name="郑学会"),
        "city_user": staff("department", city, real_name="周市局"),
    }


def _submitted(plan, employer, intake, name="胡小明"):
    user = UserFactory(real_name=name)
    app = Application.objects.create(
        plan=plan, applicant=user, level="intermediate", specialty="机械设计",
        declaration_type="normal", employer=employer, intake_department=intake,
    )  # fmt: skip
    workflow.transition(application=app, action="submit", actor=user)
    app.refresh_from_db()
    return app


def _approve_on_page(as_user, user, app, data):
    c = as_user(user)
    assert app.applicant.real_name in c.get("/review/").content.decode()
    app.refresh_from_db()
    response = c.post(f"/review/applications/{app.pk}/decide/", {"decision": "approve", **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    app.refresh_from_db()
    return app


def test_wenzhou_file_goes_county_bureau_then_society_then_city_bureau_on_the_review_pages(
    wenzhou, as_user, django_capture_on_commit_callbacks
):
    employer = EmployerFactory(organization__name="温州精工机械有限公司")
    app = _submitted(wenzhou["plan"], employer, wenzhou["county"])
    hr = staff("employer", employer.organization, real_name="李慧")
    app = _approve_on_page(as_user, hr, app, {**publicity_post(), "approve-version": app.version})
    assert app.current_org == wenzhou["county"] and app.current_stage.label == "县级人力社保部门资格审查"

    # The society and the city bureau do not see the file before their turn.
    assert "胡小明" not in as_user(wenzhou["society_user"]).get("/review/").content.decode()
    approve = {"approve-opinion": "资格审查通过。"}
    app = _approve_on_page(as_user, wenzhou["county_user"], app, approve)
    assert app.current_org == wenzhou["society"] and app.current_stage.label == "温州市机械工程学会资格审查"
    assert "胡小明" not in as_user(wenzhou["city_user"]).get("/review/").content.decode()

    app = _approve_on_page(as_user, wenzhou["society_user"], app, approve)
    assert app.current_org == wenzhou["city"] and app.status == Status.PENDING
    assert app.current_stage.label == "市级人力社保部门资格审查"

    with django_capture_on_commit_callbacks(execute=True):  # the event is sent after commit
        app = _approve_on_page(as_user, wenzhou["city_user"], app, approve)
    assert app.status == Status.QUALIFIED
    orgs = [h.organization.name for h in app.history.filter(action="approve").order_by("at", "pk")]
    assert orgs == [
        "温州精工机械有限公司",
        "鹿城区人力资源和社会保障局",
        "温州市机械工程学会",
        "温州市人力资源和社会保障局",
    ]
    # 五1 names no 资格审查公示: qualified by the 市人力社保局, the file goes straight on to the fee (七 8).
    assert EvaluationCase.objects.filter(application=app).exists()
    # ... and the timeline shows no 资格审查公示 waiting (it said 资格审查已通过，等待公示 until the certificate).
    assert "publicity" not in [step.key for step in timeline.steps_for(app)]


def test_a_plan_with_a_committee_office_waits_for_the_qualification_publicity(
    wenzhou, django_capture_on_commit_callbacks
):
    plan = wenzhou["plan"]
    PlanStage.objects.create(plan=plan, order=5, kind="committee_office")
    employer = EmployerFactory()
    app = _submitted(plan, employer, wenzhou["county"])
    for actor in (
        staff("employer", employer.organization),
        wenzhou["county_user"],
        wenzhou["society_user"],
        wenzhou["city_user"],
        staff("committee_office", plan.committee.organization),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(application=app, action="approve", actor=actor)
    app.refresh_from_db()
    assert app.status == Status.QUALIFIED
    assert not EvaluationCase.objects.filter(application=app).exists()  # seed 001 三(二): 公示无异议后
    step = {step.key: step for step in timeline.steps_for(app)}["publicity"]
    assert step.state == "current" and step.state_label == "资格审查已通过，等待公示"


def test_each_county_bureau_gets_its_own_files_and_both_reach_the_one_city_bureau(wenzhou, as_user, regions):
    employer = EmployerFactory(organization__region=regions["330304"])
    app = _submitted(wenzhou["plan"], employer, wenzhou["ouhai"], name="林瓯海")
    hr = staff("employer", employer.organization)
    app = _approve_on_page(as_user, hr, app, {**publicity_post(), "approve-version": app.version})
    assert app.current_org == wenzhou["ouhai"]
    assert "林瓯海" not in as_user(wenzhou["county_user"]).get("/review/").content.decode()
    app = _approve_on_page(as_user, wenzhou["ouhai_user"], app, {"approve-opinion": "同意"})
    app = _approve_on_page(as_user, wenzhou["society_user"], app, {"approve-opinion": "同意"})
    assert app.current_org == wenzhou["city"]


def test_a_step_whose_office_kind_has_no_organisation_there_is_refused_with_the_step_named(wenzhou, regions):
    plan = PlanFactory(chain=["employer"])
    PlanStage.objects.create(plan=plan, order=2, kind="county", office_kind="eit")
    employer = EmployerFactory()
    user = UserFactory()
    app = Application.objects.create(
        plan=plan, applicant=user, level="intermediate", specialty="机械", declaration_type="normal",
        employer=employer,
    )  # fmt: skip
    workflow.transition(application=app, action="submit", actor=user)
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.transition(application=app, action="approve", actor=staff("employer", employer.organization))
    assert "县级经信部门" in str(refused.value) and "鹿城区" in str(refused.value)


@pytest.fixture
def wenling(regions):
    eit = OrganizationFactory(
        kind="department", name="温岭市经济和信息化局", region=regions["331081"], department_kind="eit"
    )
    plan = PlanFactory(name="2022年度台州（温岭）机电专业工程师任职资格评审", chain=["employer"])
    PlanStage.objects.create(plan=plan, order=2, kind="county", office_kind="eit", non_public_direct=True)
    PlanStage.objects.create(plan=plan, order=3, kind="committee_office")
    plan.intake_departments.add(eit)
    return plan, eit


def test_a_private_enterprise_without_a_department_skips_the_department_review(wenling):
    plan, eit = wenling
    private = EmployerFactory(nature="私营企业和个体工商户")
    state_owned = EmployerFactory(nature="国有企业")
    direct = Application(plan=plan, employer=private, intake_department=None)
    stages = list(plan.stages.order_by("order"))
    assert routing.may_go_direct(direct)
    assert routing.next_stage(direct, stages[1:]).kind == "committee_office"
    # Named a 受理点: it has a department, which reviews it.
    assert routing.next_stage(
        Application(plan=plan, employer=private, intake_department=eit), stages[1:]
    ).kind == ("county")
    # 国有企业 always have a 主管部门: no skipping, and no 受理点 is refused at 提交.
    assert not routing.may_go_direct(Application(plan=plan, employer=state_owned, intake_department=None))


def test_the_engine_sends_a_private_enterprise_without_a_department_straight_to_the_committee(wenling):
    plan, _eit = wenling
    private = EmployerFactory(nature="私营企业和个体工商户")
    user = UserFactory()
    app = Application.objects.create(
        plan=plan, applicant=user, level="intermediate", specialty="机电", declaration_type="normal",
        employer=private, intake_department=None,
    )  # fmt: skip
    workflow.transition(application=app, action="submit", actor=user)
    workflow.transition(application=app, action="approve", actor=staff("employer", private.organization))
    app.refresh_from_db()
    assert app.status == Status.PENDING
    assert app.current_stage.kind == "committee_office"
    assert app.current_org_id == plan.committee.organization_id
