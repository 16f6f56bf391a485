"""Employer onboarding: register → 委托证明 → upload → admin decision → applicant may choose the employer."""

import pytest
from pypdf import PdfReader

from tests.factories import PASSWORD, EmployerFactory, UserFactory
from tests.registration import prove_phone
from tests.samples import MALFORMED_PDF_UPLOADS, pdf_bytes, upload
from zhicheng.core.models import AuditEvent
from zhicheng.notifications.models import Message
from zhicheng.organizations import services
from zhicheng.organizations.models import Employer

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "温州新锐机电有限公司",
    "uscc": "91330302MA2AB12341",
    "nature": "私营企业和个体工商户",
    "region": "330302",
    "contact_name": "刘经办",
    "password1": "Good-Pass1",
    "password2": "Good-Pass1",
}


def test_employer_registers_and_downloads_its_authorization_letter(client, regions, sms_outbox):
    code = prove_phone(client, "/accounts/register/employer/", "13700000002", sms_outbox)
    response = client.post("/accounts/register/employer/", {**REGISTRATION, "code": code})
    assert response.status_code == 302 and response["Location"] == "/organizations/onboarding/"
    employer = Employer.objects.get(uscc="91330302MA2AB12341")
    assert employer.status == Employer.Status.AWAITING_LETTER
    letter = client.get("/documents/employer/authorization-letter.pdf")
    assert letter["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(letter.content)).pages)
    assert "温州新锐机电有限公司" in text and "91330302MA2AB12341" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("uscc", "91330302MA2AB12342", "统一社会信用代码校验未通过"),
        ("password2", "Other-Pass1", "两次输入的密码不一致"),
        ("nature", "国企", "有效的选项"),
    ],
)
def test_bad_registration_names_the_field_keeps_valid_input_and_stores_nothing(
    client, regions, field, value, message, sms_outbox
):
    code = prove_phone(client, "/accounts/register/employer/", "13700000002", sms_outbox)
    data = {**REGISTRATION, field: value, "code": code}
    response = client.post("/accounts/register/employer/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="温州新锐机电有限公司"' in body  # what was valid is kept
    assert not Employer.objects.exists()


def test_a_bad_phone_is_named_before_any_sms_is_sent(client, regions, sms_outbox):
    body = client.post(
        "/accounts/register/employer/", {"phone": "1380000", "send_code": "1"}
    ).content.decode()
    assert "手机号码应为 11 位数字" in body and sms_outbox == []


def test_upload_moves_employer_to_pending_and_tells_the_admins(employer_user, admin_user):
    employer = employer_user.organization.employer
    employer.status = Employer.Status.AWAITING_LETTER
    employer.save()
    services.employer_letter_upload(
        employer=employer, actor=employer_user, uploaded=upload("委托证明.pdf", pdf_bytes())
    )
    employer.refresh_from_db()
    assert employer.status == Employer.Status.PENDING
    assert employer.letter.name.startswith("employer-letters/") and "委托" not in employer.letter.name
    assert Message.objects.filter(recipient=admin_user, subject__contains="委托证明").exists()
    assert AuditEvent.objects.filter(event="employer_letter_uploaded", object_id=str(employer.pk)).exists()


@pytest.mark.parametrize("kind", sorted(MALFORMED_PDF_UPLOADS))
def test_malformed_letters_are_rejected_and_leave_no_file(kind, employer_user, settings, client):
    employer = employer_user.organization.employer
    employer.status = Employer.Status.AWAITING_LETTER
    employer.save()
    client.post("/accounts/login/", {"username": employer_user.phone, "password": PASSWORD})
    response = client.post(
        "/organizations/onboarding/",
        {"letter": upload("../../etc/passwd.pdf", MALFORMED_PDF_UPLOADS[kind]())},
    )
    assert response.status_code == 200
    assert "委托证明扫描件：" in response.content.decode()
    employer.refresh_from_db()
    assert employer.status == Employer.Status.AWAITING_LETTER and not employer.letter
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_oversized_letter_is_refused_with_the_limit(employer_user):
    employer = employer_user.organization.employer
    big = pdf_bytes() + b"%" + b"0" * (10 * 1024 * 1024)
    with pytest.raises(Exception, match="不能超过 10.0 MB"):
        services.employer_letter_upload(
            employer=employer, actor=employer_user, uploaded=upload("big.pdf", big)
        )


def _pending(employer_user):
    employer = employer_user.organization.employer
    employer.status = Employer.Status.AWAITING_LETTER
    employer.save()
    return services.employer_letter_upload(
        employer=employer, actor=employer_user, uploaded=upload("l.pdf", pdf_bytes())
    )


def test_admin_approval_notifies_the_employer_by_sms_and_message_centre(
    employer_user, admin_user, django_capture_on_commit_callbacks
):
    employer = _pending(employer_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.employer_approve(employer=employer, actor=admin_user)
    employer.refresh_from_db()
    assert employer.status == Employer.Status.APPROVED and employer.reviewed_by == admin_user
    sms = Message.objects.get(recipient=employer_user, channel="sms")
    assert sms.body.startswith("【12333】") and "审核通过" in sms.body and sms.status == "sent"
    assert Message.objects.filter(recipient=employer_user, channel="inapp").exists()
    assert AuditEvent.objects.filter(event="employer_approved", actor=admin_user).exists()


def test_rejection_needs_a_reason_and_is_reported(employer_user, admin_user):
    employer = _pending(employer_user)
    with pytest.raises(ValueError, match="不通过原因"):
        services.employer_reject(employer=employer, actor=admin_user, reason="  ")
    services.employer_reject(employer=employer, actor=admin_user, reason="公章不清晰")
    employer.refresh_from_db()
    assert employer.status == Employer.Status.REJECTED and employer.reject_reason == "公章不清晰"
    assert "公章不清晰" in Message.objects.get(recipient=employer_user, channel="sms").body


def test_approving_twice_is_refused(employer_user, admin_user):
    employer = _pending(employer_user)
    services.employer_approve(employer=employer, actor=admin_user)
    with pytest.raises(ValueError, match="待平台审核"):
        services.employer_approve(employer=employer, actor=admin_user)
    assert AuditEvent.objects.filter(event="employer_approved").count() == 1


def test_only_admins_reach_the_review_pages(client, login, employer_user, applicant):
    login(employer_user)
    assert client.get("/organizations/review/").status_code == 403
    other = EmployerFactory()
    assert client.get(f"/organizations/review/{other.pk}/letter/").status_code == 404
    assert AuditEvent.objects.filter(event="access_denied", actor=employer_user).exists()


def test_applicant_cannot_choose_a_pending_employer_and_is_told_why(client, login, regions):
    pending = EmployerFactory(status=Employer.Status.PENDING, organization__name="温州待审机械厂")
    approved = EmployerFactory(organization__name="温州已审机械厂")
    applicant = UserFactory()
    login(applicant)
    search = client.get("/organizations/employers/search/", {"q": "温州"}).content.decode()
    assert "尚未通过平台认证" in search and f'data-pick-employer="{approved.pk}"' in search
    assert f'data-pick-employer="{pending.pk}"' not in search
    refused = client.post("/archive/personal/", {"employer": pending.pk, "department": "技术部"})
    assert "尚未通过平台认证" in refused.content.decode()
    assert 'value="技术部"' in refused.content.decode()
    accepted = client.post("/archive/personal/", {"employer": approved.pk, "department": "技术部"})
    assert accepted.status_code == 302
    applicant.personal_info.refresh_from_db()
    assert applicant.personal_info.employer == approved
    assert (
        str(applicant.personal_info.birth_date)
        == f"19{applicant.id_number[8:10]}-{applicant.id_number[10:12]}-{applicant.id_number[12:14]}"
    )
