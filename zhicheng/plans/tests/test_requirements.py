"""Required attachments per notice (issue 14 §3): each attachment row says of whom it is asked, and
提交 checks only what applies to the applicant, naming the attachment and the reason."""

from datetime import date

import pytest

from zhicheng.plans.models import PlanAttachment
from zhicheng.plans.requirements import ApplicantFacts, condition_holds, missing_attachments

TODAY = date(2022, 10, 1)


def row(condition="", years=None, delivery="upload", required=True, pk=1, name="材料", clause=""):
    return PlanAttachment(
        pk=pk, name=name, required=required, condition=condition, condition_years=years, delivery=delivery,
        clause=clause,
    )  # fmt: skip


@pytest.mark.parametrize(
    "condition, years, facts, expected",
    [
        # seed 001 附件2 二5(4), seed 002 四(五), seed 003 附件3 二5(2): only for 省外 contributions.
        ("out_of_province_insurance", None, ApplicantFacts(today=TODAY), False),
        (
            "out_of_province_insurance",
            None,
            ApplicantFacts(last_out_of_province_insurance=date(2010, 1, 31), today=TODAY),
            True,
        ),
        # seed 003 附件3 二5(2) "近1年内": a 省外 record 14 months ago is not asked about any more.
        (
            "out_of_province_insurance",
            1,
            ApplicantFacts(last_out_of_province_insurance=date(2021, 8, 31), today=TODAY),
            False,
        ),
        (
            "out_of_province_insurance",
            1,
            ApplicantFacts(last_out_of_province_insurance=date(2021, 10, 31), today=TODAY),
            True,
        ),
        # seed 002 四(五) "近三年内".
        (
            "out_of_province_insurance",
            3,
            ApplicantFacts(last_out_of_province_insurance=date(2019, 11, 30), today=TODAY),
            True,
        ),
        (
            "out_of_province_insurance",
            3,
            ApplicantFacts(last_out_of_province_insurance=date(2019, 8, 31), today=TODAY),
            False,
        ),
        # seed 002 附件2 二11, seed 003 附件3 二5(3): 事业单位 staff only.
        ("public_institution", None, ApplicantFacts(public_institution=True), True),
        ("public_institution", None, ApplicantFacts(public_institution=False), False),
        # seed 000 四(一)2, seed 001 附件2 二5(10): 破格 only.
        ("exceptional", None, ApplicantFacts(declaration_type="exceptional"), True),
        ("exceptional", None, ApplicantFacts(declaration_type="normal"), False),
        ("exceptional", None, ApplicantFacts(declaration_type="skip_level"), False),
        # seed 003 附件5 三5: the 《破格（越级）审批表》 is filled for 越级 as well.
        ("exceptional_or_skip_level", None, ApplicantFacts(declaration_type="skip_level"), True),
        ("exceptional_or_skip_level", None, ApplicantFacts(declaration_type="exceptional"), True),
        ("exceptional_or_skip_level", None, ApplicantFacts(declaration_type="normal"), False),
        # seed 001 附件2 二3(2): 技能人才 upload their evidence.
        ("skilled", None, ApplicantFacts(declaration_type="skilled"), True),
        ("skilled", None, ApplicantFacts(declaration_type="normal"), False),
        ("", None, ApplicantFacts(), True),
    ],
)
def test_attachment_condition_is_evaluated_against_the_application(condition, years, facts, expected):
    assert condition_holds(row(condition, years), facts) is expected


def test_missing_attachment_names_the_attachment_the_reason_and_the_clause():
    rows = [
        row("out_of_province_insurance", 1, pk=1, name="省外社保缴纳证明", clause="附件3 二5(2)"),
        row("public_institution", pk=2, name="事业单位人员职称申报岗位信息表"),
        row("", pk=3, name="累计4年现任专业技术职务资格聘书"),
    ]
    facts = ApplicantFacts(last_out_of_province_insurance=date(2022, 6, 30), today=TODAY)
    assert missing_attachments(rows, facts, uploaded_ids={3}) == [
        "省外社保缴纳证明：未上传（近1年内有省外缴纳社保记录的人员须提供，依据：附件3 二5(2)）"
    ]


def test_paper_materials_are_not_checked_at_submission():
    # seed 001 二3, 附件4: only those who passed mail the paper form, after the review.
    rows = [row("", delivery="paper_after_pass", name="带有水印的《专业技术职务任职资格评审表》一式1份"),
            row("", delivery="paper_at_interview", pk=2, name="纸质论文代表作1份")]  # fmt: skip
    assert missing_attachments(rows, ApplicantFacts(), uploaded_ids=set()) == []


def test_optional_attachment_is_never_demanded():
    assert missing_attachments([row(required=False)], ApplicantFacts(), uploaded_ids=set()) == []
