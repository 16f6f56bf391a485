"""The HR bureau's approval of the results (the results 公示 itself is tested in zhicheng/publicity/tests)."""

import re
from datetime import date

import pytest
from django.utils import timezone

from tests.factories import PlanFactory, staff
from zhicheng.certificates.models import Certificate
from zhicheng.evaluation.models import CaseStatus
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.results import (
    case_decline,
    results_approve,
)
from zhicheng.notifications.models import Message

ID_OR_PHONE = re.compile(r"\d{17}[\dX]|1[3-9]\d{9}|\d{3}\*+\d{4}")


def _passed(world, n=1):
    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    world.vote(cases)
    return cases


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
