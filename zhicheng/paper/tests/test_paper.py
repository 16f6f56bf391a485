"""Paper materials through the real pages: 原件核查 before review gates the experts (seed 003 四); after passing,
EMS in, receipt, stamped 评审表 back (seed 001 二3, 附件4)."""

from datetime import date

import pytest

from zhicheng.applications.timeline import steps_for
from zhicheng.core.models import AuditEvent
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.tests.helpers import World
from zhicheng.paper.models import PaperCheck, PaperMailing, PaperStep

pytestmark = pytest.mark.django_db

ITEMS = ["评审表一式2份", "身份证原件", "学历证书原件"]


@pytest.fixture
def world(regions):
    return World(experts=3)


@pytest.fixture
def as_user(settings):
    from django.test import Client

    from tests.factories import PASSWORD

    settings.STAFF_OTP_REQUIRED = False

    def _as(user):
        client = Client()
        assert (
            client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD}).status_code == 302
        )
        return client

    return _as


def _before(plan):
    return PaperStep.objects.create(
        plan=plan, when="before_review", title="原件核查", start=date(2022, 10, 31), end=date(2022, 11, 15),
        address="温岭市大溪镇金利路8号泵业服务综合体9楼", items=ITEMS, copies=2,
    )  # fmt: skip


def test_the_office_sets_the_check_window_on_the_page_and_an_empty_list_is_refused(world, as_user):
    office = as_user(world.office)
    url = f"/paper/office/plans/{world.plan.pk}/steps/"
    base = {"when_prefix": "before_review", "before_review-when": "before_review", "before_review-title": "原件核查",
            "before_review-start": "2022-10-31", "before_review-end": "2022-11-15",
            "before_review-address": "温岭市大溪镇金利路8号泵业服务综合体9楼", "before_review-copies": "2"}  # fmt: skip
    refused = office.post(url, {**base, "before_review-items": "  "})
    assert refused.status_code == 400 and "材料清单：至少列出一项材料。" in refused.content.decode()
    late = office.post(url, {**base, "before_review-end": "2022-10-01", "before_review-items": "身份证原件"})
    assert "截止日期不能早于开始日期" in late.content.decode()
    assert office.post(url, {**base, "before_review-items": "\n".join(ITEMS)}).status_code == 302
    step = PaperStep.objects.get(plan=world.plan)
    assert step.items == ITEMS and AuditEvent.objects.filter(event="paper_step_created").exists()
    # The plan editor shows it in the whole process.
    body = office.get(f"/office/plans/{world.plan.pk}/").content.decode()
    assert "<strong>原件核查</strong>" in body and "2022年10月31日至2022年11月15日" in body


def test_a_pending_paper_check_stops_the_expert_assignment_until_every_item_is_checked(world, as_user):
    step = _before(world.plan)
    case = world.pay(world.case())
    timeline = {s.key: s for s in steps_for(case.application, today=date(2022, 11, 1))}
    assert "温岭市大溪镇金利路8号泵业服务综合体9楼" in timeline["paper_check"].todo
    with pytest.raises(ServiceError) as refused:
        world.assign(case)
    assert "原件核查尚未通过" in str(refused.value) and case.code in str(refused.value)

    office = as_user(world.office)
    url = f"/paper/office/steps/{step.pk}/applications/{case.application_id}/check/"
    office.post(url, {f"c{case.application_id}-checked": ITEMS[:2]})
    check = PaperCheck.objects.get()
    assert check.state == "incomplete" and check.note == "缺：学历证书原件"
    with pytest.raises(ServiceError):
        world.assign(case)
    applicant_page = as_user(case.application.applicant).get(f"/paper/applications/{case.application_id}/")
    assert "缺：学历证书原件" in applicant_page.content.decode()

    office.post(url, {f"c{case.application_id}-checked": ITEMS})
    check.refresh_from_db()
    assert check.state == "passed"
    world.assign(case)
    assert case.status == "under_review"
    assert [e.event for e in AuditEvent.objects.filter(event__startswith="paper_check").order_by("pk")] == [
        "paper_check_incomplete",
        "paper_check_passed",
    ]


def test_the_paper_check_sits_after_the_fee_and_before_the_review_on_the_applicants_timeline(world):
    # 温州附件1 9: 评审费缴纳成功后……报送评审表; seed 003 四: 原件核查 before the review. The step used to
    # come last, after the certificate, because the paper app registers after the evaluation.
    _before(world.plan)
    case = world.pay(world.case())
    keys = [s.key for s in steps_for(case.application, today=date(2022, 11, 1))]
    assert keys.index("fee") < keys.index("paper_check") < keys.index("expert_review")


def test_another_committees_office_cannot_check(world, as_user):
    step = _before(world.plan)
    case = world.case()
    other = World(experts=0)
    response = as_user(other.office).post(
        f"/paper/office/steps/{step.pk}/applications/{case.application_id}/check/",
        {f"c{case.application_id}-checked": ITEMS},
    )
    assert response.status_code == 404 and not PaperCheck.objects.exists()


def test_after_passing_the_applicant_mails_by_ems_and_the_office_returns_the_stamped_form(world, as_user):
    PaperStep.objects.create(
        plan=world.plan, when="after_pass", title="邮寄纸质材料", address="临平南大街265号市民之家721办公室",
        items=["评审表一式1份", "回寄地址"], copies=1, stamp_and_return=True,
    )  # fmt: skip
    case = world.pay(world.case())
    applicant = as_user(case.application.applicant)
    page = f"/paper/applications/{case.application_id}/"
    early = applicant.post(page, {"tracking_number": "1012345678901"})
    assert "评审通过后才需要邮寄纸质材料" in early.content.decode() and not PaperMailing.objects.exists()

    world.assign(case)
    world.vote([case])
    assert case.status == "review_passed"
    todo = {s.key: s for s in steps_for(case.application)}["paper_mailing"].todo
    assert "临平南大街265号市民之家721办公室" in todo and "EMS" in todo
    bad = applicant.post(page, {"tracking_number": "12345"})
    assert bad.status_code == 400 and "EMS单号：应为13位数字" in bad.content.decode()
    assert applicant.post(page, {"tracking_number": "ea123456789cn"}).status_code == 302
    mailing = PaperMailing.objects.get()
    assert mailing.tracking_number == "EA123456789CN"

    office = as_user(world.office)
    refused = office.post(
        f"/paper/office/mailings/{mailing.pk}/return/", {"tracking_number": "1012345678901"}
    )
    assert "请先登记收到材料" in office.get(refused.url).content.decode()
    office.post(f"/paper/office/mailings/{mailing.pk}/receive/")
    office.post(f"/paper/office/mailings/{mailing.pk}/return/", {"tracking_number": "1012345678901"})
    mailing.refresh_from_db()
    assert mailing.received_at and mailing.return_tracking_number == "1012345678901"
    step = {s.key: s for s in steps_for(case.application)}["paper_mailing"]
    assert step.state == "done" and "评审表已盖章寄回" in step.events[-1].label
    events = set(AuditEvent.objects.filter(event__startswith="paper_").values_list("event", flat=True))
    assert events >= {"paper_mailed", "paper_received", "paper_form_returned"}


def test_a_step_files_have_passed_keeps_its_list_but_may_get_a_later_deadline(world, as_user):
    step = _before(world.plan)
    case = world.case()
    office = as_user(world.office)
    office.post(
        f"/paper/office/steps/{step.pk}/applications/{case.application_id}/check/",
        {f"c{case.application_id}-checked": ITEMS},
    )
    data = {"when_prefix": "before_review", "before_review-when": "before_review", "before_review-title": "原件核查",
            "before_review-start": "2022-10-31", "before_review-end": "2022-11-20",
            "before_review-address": step.address, "before_review-copies": "2",
            "before_review-items": "\n".join(ITEMS[:1])}  # fmt: skip
    refused = office.post(f"/paper/office/plans/{world.plan.pk}/steps/", data)
    assert "已有申报办理过此环节，不能再修改材料清单" in refused.content.decode()
    data["before_review-items"] = "\n".join(ITEMS)
    assert office.post(f"/paper/office/plans/{world.plan.pk}/steps/", data).status_code == 302
    step.refresh_from_db()
    assert step.end == date(2022, 11, 20) and step.items == ITEMS
