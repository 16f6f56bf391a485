"""A plan's process is data: the whole road as one list, impossible orders refused with step and rule named,
and the steps that files have passed kept as they were (issue 13 §2 and "Bad input")."""

from decimal import Decimal

import pytest

from tests.factories import OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.applications.models import Application, StatusHistory
from zhicheng.evaluation.models import AssessmentSpec, EvaluationRules
from zhicheng.plans.models import PlanStage
from zhicheng.plans.process import Step, problems_in

from .test_plans import _form

pytestmark = pytest.mark.django_db

GOOD = [
    Step("employer_review"),
    Step("employer_publicity", params={"days": 5}),
    Step("department_review", holder="县级人力社保部门"),
    Step("office_review"),
    Step("qualification_publicity", params={"days": 5}),
    Step("fee"),
    Step("exam", params={"pass_mark": Decimal("60"), "full_mark": Decimal("100"), "examiners": 1}),
    Step("expert_review"),
    Step("vote"),
    Step("approval"),
    Step("results_publicity", params={"days": 5}),
    Step("certificate"),
    Step("paper_mailing", params={"address": "临平南大街265号市民之家721办公室", "copies": 1}),
]


def _with(replace: dict[int, Step] | None = None, order: list[int] | None = None) -> list[Step]:
    steps = [(replace or {}).get(i, s) for i, s in enumerate(GOOD)]
    return [steps[i] for i in order] if order else steps


def test_a_possible_process_passes_every_rule():
    assert problems_in(GOOD) == []


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # approval before review: 审批 placed before the committee's vote.
        (
            _with(order=[0, 1, 2, 3, 4, 5, 6, 7, 9, 8, 10, 11, 12]),
            "第9步“人社部门审批”：不能排在第10步“评委会评议表决”之前",
        ),
        # a 公示 of 0 days.
        (
            _with({10: Step("results_publicity", params={"days": 0})}),
            "第11步“评审结果公示”：公示期不少于5个工作日",
        ),
        # an exam with no pass mark.
        (
            _with({6: Step("exam", title="理论考试", params={"full_mark": 100})}),
            "第7步“理论考试”：必须设置合格分数线",
        ),
        (
            _with({6: Step("practical", params={"pass_mark": 60, "full_mark": 100, "examiners": 2})}),
            "不少于3名专家",
        ),
        # the expert review while the 资格审查公示 has not run (seed 001 三(二)).
        (_with(order=[0, 1, 2, 3, 7, 4, 5, 6, 8, 9, 10, 11, 12]), "公示无异议后，组织专家评审"),
        # the committee office before the department that recommends to it.
        (
            _with(order=[0, 1, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            "第3步“评委会办公室资格审查”：不能排在第4步“主管部门审核”之前",
        ),
        (
            _with(order=[2, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            "第1步“主管部门审核”：第一步必须是用人单位审核",
        ),
        (_with({12: Step("paper_mailing", params={"copies": 1})}), "必须填写邮寄地址"),
        (_with({2: Step("department_review")}), "须指明由哪一类部门或哪一单位审核"),
    ],
)
def test_an_impossible_process_is_refused_naming_the_step_and_the_rule(steps, expected):
    messages = [str(p) for p in problems_in(steps)]
    assert any(expected in m for m in messages), messages


def test_a_before_review_paper_check_needs_its_window_address_and_items():
    check = Step(
        "paper_check", params={"start": "2022-10-31", "end": "2022-11-15", "address": "", "items": ["身份证"]}
    )
    assert "必须填写核查地址" in str(problems_in([GOOD[0], check])[0])
    late = Step(
        "paper_check", params={"start": "2022-10-31", "end": "2022-10-01", "address": "x", "items": ["a"]}
    )
    assert "核查截止日期不能早于开始日期" in str(problems_in([GOOD[0], late])[0])


@pytest.fixture
def office(regions):
    plan = PlanFactory(name="2020年度温州市机械专业中、初级专业技术资格评审", chain=["employer", "county"])
    return staff("committee_office", plan.committee.organization), plan


def test_the_editor_shows_the_whole_process_in_the_plans_order(client, login, office):
    user, plan = office
    EvaluationRules.objects.create(plan=plan, results_order="approval_first", online_payment=False)
    AssessmentSpec.objects.create(plan=plan, kind="theory", name="理论考试", pass_mark=60)
    AssessmentSpec.objects.create(plan=plan, kind="interview", name="面试答辩", pass_mark=60, order=1)
    login(user)
    body = client.get(f"/office/plans/{plan.pk}/").content.decode()
    order = ["用人单位审核", "单位内部公示", "县级主管部门审核", "缴纳评审费", "理论考试", "面试答辩", "专家评审",
             "评委会评议表决", "人社部门审批", "评审结果公示", "发文及电子证书"]  # fmt: skip
    section = body[body.index('id="process"') :]
    places = [section.index(f"<strong>{name}</strong>") for name in order]
    assert places == sorted(places)
    assert "线下缴费" in section and "工程师180元" in section and "合格线60分" in section


def test_the_editor_refuses_the_committee_office_before_the_department(client, login, office):
    user, _ = office
    dept = OrganizationFactory(kind="department")
    login(user)
    data = _form(dept, **{
        "stages-TOTAL_FORMS": "3", "stages-1-order": "2", "stages-1-kind": "committee_office",
        "stages-2-order": "3", "stages-2-kind": "county", "stages-2-office_kind": "hrss",
    })  # fmt: skip
    response = client.post("/office/plans/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "第3步“评委会办公室资格审查”：不能排在第4步“县级人力社保部门审核”之前" in body
    assert "主管部门审核推荐后才报评委会办公室" in body


def test_a_named_organisation_must_sit_at_the_steps_level(client, login, office, regions):
    user, _ = office
    county = OrganizationFactory(kind="department", name="鹿城区人力资源和社会保障局")
    society = OrganizationFactory(
        kind="department", name="温州市机械工程学会", region=regions["330300"], department_kind="society"
    )
    login(user)
    data = _form(county, **{
        "stages-TOTAL_FORMS": "3", "stages-1-order": "2", "stages-1-kind": "county",
        "stages-1-organization": str(society.pk), "stages-2-order": "3", "stages-2-kind": "committee_office",
    })  # fmt: skip
    body = client.post("/office/plans/new/", data).content.decode()
    assert "指定审核单位：“温州市机械工程学会”不是县级主管部门审核所在层级的单位" in body
    data["stages-1-kind"] = "city"
    assert client.post("/office/plans/new/", data).status_code == 302
    held = PlanStage.objects.get(organization=society)
    assert held.label == "温州市机械工程学会审核"


def _edit_data(plan, **overrides):
    stages = list(plan.stages.order_by("order"))
    data = _form(plan.intake_departments.first() or OrganizationFactory(kind="department"))
    data.update({"name": plan.name, "year": str(plan.year), "stages-TOTAL_FORMS": str(len(stages) + 1),
                 "stages-INITIAL_FORMS": str(len(stages)), "fees-TOTAL_FORMS": "0", "attachments-TOTAL_FORMS": "0"})  # fmt: skip
    for key in [k for k in data if k.startswith(("stages-0-", "stages-1-"))]:
        del data[key]
    for i, s in enumerate(stages):
        data.update({f"stages-{i}-id": str(s.pk), f"stages-{i}-plan": str(plan.pk), f"stages-{i}-order": str(s.order),
                     f"stages-{i}-kind": s.kind, f"stages-{i}-office_kind": s.office_kind})  # fmt: skip
    data.update(overrides)
    return data


def test_steps_that_files_have_passed_cannot_be_changed_but_later_ones_can(client, login, office):
    user, plan = office
    PlanStage.objects.filter(plan=plan, kind="county").update(office_kind="hrss")
    employer_stage, county_stage = plan.stages.order_by("order")
    applicant = UserFactory()
    app = Application.objects.create(
        plan=plan, applicant=applicant, level="intermediate", specialty="机械", declaration_type="normal"
    )
    StatusHistory.objects.create(
        application=app, at=app.created_at, actor=applicant, role="employer", stage=employer_stage,
        action="approve", from_status="pending", to_status="pending",
    )  # fmt: skip
    login(user)
    url = f"/office/plans/{plan.pk}/"

    moved = client.post(url, _edit_data(plan, **{"stages-0-order": "5"})).content.decode()
    assert "“用人单位审核”：已有申报经过此环节，不能修改顺序、环节或审核单位" in moved
    deleted = client.post(url, _edit_data(plan, **{"stages-0-DELETE": "on"})).content.decode()
    assert "“用人单位审核”：已有申报经过此环节，不能删除" in deleted
    inserted = client.post(url, _edit_data(plan, **{"stages-1-order": "0"})).content.decode()
    assert "新增或调整的环节只能排在其后" in inserted
    assert list(plan.stages.order_by("order").values_list("kind", "order")) == [
        ("employer", 1),
        ("county", 2),
    ]

    # A step no file has passed yet may change: the county review becomes the city bureau's.
    response = client.post(url, _edit_data(plan, **{"stages-1-kind": "city"}))
    assert response.status_code == 302, response.content.decode()[-3000:]
    county_stage.refresh_from_db()
    assert county_stage.kind == "city"
