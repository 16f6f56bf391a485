"""Forms an office accepts (issue 14 §4): each document as its notice describes it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from zhicheng.applications.models import Application, ApplicationEntry
from zhicheng.archive.models import PersonalInfo
from zhicheng.documents import pdf, permissions, sources
from zhicheng.documents.data import exceptional_form_title

from .conftest import approve, approve_at_employer

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def test_review_form_carries_the_plans_watermark_and_copies_on_its_cover(submitted, applicant):
    # seed 003 附件5 一2: 带有“…管理服务平台”水印, A3纸正反面打印后中缝装订, 一式2份.
    plan = submitted.plan
    plan.watermark = "浙江省专业技术任职资格申报与评审管理服务平台"
    plan.review_form_copies, plan.review_form_paper = 2, "A3"
    plan.save()
    data = sources.review_form_data(submitted, viewer=applicant)
    view = pdf.review_form_view(data)
    assert view["watermark"] == "浙江省专业技术任职资格申报与评审管理服务平台"
    cover = PdfReader(io.BytesIO(pdf.review_form_pdf(data))).pages[0].extract_text()
    assert "一式2份，A3纸正反面打印后中缝装订" in re.sub(r"\s+", "", cover)


def test_seed_001_plan_watermark_is_the_management_platform(submitted, applicant):
    # seed 001 附件2 二8 and 附件4 1: “浙江省专业技术任职资格申报与评审管理平台”.
    submitted.plan.watermark = "浙江省专业技术任职资格申报与评审管理平台"
    submitted.plan.review_form_copies = 1
    submitted.plan.save()
    view = pdf.review_form_view(sources.review_form_data(submitted, viewer=applicant))
    assert view["watermark"] == "浙江省专业技术任职资格申报与评审管理平台"
    assert view["print_note"] == "一式1份，A4纸打印"


def test_applicant_prints_the_form_only_after_the_employer_approves_when_the_notice_says_so(
    submitted, applicant, people
):
    # seed 003 附件5 一2 注: 应在用人单位网上审核同意后，申报人员自行下载打印.
    submitted.plan.review_form_after = "employer_approved"
    submitted.plan.save()
    assert not permissions.can_download_review_form(applicant, submitted)
    assert permissions.can_download_review_form(people.employer_user, submitted)  # reviewers read it
    approve_at_employer(submitted, people.employer_user)
    submitted.refresh_from_db()
    assert permissions.can_download_review_form(applicant, submitted)


def test_applicant_prints_the_form_only_after_the_qualification_check_when_the_notice_says_so(
    submitted, applicant, people, client, login
):
    # seed 001 附件2 二8: 经中评委办公室资格审核通过后，申报人员导出带水印的评审表.
    submitted.plan.review_form_after = "qualified"
    submitted.plan.save()
    approve_at_employer(submitted, people.employer_user)
    approve(submitted, people.county_user, "同意。")
    submitted.refresh_from_db()
    assert not permissions.can_download_review_form(applicant, submitted)
    approve(submitted, people.city_user, "同意。")
    approve(submitted, people.office_user, "资格审查通过。")
    submitted.refresh_from_db()
    assert permissions.can_download_review_form(applicant, submitted)


def test_review_form_lists_papers_and_books_with_the_representative_work_marked(
    submitted, applicant, archive
):
    # seed 003 附件5 二9, seed 001 附件2 二5(9): 任现职以来的著作、论文…需确定一篇代表作.
    ApplicationEntry.objects.filter(application=submitted, automatic=False).update(representative=False)
    ApplicationEntry.objects.filter(application=submitted, version__entry=archive["paper"]).update(
        representative=True
    )
    data = sources.review_form_data(submitted, viewer=applicant)
    view = pdf.review_form_view(data)
    assert [(w["title"], w["representative"]) for w in view["writings"]] == [("阀门密封性能试验研究", "★")]
    text = text_of(pdf.review_form_pdf(data))
    assert "论文、著作（★为代表作）" in text and "论文（代表作）" in text


def test_personal_information_reaches_the_review_form_and_the_roster(qualified, applicant):
    # seed 003 附件7 注9 (外语/计算机: 合格 or 省线合格); the 评审表's 民族 and 政治面貌.
    PersonalInfo.objects.filter(user=applicant).update(
        ethnicity="汉族", political_status="中共党员", foreign_language="省线合格", computer="合格"
    )
    data = sources.review_form_data(qualified, viewer=applicant)
    assert (data.applicant.ethnicity, data.applicant.political_status) == ("汉族", "中共党员")
    assert (data.foreign_language, data.computer) == ("省线合格", "合格")
    (row,) = list(sources.roster_rows(qualified.plan))
    assert (row.foreign_language, row.computer, row.postcode) == ("省线合格", "合格", "325000")


def test_skip_level_applicant_gets_the_exceptional_or_skip_level_approval_form(exceptional, applicant):
    # seed 003 附件5 三5: 《破格（越级）审批表》 is filled for 越级 as well.
    Application.objects.filter(pk=exceptional.pk).update(declaration_type="skip_level")
    exceptional.refresh_from_db()
    assert permissions.can_download_exceptional_approval(applicant, exceptional)
    data = sources.exceptional_approval_data(exceptional)
    assert data.title == "破格（越级）推荐中级专业技术资格审批表"
    assert "破格（越级）推荐中级专业技术资格审批表" in text_of(pdf.exceptional_approval_pdf(data))


@pytest.mark.parametrize(
    "level, declaration, title",
    [
        ("intermediate", "exceptional", "破格推荐中级专业技术资格审批表"),  # seed 003 附件9
        ("intermediate", "skip_level", "破格（越级）推荐中级专业技术资格审批表"),  # seed 003 附件5 三5
        ("associate_senior", "exceptional", "破格推荐高级专业技术资格审批表"),  # seed 002: the senior plan
    ],
)
def test_the_approval_form_is_titled_for_its_level_and_declaration(level, declaration, title):
    assert exceptional_form_title(level, declaration) == title


def test_normal_applicant_has_no_approval_form(submitted, applicant):
    assert not permissions.can_download_exceptional_approval(applicant, submitted)


def test_applicant_is_told_when_the_form_opens_rather_than_shown_a_404(submitted, applicant, client, login):
    # seed 003 附件5 一2 注: the form is downloaded after the employer's approval.
    submitted.plan.review_form_after = "employer_approved"
    submitted.plan.save()
    login(applicant)
    page = client.get(f"/documents/applications/{submitted.pk}/")
    assert page.status_code == 200
    assert "用人单位审核通过后" in page.content.decode()
    assert client.get(f"/documents/applications/{submitted.pk}/review-form.pdf").status_code == 404


def test_a3_plan_serves_the_booklet_by_default(submitted, applicant, client, login):
    # seed 003 附件5 一2: A3纸正反面打印后中缝装订 — the form opens as the A3 booklet.
    submitted.plan.review_form_paper = "A3"
    submitted.plan.save()
    login(applicant)
    content = client.get(f"/documents/applications/{submitted.pk}/review-form.pdf").content
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert round(float(box.width)) > round(float(box.height))  # A3 landscape sheet, two A4 pages
