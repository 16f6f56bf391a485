"""诚信档案, revocation and paper certificates."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from zhicheng.certificates.models import Certificate, IntegrityRecord, PaperRequest
from zhicheng.certificates.selectors import integrity_bans_for, verify_by_number_and_name
from zhicheng.certificates.services import (
    CertificateError,
    integrity_record_create,
    paper_request_create,
    paper_request_mail,
)
from zhicheng.evaluation.models import CaseStatus
from zhicheng.notifications.models import Message


def test_fraud_revokes_the_title_and_bans_applying_for_three_years_from_the_next_year(
    certified, world, client
):
    found_on = timezone.localdate()
    record = integrity_record_create(
        actor=world.office,
        case=certified,
        kind="forged",
        description="经核查，申报所附获奖证书系伪造。",
        decided_on=found_on,
    )
    assert (record.ban_from_year, record.ban_until_year) == (found_on.year + 1, found_on.year + 3)
    certificate = Certificate.objects.get(case=certified)
    certified.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_on == found_on
    assert certified.status == CaseStatus.REVOKED
    result = verify_by_number_and_name(certificate.number, "胡小明")
    assert result.state == "revoked" and result.revoked_on == found_on
    body = client.get(
        "/certificates/verify/", {"number": certificate.number, "name": "胡小明"}
    ).content.decode()
    assert "证书已撤销" in body and f"{found_on.year}年{found_on.month}月{found_on.day}日" in body
    assert Message.objects.filter(
        recipient=certified.application.applicant, subject="职称资格已撤销"
    ).exists()


def test_integrity_bans_read_as_sanctions_for_the_eligibility_engine(certified, world):
    decided = date(timezone.localdate().year, 3, 5)
    integrity_record_create(
        actor=world.office,
        case=certified,
        kind="plagiarism",
        description="代表作论文剽窃他人成果，查证属实。",
        decided_on=decided,
    )
    (ban,) = integrity_bans_for(certified.application.applicant)
    assert ban["kind"] == "fraud" and ban["decided_on"] == decided.isoformat()
    assert (ban["ban_from_year"], ban["ban_until_year"]) == (decided.year + 1, decided.year + 3)
    # The eligibility engine's own criterion reads it as it reads any profile sanction.
    from zhicheng.eligibility.criteria import sanction_ban
    from zhicheng.eligibility.dates import parse_date

    parsed = {**ban, "decided_on": parse_date(ban["decided_on"]), "ends_on": parse_date(ban["ends_on"])}
    for year, refused in [(decided.year + 1, True), (decided.year + 3, True), (decided.year + 4, False)]:
        ctx = SimpleNamespace(as_of=date(year, 6, 1), sanctions=[parsed])
        verdict = sanction_ban({"kinds": ["fraud"], "years": 3}, ctx)
        assert (verdict.result != "met") == refused, (year, verdict)


def test_fraud_found_during_review_cancels_the_case(world):
    case = world.pay(world.case())
    integrity_record_create(
        actor=world.office,
        case=case,
        kind="concealed",
        description="任现职期间受行政处罚，申报材料未反映。",
        decided_on=timezone.localdate(),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    assert IntegrityRecord.objects.get().certificate is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "bogus"}, "失信情形：请从列表中选择"),
        ({"description": "伪造"}, "查实情况：请写明"),
        ({"decided_on": date.today() + timedelta(days=2)}, "认定日期：不能晚于今天"),
    ],
)
def test_an_integrity_record_needs_a_kind_facts_and_a_date(certified, world, kwargs, message):
    base = {
        "kind": "forged",
        "description": "经核查，申报所附获奖证书系伪造。",
        "decided_on": timezone.localdate(),
    }
    with pytest.raises(CertificateError, match=message):
        integrity_record_create(actor=world.office, case=certified, **{**base, **kwargs})
    assert not IntegrityRecord.objects.exists()
    assert Certificate.objects.get(case=certified).status == "valid"


def test_the_office_records_fraud_through_its_page(certified, world, as_user):
    client = as_user(world.office)
    response = client.post(
        "/certificates/office/integrity/",
        {
            "case": certified.pk,
            "kind": "fake_paper",
            "description": "论文发表于非法期刊，经核实。",
            "decided_on": timezone.localdate(),
        },
    )
    assert response.status_code == 302
    assert Certificate.objects.get(case=certified).status == "revoked"


def test_a_holder_asks_for_a_paper_certificate_and_the_office_mails_it(certified, world, as_user):
    certificate = certified.certificate
    holder = as_user(certified.application.applicant)
    body = holder.post(
        f"/certificates/{certificate.pk}/paper/",
        {"kind": "first", "recipient": "胡小明", "phone": "1391234", "address": "短", "postcode": "3250"},
    ).content.decode()
    for message in ("收件人手机号码：应为11位手机号码", "邮寄地址：请填写详细地址", "邮政编码：应为6位数字"):
        assert message in body
    assert not PaperRequest.objects.exists()
    ok = {
        "kind": "first",
        "recipient": "胡小明",
        "phone": "13912345678",
        "address": "温州市鹿城区学院中路276号",
        "postcode": "325000",
    }
    assert holder.post(f"/certificates/{certificate.pk}/paper/", ok).status_code == 302
    assert "已有一份待办理" in holder.post(f"/certificates/{certificate.pk}/paper/", ok).content.decode()
    request = PaperRequest.objects.get()
    office_page = as_user(world.office).get("/certificates/office/paper/").content.decode()
    assert "139****5678" in office_page and "13912345678" not in office_page
    with pytest.raises(CertificateError, match="EMS 邮件号"):
        paper_request_mail(
            request=request, actor=world.office, ems_number="123", mailed_on=timezone.localdate()
        )
    paper_request_mail(
        request=request, actor=world.office, ems_number="ea123456789cn", mailed_on=timezone.localdate()
    )
    request.refresh_from_db()
    assert (request.status, request.ems_number) == ("mailed", "EA123456789CN")
    sms = Message.objects.get(
        recipient=certified.application.applicant, channel="sms", subject="纸质证书已寄出"
    )
    assert "EA123456789CN" in sms.body
    assert "EA123456789CN" in holder.get("/certificates/").content.decode()


def test_a_reissue_needs_a_reason_and_a_revoked_certificate_cannot_be_reissued(certified, world):
    certificate = certified.certificate
    fields = {
        "recipient": "胡小明",
        "phone": "13912345678",
        "address": "温州市鹿城区学院中路276号",
        "postcode": "325000",
    }
    with pytest.raises(CertificateError, match="换发须说明原因"):
        paper_request_create(
            certificate=certificate, user=certified.application.applicant, kind="reissue", reason="", **fields
        )
    integrity_record_create(
        actor=world.office,
        case=certified,
        kind="forged",
        description="经核查，申报所附获奖证书系伪造。",
        decided_on=timezone.localdate(),
    )
    certificate.refresh_from_db()
    with pytest.raises(CertificateError, match="证书已撤销"):
        paper_request_create(
            certificate=certificate,
            user=certified.application.applicant,
            kind="reissue",
            reason="遗失",
            **fields,
        )
