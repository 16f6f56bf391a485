"""Decisions on one file: 通过 with the internal publicity record, 退回修改 and 不通过 with reasons, bulk approval,
opening a file (开始审核), identifiers and attachments."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import EmployerFactory, staff
from tests.samples import jpeg_bytes, pdf_bytes
from zhicheng.applications import workflow
from zhicheng.applications.models import Application, Status, StatusHistory
from zhicheng.applications.workflow import TransitionError
from zhicheng.core.models import AuditEvent
from zhicheng.core.workdays import calendar
from zhicheng.notifications.models import Message
from zhicheng.review.models import InternalPublicity
from zhicheng.review.services import ReviewError, application_approve

from .conftest import finished_publicity, publicity_post

pytestmark = pytest.mark.django_db


def _events(app, name):
    return AuditEvent.objects.filter(event=name, object_id=str(app.pk)).count()


def _unchanged(app, status=Status.PENDING):
    app.refresh_from_db()
    return (
        app.status == status
        and not InternalPublicity.objects.filter(application=app).exists()
        and not StatusHistory.objects.filter(application=app, action="approve").exists()
    )


def test_employer_approval_records_the_publicity_and_the_recommendation(chain, as_user):
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    page = c.get(f"/review/applications/{app.pk}/").content.decode()
    assert "单位内部公示开始日期" in page and "推荐意见" in page and "公示结果" in page
    app.refresh_from_db()
    response = c.post(
        f"/review/applications/{app.pk}/decide/",
        {"decision": "approve", **publicity_post(), "approve-version": app.version},
    )
    assert response.status_code == 302
    record = InternalPublicity.objects.get(application=app)
    expected = finished_publicity()
    assert (record.start, record.end, record.working_days, record.result) == (
        expected["start"],
        expected["end"],
        5,
        "no_objection",
    )
    assert record.recommendation.startswith("经审核") and record.history.action == "approve"
    assert record.history.data["publicity"]["working_days"] == 5
    assert _events(app, "application_approved") == 1 and _events(app, "internal_publicity_recorded") == 1
    sms = Message.objects.filter(recipient=app.applicant, channel="sms").latest("id").body
    assert (
        sms.startswith("【12333】胡小明您好")
        and "已通过温州测试机械有限公司审核" in sms
        and "鹿城区人力资源和社会保障局" in sms
    )
    reviewer_sms = Message.objects.filter(recipient=chain.county_user, channel="sms").latest("id").body
    assert "待审核" in reviewer_sms and "胡小明" not in reviewer_sms


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"publicity_start": "", "publicity_end": ""}, "单位内部公示开始日期：必须填写"),
        ({"publicity_start": "2026-13-01"}, "单位内部公示开始日期：请输入有效日期"),
        ({"publicity_result": ""}, "公示结果：请选择“无异议”或“有异议”"),
        ({"publicity_result": "objection", "publicity_note": ""}, "公示情况说明：公示有异议时必须说明"),
        ({"opinion": ""}, "推荐意见：必须填写"),
        ({"opinion": "字" * 1001}, "推荐意见：不能超过 1000 字"),
    ],
)
def test_bad_approval_input_names_the_field_and_stores_nothing(chain, as_user, overrides, message):
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    response = c.post(
        f"/review/applications/{app.pk}/decide/", {"decision": "approve", **publicity_post(**overrides)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _unchanged(app)


def test_publicity_shorter_than_five_working_days_is_refused_with_the_earliest_end(chain, as_user):
    app = chain.new_application("胡小明")
    cal = calendar()
    end = cal.add(timezone.localdate(), -1)
    start = end
    while cal.count(start, end) < 4:
        start -= timedelta(days=1)
    c = as_user(chain.employer_user)
    html = c.post(
        f"/review/applications/{app.pk}/decide/",
        {
            "decision": "approve",
            **publicity_post(publicity_start=start.isoformat(), publicity_end=end.isoformat()),
        },
    ).content.decode()
    assert "单位内部公示结束日期：" in html and "只有 4 个工作日" in html and "最早应于" in html
    assert _unchanged(app)


def test_publicity_still_running_cannot_be_recorded_yet(chain, as_user):
    app = chain.new_application("胡小明")
    today = timezone.localdate()
    start = today - timedelta(days=10)
    html = (
        as_user(chain.employer_user)
        .post(
            f"/review/applications/{app.pk}/decide/",
            {
                "decision": "approve",
                **publicity_post(publicity_start=start.isoformat(), publicity_end=today.isoformat()),
            },
        )
        .content.decode()
    )
    assert "公示期满后再审核通过" in html
    assert _unchanged(app)


def test_objection_with_explanation_may_still_be_recommended(chain, as_user):
    app = chain.new_application("胡小明")
    as_user(chain.employer_user).post(
        f"/review/applications/{app.pk}/decide/",
        {
            "decision": "approve",
            **publicity_post(
                publicity_result="objection", publicity_note="有同事反映业绩排名，经核实属实无误。"
            ),
        },
    )
    assert InternalPublicity.objects.get(application=app).note.startswith("有同事反映")


def test_service_refuses_an_employer_approval_without_a_publicity_record(chain):
    from zhicheng.review.services import ReviewError, application_approve

    app = chain.new_application("胡小明")
    with pytest.raises(ReviewError, match="单位内部公示"):
        application_approve(application=app, actor=chain.employer_user, opinion="同意", publicity=None)
    assert _unchanged(app)


def test_department_approval_needs_only_an_opinion(chain, as_user):
    app = chain.new_application("胡小明")
    workflow.transition(application=app, action="approve", actor=chain.employer_user, opinion="同意")
    c = as_user(chain.county_user)
    page = c.get(f"/review/applications/{app.pk}/").content.decode()
    assert "单位内部公示开始日期" not in page and "审查意见" in page
    c.post(
        f"/review/applications/{app.pk}/decide/",
        {"decision": "approve", "approve-opinion": "经审查，符合申报条件。"},
    )
    app.refresh_from_db()
    assert app.current_org == chain.city


@pytest.mark.parametrize(
    ("decision", "status", "label"),
    [("return", Status.RETURNED, "退回原因"), ("reject", Status.REJECTED, "不通过原因")],
)
def test_return_and_reject_need_a_reason_and_tell_the_applicant(chain, as_user, decision, status, label):
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    html = c.post(
        f"/review/applications/{app.pk}/decide/", {"decision": decision, f"{decision}-opinion": "  "}
    ).content.decode()
    assert f"{label}：必须填写" in html
    assert _unchanged(app)
    reason = "学历证书扫描件不清晰，请重新上传彩色扫描件。"
    c.post(f"/review/applications/{app.pk}/decide/", {"decision": decision, f"{decision}-opinion": reason})
    app.refresh_from_db()
    assert app.status == status
    message = Message.objects.filter(recipient=app.applicant, channel="inapp").latest("id")
    assert reason in message.body
    sms = Message.objects.filter(recipient=app.applicant, channel="sms").latest("id").body
    assert sms.startswith("【12333】") and "学历证书扫描件不清晰" in sms
    if decision == "return":
        assert "修改后重新提交" in sms


def test_a_decision_on_a_stale_page_says_someone_else_acted(chain, as_user):
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    c.get(f"/review/applications/{app.pk}/")
    app.refresh_from_db()
    seen = app.version
    colleague = staff("employer", chain.employer.organization, real_name="周同事")
    workflow.transition(application=app, action="return", actor=colleague, opinion="请补充材料")
    workflow.transition(application=app, action="resubmit", actor=app.applicant)
    html = c.post(
        f"/review/applications/{app.pk}/decide/",
        {"decision": "reject", "reject-opinion": "不符合条件", "reject-version": seen},
    ).content.decode()
    assert "该申报已被他人处理，请刷新页面查看最新状态。" in html
    app.refresh_from_db()
    assert app.status == Status.PENDING


def test_bulk_approval_reports_each_file_and_one_failure_does_not_undo_the_others(chain, as_user):
    good = [chain.new_application(n) for n in ("甲", "乙", "丙")]
    gone = chain.new_application("丁")
    workflow.transition(application=gone, action="return", actor=chain.employer_user, opinion="材料不全")
    stranger = chain.new_application("戊", employer=EmployerFactory())
    c = as_user(chain.employer_user)
    ids = [a.pk for a in good] + [gone.pk, stranger.pk]
    html = c.post(
        "/review/bulk-approve/", {"ids": ids, "back": "tab=pending", **publicity_post()}
    ).content.decode()
    assert "审核通过 <strong>3</strong> 份" in html and '未能通过 <strong class="bad">2</strong> 份' in html
    assert "当前状态“退回修改”下不能执行“通过”" in html and "不在您的审核范围内" in html
    assert "戊" not in html  # another employer's staff: not even the name
    for a in good:
        a.refresh_from_db()
        assert a.current_org == chain.county
        assert StatusHistory.objects.filter(application=a, action="approve").count() == 1
        assert _events(a, "application_approved") == 1
        assert InternalPublicity.objects.filter(application=a).count() == 1
    gone.refresh_from_db()
    assert gone.status == Status.RETURNED


def test_bulk_approval_with_bad_input_approves_nothing(chain, as_user):
    apps = [chain.new_application(n) for n in ("甲", "乙")]
    html = (
        as_user(chain.employer_user)
        .post("/review/bulk-approve/", {"ids": [a.pk for a in apps], **publicity_post(publicity_start="")})
        .content.decode()
    )
    assert "单位内部公示开始日期：必须填写" in html and "尚未审核任何申报" in html
    assert all(_unchanged(a) for a in apps)


def test_opening_the_file_changes_nothing_and_start_review_is_an_explicit_post(chain, as_user):
    """Issue 12 item 15: a GET never writes; 开始审核 (which stops withdrawal) is the holder's POST."""
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    page = c.get(f"/review/applications/{app.pk}/").content.decode()
    app.refresh_from_db()
    assert app.review_started_at is None and f"/review/applications/{app.pk}/start/" in page
    workflow_version = app.version
    c.post(f"/review/applications/{app.pk}/start/")
    c.post(f"/review/applications/{app.pk}/start/")
    app.refresh_from_db()
    assert app.review_started_at is not None and app.version == workflow_version + 1
    assert _events(app, "application_review_started") == 1
    with pytest.raises(TransitionError, match="用人单位已开始审核"):
        workflow.transition(application=app, action="withdraw", actor=app.applicant)


def test_a_colleague_of_another_stage_opening_it_does_not_start_the_review(chain, as_user):
    app = chain.new_application("胡小明")
    as_user(chain.office_user).get(f"/review/applications/{app.pk}/")  # committee office may look, not hold
    app.refresh_from_db()
    assert app.review_started_at is None


def test_identifiers_are_masked_and_only_the_office_the_file_reached_may_reveal_them_audited(chain, as_user):
    """The documents' rule (issue 12 item 4): ?reveal=1 shows full numbers to the committee office only."""
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    number, phone = app.applicant.id_number, app.applicant.phone
    html = c.get(f"/review/applications/{app.pk}/").content.decode()
    assert number not in html and phone not in html and app.applicant.masked_id_number in html
    assert not re.search(r"\b\d{17}[\dX]\b", html)
    refused = c.get(f"/review/applications/{app.pk}/?reveal=1").content.decode()
    assert number not in refused and phone not in refused
    assert not AuditEvent.objects.filter(event="id_number_viewed").exists()
    for actor in (chain.employer_user, chain.county_user, chain.city_user):
        app.refresh_from_db()
        workflow.transition(application=app, action="approve", actor=actor, opinion="同意")
    response = as_user(chain.office_user).get(f"/review/applications/{app.pk}/?reveal=1")
    assert number in response.content.decode() and "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(event="id_number_viewed", object_id=str(app.applicant.pk)).count() == 1


def _attach(app, name, kind, content):
    from zhicheng.applications.models import ApplicationAttachment

    return ApplicationAttachment.objects.create(
        application=app,
        requirement_name=name,
        file=ContentFile(content, name=f"x.{'jpg' if kind == 'jpeg' else kind}"),
        original_name=f"{name}.{kind}",
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def test_attachments_are_shown_inline_through_a_checked_view(chain, as_user):
    app = chain.new_application("胡小明")
    pdf = _attach(app, "学历证书", "pdf", pdf_bytes())
    photo = _attach(app, "获奖证书", "jpeg", jpeg_bytes())
    c = as_user(chain.employer_user)
    html = c.get(f"/review/applications/{app.pk}/").content.decode()
    assert (
        f'<div class="pdf-viewer" role="group" tabindex="0" aria-label="学历证书" data-pdf-src="/review/applications/{app.pk}/attachments/{pdf.pk}/">'
        in html
    )
    assert f'<img src="/review/applications/{app.pk}/attachments/{photo.pk}/" alt="获奖证书"' in html
    inline = c.get(f"/review/applications/{app.pk}/attachments/{pdf.pk}/")
    assert inline.status_code == 200 and inline["Content-Type"] == "application/pdf"
    assert inline["X-Frame-Options"] == "SAMEORIGIN" and inline["X-Content-Type-Options"] == "nosniff"
    assert not inline["Content-Disposition"].startswith("attachment")
    assert b"".join(inline.streaming_content).startswith(b"%PDF-")
    assert c.get(f"/review/applications/{app.pk}/attachments/{photo.pk}/")["Content-Type"] == "image/jpeg"
    download = c.get(f"/review/applications/{app.pk}/attachments/{pdf.pk}/?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        AuditEvent.objects.filter(event="application_attachment_viewed", object_id=str(app.pk)).count() == 3
    )
    other = chain.new_application("王大海")
    assert c.get(f"/review/applications/{other.pk}/attachments/{pdf.pk}/").status_code == 404


def test_approval_decides_the_internal_publicity_from_the_locked_row_not_from_a_stale_copy(chain):
    """The employer's page was loaded while the file was back with the applicant (no stage); the applicant
    resubmits, so the file is at the employer's stage again when 通过 arrives with that stale copy. The
    internal 公示 is decided from the row as locked: required, and recorded beside the approval."""
    app = chain.new_application("胡小明")
    workflow.transition(application=app, action="return", actor=chain.employer_user, opinion="请补充业绩材料")
    stale = Application.objects.get(pk=app.pk)
    assert stale.current_stage is None
    workflow.transition(application=app, action="resubmit", actor=app.applicant)

    with pytest.raises(ReviewError, match="单位内部公示"):
        application_approve(application=stale, actor=chain.employer_user, opinion="同意推荐。")
    assert _unchanged(app)

    outcome = application_approve(
        application=stale, actor=chain.employer_user, opinion="同意推荐。", publicity=finished_publicity()
    )
    record = InternalPublicity.objects.get(application=app)
    assert record.history_id == outcome.history.pk and record.round == 2
    assert outcome.history.data["publicity"]["working_days"] == 5
