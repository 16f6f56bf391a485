"""The applicant's one timeline, draft to certificate: every step with its date and office, who holds the file,
the next deadline, what the applicant must do — and no step shown as done that did not happen."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from tests.factories import PlanFactory
from zhicheng.applications import timeline
from zhicheng.evaluation.models import AssessmentSpec, CaseStatus, EvaluationCase
from zhicheng.evaluation.services.assessments import assessment_session_schedule

from .helpers import open_case


def _by_key(steps):
    return {s.key: s for s in steps}


def test_the_timeline_reaches_the_certificate_with_dates_and_offices(world):
    case = world.certified_case()
    steps = timeline.steps_for(case.application)
    keys = [s.key for s in steps]
    assert keys[0] == "submit" and keys[-6:] == [
        "publicity",
        "fee",
        "expert_review",
        "results_publicity",
        "approval",
        "certificate",
    ]
    by_key = _by_key(steps)
    for key in ("fee", "expert_review", "results_publicity", "approval", "certificate"):
        assert by_key[key].state == "done", key
        assert by_key[key].done_on is not None, key
    assert by_key["fee"].organization == world.plan.committee.organization.name
    assert by_key["approval"].organization == world.plan.committee.hr_bureau.name
    assert case.certificate.number in by_key["certificate"].state_label
    summary = timeline.summary(steps)
    assert summary.finished and summary.todo == []


def test_a_plan_without_fee_or_exam_shows_neither_step(db, regions):
    plan = PlanFactory()
    plan.fees.all().delete()
    case = open_case(plan)
    keys = [s.key for s in timeline.steps_for(case.application)]
    assert "fee" not in keys and not any(k.startswith("assessment") for k in keys)
    by_key = _by_key(timeline.steps_for(case.application))
    assert by_key["expert_review"].state == "current"


def test_an_unpaid_fee_is_what_the_applicant_must_do_and_a_paid_one_is_not_owed(world, as_user):
    case = world.case()
    steps = timeline.steps_for(case.application)
    summary = timeline.summary(steps)
    assert _by_key(steps)["fee"].state == "current"
    assert summary.holder == world.plan.committee.organization.name
    assert summary.deadline == case.fee_deadline and summary.time_left.working_days >= 1
    assert any("缴纳评审费180元" in t for t in summary.todo)

    case = world.pay(case)
    steps = timeline.steps_for(case.application)
    fee = _by_key(steps)["fee"]
    assert fee.state == "done" and "已缴费" in fee.state_label and fee.todo == ""
    page = as_user(case.application.applicant).get(f"/evaluation/cases/{case.pk}/").content.decode()
    assert "已缴金额" in page and "应缴金额" not in page
    detail = as_user(case.application.applicant).get(f"/applications/{case.application_id}/").content.decode()
    assert "需要您办理" not in detail and "专家评审 · 评审中" in detail


def test_no_exam_is_ticked_where_the_plan_has_none(world, as_user):
    case = world.pay(world.case())
    page = as_user(case.application.applicant).get(f"/evaluation/cases/{case.pk}/").content.decode()
    assert "考试考评" not in page.split('aria-label="评审进度"')[1].split("</ol>")[0]


def test_a_scheduled_exam_tells_the_applicant_when_and_where(world_with_assessment):
    world = world_with_assessment
    case = world.pay(world.case())
    spec = AssessmentSpec.objects.get(plan=world.plan)
    starts = timezone.now() + timedelta(days=7)
    assessment_session_schedule(
        spec=spec, actor=world.office, starts_at=starts, place="温州市会展中心3号厅", note="", cases=[case]
    )
    step = _by_key(timeline.steps_for(case.application))[f"assessment-{spec.pk}"]
    assert step.state == "current" and "温州市会展中心3号厅" in step.todo and "实操评议" in step.todo


def test_the_exam_is_told_in_beijing_time_even_early_in_the_morning(world_with_assessment):
    # 07:30 in 北京时间 is 23:30 UTC the day before: the applicant used to read the UTC date and hour.
    world = world_with_assessment
    case = world.pay(world.case())
    spec = AssessmentSpec.objects.get(plan=world.plan)
    day = timezone.localdate() + timedelta(days=9)
    starts = datetime(day.year, day.month, day.day, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assessment_session_schedule(
        spec=spec, actor=world.office, starts_at=starts, place="温州市会展中心3号厅", note="", cases=[case]
    )
    case.application.refresh_from_db()
    step = _by_key(timeline.steps_for(case.application))[f"assessment-{spec.pk}"]
    assert step.deadline == day
    assert f"{day.month}月{day.day}日 07:30" in step.todo


def test_my_applications_says_results_publicity_while_in_results_publicity(world, as_user):
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    world.publicise(case)
    page = as_user(case.application.applicant).get("/applications/").content.decode()
    assert "评审结果公示 · 公示中" in page
    assert "资格审查通过" not in page


def test_no_step_is_done_without_its_row_in_the_one_history(world):
    """A case put in 已发放电子证书 without going through the engine (no history rows): nothing of the
    evaluation is shown as done, and no certificate step is ticked."""
    case = world.case()
    EvaluationCase.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    steps = _by_key(timeline.steps_for(case.application))
    for key in ("fee", "expert_review", "results_publicity", "approval"):
        assert steps[key].state == "skipped" and steps[key].state_label == "未办理", key
    EvaluationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CERTIFIED)
    assert _by_key(timeline.steps_for(case.application))["certificate"].state != "done"
    # Through the engine, the same steps are done, each with its date and the acting office.
    case = world.certified_case()
    steps = _by_key(timeline.steps_for(case.application))
    assert all(steps[k].state == "done" for k in ("fee", "expert_review", "results_publicity", "approval"))
    assert steps["approval"].events[-1].organization == world.plan.committee.hr_bureau.name
