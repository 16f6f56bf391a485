"""Assessments per plan: scheduled, announced, scored by several examiners, averaged, pass marks applied."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.evaluation.models import AssessmentSitting, AssessmentSpec, CaseStatus, EvaluationRules
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.assessments import assessment_scores_record, assessment_session_schedule
from zhicheng.notifications.models import Message


def _scheduled(world):
    case = world.pay(world.case())
    assert case.status == CaseStatus.IN_ASSESSMENT
    sitting = AssessmentSitting.objects.get(case=case)
    assessment_session_schedule(
        spec=sitting.spec,
        actor=world.office,
        starts_at=timezone.now() + timedelta(days=3),
        place="温岭市大溪镇泵业服务综合体9楼实操室",
        note="请携带身份证",
        cases=[case],
    )
    sitting.refresh_from_db()
    return case, sitting


def test_a_practical_assessment_is_announced_scored_by_three_experts_and_passed(
    world_with_assessment, as_user
):
    world = world_with_assessment
    case, sitting = _scheduled(world)
    sms = Message.objects.get(recipient=case.application.applicant, channel="sms", subject="实操评议安排")
    assert "泵业服务综合体" in sms.body
    page = as_user(case.application.applicant).get(f"/evaluation/cases/{case.pk}/").content.decode()
    assert "泵业服务综合体9楼实操室" in page
    assessment_scores_record(
        sitting=sitting, actor=world.office, marks=[("专家甲", "70"), ("专家乙", "55"), ("专家丙", "60")]
    )
    sitting.refresh_from_db()
    case.refresh_from_db()
    assert (sitting.score, sitting.passed) == (Decimal("61.7"), True)
    assert case.status == CaseStatus.AWAITING_REVIEW
    page = as_user(case.application.applicant).get(f"/evaluation/cases/{case.pk}/").content.decode()
    assert "61.7 分" in page and "合格" in page and "3位评委平均" in page


def test_below_the_pass_mark_the_case_does_not_go_to_review(world_with_assessment):
    world = world_with_assessment
    case, sitting = _scheduled(world)
    assessment_scores_record(
        sitting=sitting, actor=world.office, marks=[("甲", "50"), ("乙", "60"), ("丙", "69.8")]
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT_FAILED
    assert "不合格" in case.history.latest("id").opinion
    with pytest.raises(ServiceError, match="成绩已确认，不能修改"):
        assessment_scores_record(
            sitting=sitting, actor=world.office, marks=[("甲", "90"), ("乙", "90"), ("丙", "90")]
        )


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ([("甲", "70"), ("乙", "80")], "至少需要3位评分人的分数，现有2位"),
        ([("甲", "70"), ("甲", "80"), ("丙", "90")], "第2行评分人：“甲”重复"),
        ([("甲", "170"), ("乙", "80"), ("丙", "90")], "每个分数必须在0至100之间"),
        ([("甲", "七十"), ("乙", "80"), ("丙", "90")], "第1行分数：“七十”不是数字"),
        ([("", "70"), ("乙", "80"), ("丙", "90")], "第1行评分人：必须填写"),
    ],
)
def test_bad_marks_are_refused_naming_the_row_and_nothing_is_stored(world_with_assessment, marks, message):
    world = world_with_assessment
    case, sitting = _scheduled(world)
    with pytest.raises(ServiceError, match=message):
        assessment_scores_record(sitting=sitting, actor=world.office, marks=marks)
    sitting.refresh_from_db()
    assert sitting.score is None and not sitting.scores.exists()


def test_scores_cannot_be_entered_before_the_sitting_is_scheduled(world_with_assessment):
    world = world_with_assessment
    case = world.pay(world.case())
    sitting = AssessmentSitting.objects.get(case=case)
    with pytest.raises(ServiceError, match="尚未安排"):
        assessment_scores_record(
            sitting=sitting, actor=world.office, marks=[("甲", "70"), ("乙", "80"), ("丙", "90")]
        )


def test_a_practical_assessment_with_fewer_than_three_experts_cannot_exist(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSpec.objects.create(plan=world.plan, kind="practical", name="实操评议", min_examiners=2)


def test_the_office_sets_assessments_as_data_with_chinese_messages(world, as_user):
    client = as_user(world.office)
    rules_url = f"/evaluation/office/plans/{world.plan.pk}/rules/"
    page = client.get(rules_url)
    assert page.status_code == 200
    data = {
        "payment_working_days": 10,
        "online_payment": "on",
        "offline_payment": "on",
        "blind_review": "on",
        "conflict_years": 3,
        "reminder_working_days": 2,
        "quorum_numerator": 2,
        "quorum_denominator": 3,
        "pass_numerator": 2,
        "pass_denominator": 3,
        "pass_base": "present",
        "publicity_working_days": 5,
        "results_order": "publicity_first",
        "scoring_text": "业绩｜60｜60\n答辩｜40｜40",
        "specs-TOTAL_FORMS": 1,
        "specs-INITIAL_FORMS": 0,
        "specs-0-kind": "practical",
        "specs-0-name": "实操评议",
        "specs-0-full_mark": 100,
        "specs-0-pass_mark": 60,
        "specs-0-min_examiners": 2,
        "specs-0-required": "on",
        "specs-0-order": 1,
    }
    body = client.post(rules_url, data).content.decode()
    assert "实操评议须由不少于3人的专家评议组评分" in body
    assert not AssessmentSpec.objects.filter(plan=world.plan).exists()
    body = client.post(
        rules_url, {**data, "specs-0-min_examiners": 3, "scoring_text": "业绩｜60｜60"}
    ).content.decode()
    assert "各项权重之和为60，必须等于100" in body
    response = client.post(rules_url, {**data, "specs-0-min_examiners": 3})
    assert response.status_code == 302
    saved = EvaluationRules.objects.get(plan=world.plan)  # the first save creates the plan's own rules
    assert [c["label"] for c in saved.scoring_form] == ["业绩", "答辩"]
    assert AssessmentSpec.objects.get(plan=world.plan).min_examiners == 3


@pytest.mark.parametrize(
    ("marks", "expected"), [(("70", "55", "60"), "passed"), (("50", "60", "59"), "failed")]
)
def test_practical_result_becomes_the_profiles_practical_assessment(world_with_assessment, marks, expected):
    # seed 003 附件1 五: the 实操 result recorded here feeds the eligibility verdict (issue 14 §1).
    from zhicheng.eligibility.checks import check_application

    world = world_with_assessment
    world.plan.ruleset_id = "wenling-mechatronics-2022"
    world.plan.save(update_fields=["ruleset_id"])
    case, sitting = _scheduled(world)
    assert check_application(case.application).profile.get("practical_assessment") is None
    assessment_scores_record(
        sitting=sitting, actor=world.office, marks=list(zip(("甲", "乙", "丙"), marks, strict=True))
    )
    check = check_application(case.application)
    assert check.profile["practical_assessment"] == expected, check.error
    if check.result and check.result["target_level"] == "intermediate":
        criterion = next(c for c in check.result["criteria"] if c["id"] == "practical_assessment")
        assert criterion["result"] == ("met" if expected == "passed" else "not_met")
