"""Results 公示 (≥5 working days, four fields only), objections, and the HR bureau's approval."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import PlanFactory, staff
from zhicheng.certificates.models import Certificate
from zhicheng.core.models import CalendarOverride
from zhicheng.core.workdays import calendar
from zhicheng.evaluation.models import CaseStatus, ResultEntry
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.results import (
    case_decline,
    result_objection_record,
    result_objection_resolve,
    result_publicity_close,
    result_publicity_open,
    results_approve,
)
from zhicheng.notifications.models import Message

ID_OR_PHONE = re.compile(r"\d{17}[\dX]|1[3-9]\d{9}|\d{3}\*+\d{4}")


def _passed(world, n=1):
    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    world.vote(cases)
    return cases


def test_a_publicity_shorter_than_five_working_days_is_refused_naming_the_rule(world):
    _passed(world)
    start = calendar().next_workday(timezone.localdate() + timedelta(days=1))
    end = calendar().end_of_period(start, 4)
    with pytest.raises(ServiceError, match="只有 4 个工作日，不少于 5 个工作日"):
        result_publicity_open(
            plan=world.plan, actor=world.office, title="公示", start=start, end=end, contact="电话"
        )
    assert not ResultEntry.objects.exists()


def test_a_holiday_does_not_count_towards_the_publicity(world):
    _passed(world)
    start = calendar().next_workday(timezone.localdate() + timedelta(days=1))
    end = calendar().end_of_period(start, 5)
    CalendarOverride.objects.create(date=calendar().add(start, 1), is_workday=False, note="临时休息日")
    with pytest.raises(ServiceError, match="只有 4 个工作日"):
        result_publicity_open(
            plan=world.plan, actor=world.office, title="公示", start=start, end=end, contact="电话"
        )


def test_the_public_list_shows_name_employer_specialty_and_level_only(world, client):
    (case,) = _passed(world)
    world.publicise(case)
    entry = ResultEntry.objects.get()
    assert (entry.name, entry.specialty, entry.level) == ("胡小明", "机械", "工程师（中级）")
    body = client.get("/evaluation/publicity/").content.decode()
    assert "胡小明" in body and entry.employer_name in body and "工程师（中级）" in body
    assert not ID_OR_PHONE.search(body)
    assert case.application.applicant.id_number not in body


def test_an_upheld_objection_cancels_the_result_and_the_rest_go_for_approval(world):
    kept, challenged = _passed(world, 2)
    publicity = world.publicise(kept, challenged)
    entry = ResultEntry.objects.get(case=challenged)
    objection = result_objection_record(
        entry=entry,
        actor=world.office,
        received_on=timezone.localdate(),
        channel="letter",
        content="论文涉嫌抄袭",
    )
    with pytest.raises(ServiceError, match="尚有未处理的异议"):
        result_publicity_close(
            publicity=publicity, actor=world.office, today=publicity.end + timedelta(days=1)
        )
    result_objection_resolve(
        objection=objection, actor=world.office, upheld=True, resolution="经核实论文抄袭属实"
    )
    with pytest.raises(ServiceError, match="期满后方可结束公示"):
        result_publicity_close(publicity=publicity, actor=world.office, today=publicity.end)
    assert (
        result_publicity_close(
            publicity=publicity, actor=world.office, today=publicity.end + timedelta(days=1)
        )
        == 1
    )
    kept.refresh_from_db()
    challenged.refresh_from_db()
    assert kept.status == CaseStatus.AWAITING_APPROVAL
    assert challenged.status == CaseStatus.CANCELLED
    assert Message.objects.filter(recipient=world.bureau, subject="评审结果待审批").exists()


def test_a_dismissed_objection_keeps_the_name_on_the_list(world):
    (case,) = _passed(world)
    publicity = world.publicise(case)
    objection = result_objection_record(
        entry=ResultEntry.objects.get(),
        actor=world.office,
        received_on=timezone.localdate(),
        channel="phone",
        content="反映业绩不实",
    )
    result_objection_resolve(
        objection=objection, actor=world.office, upheld=False, resolution="经核实业绩真实"
    )
    world.close_publicity(publicity)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPROVAL


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("温人社发2025第12号", "格式应为"),
        ("温人社发〔1999〕12号", "与发文日期的年份"),
    ],
)
def test_the_document_number_is_checked(world, document, message):
    (case,) = _passed(world)
    world.close_publicity(world.publicise(case))
    with pytest.raises(ServiceError, match=message):
        results_approve(
            plan=world.plan, actor=world.bureau, document_number=document, approved_on=timezone.localdate()
        )
    assert not Certificate.objects.exists()


def test_approval_issues_signed_certificates_and_tells_each_person(world):
    cases = _passed(world, 2)
    world.close_publicity(world.publicise(*cases))
    approval = world.approve()
    assert approval.count == 2
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    year = timezone.localdate().year
    assert [n.split("-")[0] for n in numbers] == [f"{year}3303023{n:05d}" for n in (1, 2)]  # + random tail
    for case in cases:
        case.refresh_from_db()
        assert case.status == CaseStatus.CERTIFIED
        assert Message.objects.filter(
            recipient=case.application.applicant, subject="职称电子证书已发放", channel="sms"
        ).exists()
    with pytest.raises(ServiceError, match="没有待审批"):
        world.approve(document="温人社发〔{year}〕13号")


def test_a_bureau_that_does_not_approve_this_committee_cannot(world, as_user):
    (case,) = _passed(world)
    world.close_publicity(world.publicise(case))
    other_bureau = staff("hr_bureau", PlanFactory().committee.hr_bureau)
    client = as_user(other_bureau)
    assert client.get(f"/evaluation/bureau/plans/{world.plan.pk}/").status_code == 404
    response = client.post(
        f"/evaluation/bureau/plans/{world.plan.pk}/",
        {"document_number": "温人社发〔2026〕1号", "approved_on": date.today()},
    )
    assert response.status_code == 404
    assert (
        client.post(f"/evaluation/bureau/cases/{case.pk}/decline/", {"reason": "不符合"}).status_code == 404
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPROVAL


def test_the_bureau_may_decline_one_name_with_a_reason(world):
    keep, drop = _passed(world, 2)
    world.close_publicity(world.publicise(keep, drop))
    with pytest.raises(ServiceError, match="必须填写原因"):
        case_decline(case=drop, actor=world.bureau, reason="")
    case_decline(case=drop, actor=world.bureau, reason="继续教育学时不足")
    world.approve()
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.status, drop.status) == (CaseStatus.CERTIFIED, CaseStatus.NOT_APPROVED)
