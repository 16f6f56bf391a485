"""Direct downloads and in-browser previews: who gets which document, masked or in full,
and what the audit log records. Anything out of scope answers 404 (SECURITY.md 6)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from zhicheng.core.models import AuditEvent
from zhicheng.documents.models import MailingInstructions
from zhicheng.review import services as review_services

from .conftest import approve_at_employer

pytestmark = pytest.mark.django_db

FULL_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    )


def review_form_url(application, **query) -> str:
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/documents/applications/{application.pk}/review-form.pdf" + (f"?{suffix}" if suffix else "")


def masked(id_number: str) -> str:
    return id_number[:3] + "*" * 11 + id_number[-4:]


# --------------------------------------------------------------------------- 评审表


def test_applicant_reads_their_own_form_inline_with_the_full_id(login, submitted, applicant):
    response = login(applicant).get(review_form_url(submitted))
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "no-store, private"
    text = pdf_text(response)
    assert "胡小明" in text and applicant.id_number in text
    # The applicant's own copy is not an audited reveal or export.
    assert not AuditEvent.objects.filter(event__in=("id_number_viewed", "export_made")).exists()


def test_download_is_an_attachment(login, submitted, applicant):
    response = login(applicant).get(review_form_url(submitted, download=1))
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_no_form_before_submission(login, ready, applicant):
    assert login(applicant).get(review_form_url(ready)).status_code == 404


@pytest.mark.parametrize("who", ["employer_user", "county_user", "city_user", "office_user", "hr_user"])
def test_every_reviewer_of_the_file_reads_it_with_the_id_masked(login, qualified, applicant, people, who):
    text = pdf_text(login(getattr(people, who)).get(review_form_url(qualified)))
    assert "胡小明" in text
    assert masked(applicant.id_number) in text
    assert not FULL_ID.search(text)
    assert not AuditEvent.objects.filter(event="id_number_viewed").exists()


@pytest.mark.parametrize(
    "who", ["other_employer_user", "other_department_user", "other_office_user", "expert", "other_applicant"]
)
def test_outsiders_get_404_for_every_document_of_the_file(login, qualified, people, who):
    client = login(getattr(people, who))
    for url in (
        review_form_url(qualified),
        review_form_url(qualified, variant="publicity"),
        f"/documents/applications/{qualified.pk}/exceptional-approval.pdf",
        f"/documents/applications/{qualified.pk}/mailing-checklist.pdf",
        f"/documents/applications/{qualified.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_department_sees_the_file_only_once_it_reached_it(login, submitted, people):
    client = login(people.county_user)
    assert client.get(review_form_url(submitted)).status_code == 404  # still at the employer
    approve_at_employer(submitted, people.employer_user)
    assert client.get(review_form_url(submitted)).status_code == 200


def test_committee_office_may_reveal_the_full_id_and_the_reveal_is_audited(
    login, qualified, applicant, people
):
    client = login(people.office_user)
    assert applicant.id_number not in pdf_text(client.get(review_form_url(qualified)))
    text = pdf_text(client.get(review_form_url(qualified, reveal=1)))
    assert applicant.id_number in text and applicant.phone in text
    event = AuditEvent.objects.get(event="id_number_viewed")
    assert event.actor == people.office_user and event.object_id == str(applicant.pk)


def test_other_reviewers_cannot_reveal(login, qualified, applicant, people):
    text = pdf_text(login(people.county_user).get(review_form_url(qualified, reveal=1)))
    assert applicant.id_number not in text and masked(applicant.id_number) in text
    assert not AuditEvent.objects.filter(event="id_number_viewed").exists()


def test_a_reviewers_download_is_an_audited_export(login, qualified, people):
    login(people.employer_user).get(review_form_url(qualified, download=1))
    event = AuditEvent.objects.get(event="export_made")
    assert event.actor == people.employer_user
    assert event.data == {"kind": "review_form", "rows": 1}
    assert event.object_id == str(qualified.pk)


def test_a3_variant_is_landscape_a3_and_publicity_variant_masks_even_for_the_applicant(
    login, submitted, applicant
):
    client = login(applicant)
    a3 = PdfReader(io.BytesIO(client.get(review_form_url(submitted, variant="a3")).content))
    box = a3.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)
    text = pdf_text(client.get(review_form_url(submitted, variant="publicity")))
    assert masked(applicant.id_number) in text and applicant.id_number not in text
    assert applicant.phone not in text and "公示" in text


# --------------------------------------------------------------------------- 破格审批表, 邮寄清单


def test_exceptional_form_only_for_exceptional_applications(login, submitted, applicant):
    assert (
        login(applicant).get(f"/documents/applications/{submitted.pk}/exceptional-approval.pdf").status_code
        == 404
    )


def test_exceptional_form_for_the_applicant_and_the_employer(login, exceptional, applicant, people):
    url = f"/documents/applications/{exceptional.pk}/exceptional-approval.pdf"
    assert "破格推荐中级专业技术资格审批表" in pdf_text(login(applicant).get(url))
    assert "主持完成的阀门密封结构" in pdf_text(login(people.employer_user).get(url))
    assert login(people.other_employer_user).get(url).status_code == 404


def test_mailing_checklist_appears_once_the_office_sets_the_address(login, submitted, applicant, people):
    url = f"/documents/applications/{submitted.pk}/mailing-checklist.pdf"
    assert login(applicant).get(url).status_code == 404
    page = login(applicant).get(f"/documents/applications/{submitted.pk}/?show=mailing_checklist")
    assert "尚未公布纸质材料邮寄地址" in page.content.decode()

    office = login(people.office_user)
    settings_url = f"/documents/plans/{submitted.plan_id}/mailing/"
    assert office.get(settings_url).status_code == 200
    bad = office.post(settings_url, {"address": "", "recipient": "", "phone": "", "review_form_copies": "0"})
    assert bad.status_code == 200 and "邮寄地址" in bad.content.decode()
    response = office.post(
        settings_url,
        {
            "address": "温州市鹿城区府前街1号人才开发科",
            "recipient": "李小军",
            "phone": "0577-86106880",
            "review_form_copies": "2",
            "a3_booklet": "on",
            "extra_items": "",
            "notes": "只有评审通过人员才需邮寄，可以单位统一邮寄。",
        },
    )
    assert response.status_code == 302
    assert MailingInstructions.objects.get(plan=submitted.plan).updated_by == people.office_user
    assert AuditEvent.objects.filter(event="mailing_instructions_saved", actor=people.office_user).exists()

    text = pdf_text(login(applicant).get(url))
    assert "温州市鹿城区府前街1号人才开发科" in text and "一式2份" in text and applicant.phone in text
    # The applicant's own document: the employer does not get it.
    assert login(people.employer_user).get(url).status_code == 404


def test_only_the_plans_office_sets_the_mailing_address(login, submitted, people):
    url = f"/documents/plans/{submitted.plan_id}/mailing/"
    for who in (people.other_office_user, people.county_user, people.employer_user):
        assert login(who).get(url).status_code == 404


# --------------------------------------------------------------------------- pages


def test_application_page_offers_the_viewer_and_the_forms_the_reader_may_get(
    login, exceptional, applicant, people
):
    page = login(applicant).get(f"/documents/applications/{exceptional.pk}/").content.decode()
    assert f'data-pdf-src="/documents/applications/{exceptional.pk}/review-form.pdf?variant=a4"' in page
    assert "破格推荐中级专业技术资格审批表" in page and "邮寄纸质材料清单" in page
    assert "显示完整号码" not in page  # the applicant's copy is full already

    reviewer = login(people.employer_user).get(f"/documents/applications/{exceptional.pk}/").content.decode()
    assert "邮寄纸质材料清单" not in reviewer and "显示完整号码" not in reviewer
    page = login(people.employer_user).get(
        f"/documents/applications/{exceptional.pk}/?show=exceptional_approval"
    )
    assert (
        f'data-pdf-src="/documents/applications/{exceptional.pk}/exceptional-approval.pdf"'
        in page.content.decode()
    )


def test_office_page_offers_the_reveal_link(login, qualified, people):
    page = (
        login(people.office_user).get(f"/documents/applications/{qualified.pk}/?variant=a3").content.decode()
    )
    assert "显示完整号码" in page and "variant=a3&amp;reveal=1" in page


def test_anonymous_visitors_are_sent_to_login(client, submitted):
    response = client.get(review_form_url(submitted))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- documents of a plan


def test_employer_publicity_sheet_for_its_own_staff(login, submitted, people):
    client = login(people.employer_user)
    page = client.get(f"/documents/plans/{submitted.plan_id}/").content.decode()
    assert (
        "单位内部公示表" in page
        and f'data-pdf-src="/documents/plans/{submitted.plan_id}/employer-publicity.pdf"' in page
    )
    response = client.post(
        f"/documents/plans/{submitted.plan_id}/employer-publicity/settings/",
        {"start": "2026-12-01", "contact_department": "公司人力资源部", "contact_phone": "0577-88886666"},
    )
    assert response.status_code == 302
    text = pdf_text(client.get(f"/documents/plans/{submitted.plan_id}/employer-publicity.pdf"))
    assert "胡小明" in text and "一种阀门密封结构" in text
    assert "2026年12月1日至2026年12月7日" in text and "公司人力资源部" in text and "0577-88886666" in text
    assert not AuditEvent.objects.filter(event="export_made").exists()  # viewing is not exporting
    client.get(f"/documents/plans/{submitted.plan_id}/employer-publicity.pdf?download=1")
    assert AuditEvent.objects.get(event="export_made").data == {"kind": "employer_publicity", "rows": 1}


def test_employer_publicity_is_refused_to_everyone_else(login, submitted, people):
    url = f"/documents/plans/{submitted.plan_id}/employer-publicity.pdf"
    for who in (people.other_employer_user, people.county_user, people.office_user, people.expert):
        assert login(who).get(url).status_code == 404


def test_delegation_letter_for_the_department_that_sent_the_file_on(login, qualified, people):
    url = f"/documents/plans/{qualified.plan_id}/delegation-letter.pdf"
    text = pdf_text(login(people.county_user).get(url))
    assert "专业技术资格委托评审书" in text and "鹿城区人力资源和社会保障局" in text and "胡小明" in text
    assert not FULL_ID.search(text)
    for who in (people.other_department_user, people.expert, people.other_applicant):
        assert login(who).get(url).status_code == 404


def test_committee_publicity_sheet_has_the_public_columns_only(login, qualified, applicant, people):
    from django.utils import timezone

    publicity = review_services.publicity_open(
        actor=people.office_user,
        plan=qualified.plan,
        start=timezone.localdate(),
        contact="联系电话 0577-86591590",
    )
    url = f"/documents/publicity/{publicity.pk}/sheet.pdf"
    text = pdf_text(login(people.office_user).get(url))
    assert "胡小明" in text and "资格审查" in text and "0577-86591590" in text
    assert not FULL_ID.search(text) and applicant.phone not in text
    for who in (people.other_office_user, people.employer_user, people.county_user, applicant):
        assert login(who).get(url).status_code == 404
    plan_page = login(people.office_user).get(f"/documents/plans/{qualified.plan_id}/").content.decode()
    assert url in plan_page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "office_user",
            ["评委会评审对象资格审查花名册（Excel）", "申报计划全部评审表（ZIP）", "纸质材料邮寄"],
        ),
        # seed 003 附件7 注1, 附件5 一1: the 委托单位 (employer or 主管部门) compiles its own 花名册.
        ("county_user", ["申报计划全部评审表（ZIP）", "专业技术资格委托评审书", "本单位推荐人员花名册"]),
        (
            "employer_user",
            ["单位内部公示表", "本单位申报人员的评审表", "专业技术资格委托评审书", "本单位推荐人员花名册"],
        ),
    ],
)
def test_plan_page_offers_what_each_role_may_do(login, qualified, people, who, expected):
    page = login(getattr(people, who)).get(f"/documents/plans/{qualified.plan_id}/").content.decode()
    for text in expected:
        assert text in page, text
    if who != "office_user":
        assert "评委会评审对象资格审查花名册" not in page


@pytest.mark.parametrize(
    "who", ["other_office_user", "other_department_user", "other_employer_user", "expert", "hr_user"]
)
def test_plan_page_is_404_outside_the_plan(login, qualified, people, who):
    assert login(getattr(people, who)).get(f"/documents/plans/{qualified.plan_id}/").status_code == 404


def test_no_full_id_in_any_document_a_reviewer_reads(login, exceptional, applicant, people):
    """SECURITY.md 13: crawl what the employer and a department may open; no full ID anywhere."""
    approve_at_employer(exceptional, people.employer_user)
    for who in (people.employer_user, people.county_user):
        client = login(who)
        for url in (
            review_form_url(exceptional),
            review_form_url(exceptional, variant="a3"),
            review_form_url(exceptional, variant="publicity"),
            f"/documents/applications/{exceptional.pk}/exceptional-approval.pdf",
        ):
            text = pdf_text(client.get(url))
            assert applicant.id_number not in text and applicant.phone not in text, url
            assert not FULL_ID.search(text), url
