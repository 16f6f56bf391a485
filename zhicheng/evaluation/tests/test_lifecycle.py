"""The road after qualification follows each notice: no fee where none is named, steps in the notices' order."""

from __future__ import annotations

import pytest

from tests.factories import PlanFactory, UserFactory
from zhicheng.evaluation.models import AssessmentSpec, CaseAction, CaseStatus
from zhicheng.notifications.models import Message

from .helpers import open_case


def _plan_without_fees():
    plan = PlanFactory()
    plan.fees.all().delete()  # 临平, 温岭 and 浙江高工 name no 评审费
    return plan


def test_a_plan_without_fees_sends_the_qualified_file_straight_to_expert_review(db, regions):
    case = open_case(_plan_without_fees())
    assert case.status == CaseStatus.AWAITING_REVIEW
    assert case.fee_amount == 0
    actions = list(case.history.values_list("action", flat=True))
    assert actions == [CaseAction.NO_FEE]  # never recorded as a payment
    applicant = case.application.applicant
    assert not Message.objects.filter(recipient=applicant, subject="请缴纳职称评审费").exists()
    assert Message.objects.filter(recipient=applicant, subject="进入评审").exists()


def test_a_plan_without_fees_but_with_an_exam_sends_the_file_to_the_exam(db, regions):
    plan = _plan_without_fees()
    AssessmentSpec.objects.create(plan=plan, kind="theory", name="理论考试", pass_mark=60, full_mark=100)
    case = open_case(plan)
    assert case.status == CaseStatus.IN_ASSESSMENT
    assert case.sittings.count() == 1


# --- steps in the notices' order: 公示无异议后，组织专家评审 (seed 001 三(二), seed 002 三) -------------------


def _publish(plan, office, application):
    from datetime import timedelta

    from django.utils import timezone

    from zhicheng.review.services import publicity_open

    publicity = publicity_open(actor=office, plan=plan, start=timezone.localdate(), contact="0577-88888888")
    assert publicity.entries.filter(application=application).exists()
    return publicity, publicity.end + timedelta(days=1)


def test_the_case_opens_only_when_the_qualification_publicity_closes_without_objection(
    db, regions, django_capture_on_commit_callbacks
):
    from zhicheng.evaluation.models import EvaluationCase
    from zhicheng.review.services import ReviewError, objection_record, objection_resolve, publicity_close

    from .helpers import office_of, qualified_application

    plan = PlanFactory()
    office = office_of(plan)
    application = qualified_application(plan=plan, cleared=False)
    with django_capture_on_commit_callbacks(execute=True):
        publicity, after_end = _publish(plan, office, application)
    assert not EvaluationCase.objects.filter(application=application).exists()  # no fee notice yet

    entry = publicity.entries.get(application=application)
    objection = objection_record(
        actor=office, entry=entry, received_on=publicity.start, channel="letter", content="反映其业绩存疑"
    )
    with pytest.raises(ReviewError, match="异议未处理"):
        publicity_close(actor=office, publicity=publicity, today=after_end)
    objection_resolve(actor=office, objection=objection, upheld=False, resolution="经核实业绩属实")
    assert not EvaluationCase.objects.filter(application=application).exists()

    with django_capture_on_commit_callbacks(execute=True):
        publicity_close(actor=office, publicity=publicity, today=after_end)
    case = EvaluationCase.objects.get(application=application)
    assert case.status == CaseStatus.AWAITING_PAYMENT
    assert Message.objects.filter(recipient=application.applicant, subject="请缴纳职称评审费").exists()


def test_an_upheld_objection_keeps_the_file_out_of_the_evaluation(
    db, regions, django_capture_on_commit_callbacks
):
    from zhicheng.evaluation.models import EvaluationCase
    from zhicheng.review.services import objection_record, objection_resolve, publicity_close

    from .helpers import office_of, qualified_application

    plan = PlanFactory()
    office = office_of(plan)
    kept = qualified_application(plan=plan, cleared=False)
    struck = qualified_application(plan=plan, cleared=False, applicant=UserFactory(real_name="孙伟"))
    publicity, after_end = _publish(plan, office, struck)
    objection = objection_record(
        actor=office,
        entry=publicity.entries.get(application=struck),
        received_on=publicity.start,
        channel="online",
        content="学历证书系伪造",
    )
    with django_capture_on_commit_callbacks(execute=True):
        objection_resolve(actor=office, objection=objection, upheld=True, resolution="经核实学历造假")
        publicity_close(actor=office, publicity=publicity, today=after_end)
    assert EvaluationCase.objects.filter(application=kept).exists()
    assert not EvaluationCase.objects.filter(application=struck).exists()


def test_nothing_of_the_evaluation_moves_while_the_file_is_in_an_open_qualification_publicity(world):
    """A case opened before this rule (or by the office's repair) still waits for the 公示 to end."""
    from django.utils import timezone

    from zhicheng.evaluation.services import ServiceError
    from zhicheng.review.models import Publicity, PublicityEntry

    case = world.case()
    publicity = Publicity.objects.create(
        plan=world.plan,
        title="资格审查结果公示（补充）",
        start=timezone.localdate(),
        end=timezone.localdate() + timezone.timedelta(days=9),
        working_days=7,
        contact="0577-88888888",
        created_by=world.office,
        created_at=timezone.now(),
    )
    PublicityEntry.objects.create(
        publicity=publicity,
        application=case.application,
        name="胡小明",
        employer_name="",
        specialty="机械",
        level="中级",
    )
    with pytest.raises(ServiceError, match="资格审查公示尚未结束"):
        world.pay(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_PAYMENT


def test_wenzhou_approves_before_publishing_and_certifies_after_the_publicity(world):
    """Seed 000 五: 评委会评审 → 市职改办审批 → 学会公示审批结果（≥5个工作日）→ 市人社局发文、发放电子证书."""
    from zhicheng.applications import timeline
    from zhicheng.evaluation.services import ServiceError
    from zhicheng.evaluation.services.results import results_certify

    world.rules.results_order = "approval_first"
    world.rules.save()
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEW_PASSED
    with pytest.raises(ServiceError, match="没有审批通过、待公示"):
        world.publicise(case)  # no publicity before the approval on this road
    world.approve()
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and not hasattr(case, "certificate")
    keys = [s.key for s in timeline.steps_for(case.application)]
    assert keys.index("approval") < keys.index("results_publicity") < keys.index("certificate")
    publicity = world.publicise(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PUBLICITY
    world.close_publicity(publicity)
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED_APPROVED
    assert results_certify(plan=world.plan, actor=world.bureau) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIED and case.certificate.number
    actions = list(case.history.values_list("action", flat=True))
    assert (
        actions.index("approve")
        < actions.index("publish")
        < actions.index("clear")
        < actions.index("certify")
    )


def test_the_demo_gives_each_seed_plan_its_rule_set_and_wenzhou_its_road(db):
    from zhicheng.demo.seed import load_demo
    from zhicheng.evaluation.models import EvaluationRules
    from zhicheng.plans.models import Plan

    load_demo(with_people=False)
    codes = {p.year and p.ruleset_id for p in Plan.objects.exclude(name__endswith="（演示）")}
    assert codes == {
        "wenzhou-mech-2020",
        "linping-manufacturing-2022",
        "zhejiang-mech-senior-2020",
        "wenling-mechatronics-2022",
    }
    wenzhou = Plan.objects.get(ruleset_id="wenzhou-mech-2020", year=2020)
    rules = EvaluationRules.objects.get(plan=wenzhou)
    assert rules.results_order == "approval_first" and not rules.online_payment and rules.offline_payment
    assert rules.scoring_form  # a usable scoring form from the first load
    for code in ("linping-manufacturing-2022", "zhejiang-mech-senior-2020", "wenling-mechatronics-2022"):
        assert not Plan.objects.get(ruleset_id=code).fees.exists()  # their notices name no fee


def test_wenzhou_office_publicity_page_lists_the_approved_names_not_the_voted_ones(world, as_user):
    """Seed 000 五4: the 学会 publishes the results the 市职改办 approved; the page offers those names."""
    world.rules.results_order = "approval_first"
    world.rules.save()
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    office = as_user(world.office)
    url = f"/evaluation/office/plans/{world.plan.pk}/publicity/"
    page = office.get(url).content.decode()
    assert "本计划先审批后公示，人社部门审批通过后可发布公示" in page and "发布公示</button>" not in page
    world.approve()
    page = office.get(url).content.decode()
    name = case.application.applicant.real_name
    assert f"已审批通过、待公示 1 人：{name}" in page and "发布公示</button>" in page
