"""The road after qualification follows each notice: no fee where none is named, steps in the notices' order."""

from __future__ import annotations

from tests.factories import PlanFactory
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
