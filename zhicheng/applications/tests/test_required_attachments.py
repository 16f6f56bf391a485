# ruff: noqa: F811
"""提交 asks for an attachment only of those its notice asks it of (issue 14 §3)."""

import pytest

from tests.samples import pdf_bytes, upload
from zhicheng.applications import services
from zhicheng.applications.services import IncompleteApplication
from zhicheng.archive import services as archive_services
from zhicheng.plans.models import PlanAttachment


@pytest.fixture
def out_of_province_proof(plan):
    # seed 003 附件3 二5(2): 省外社保缴纳证明（仅适用于近1年内有省外社保缴纳记录的人员）
    return PlanAttachment.objects.create(
        plan=plan, order=9, name="省外社保缴纳证明", required=True, allowed_types=["pdf"], max_mb=5,
        condition="out_of_province_insurance", condition_years=1, clause="附件3 二5(2)",
    )  # fmt: skip


@pytest.mark.django_db
def test_in_province_applicant_submits_without_the_out_of_province_proof(ready, out_of_province_proof):
    services.application_submit(application=ready, actor=ready.applicant)
    ready.refresh_from_db()
    assert ready.status == "pending"


@pytest.mark.django_db
def test_out_of_province_contributions_require_the_proof_at_submission(
    ready, out_of_province_proof, employer_user
):
    entry = archive_services.entry_create(
        owner=ready.applicant, kind="social_insurance",
        data={"from": "2010-01", "city": "上海市", "province": "上海市", "current_employer": False},
    )  # fmt: skip
    archive_services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
    with pytest.raises(IncompleteApplication) as refused:
        services.application_submit(application=ready, actor=ready.applicant)
    assert "省外社保缴纳证明：未上传（近1年内有省外缴纳社保记录的人员须提供，依据：附件3 二5(2)）" in (
        refused.value.problems
    )
    services.attachment_upload(
        application=ready, actor=ready.applicant, requirement=out_of_province_proof,
        uploaded=upload("社保.pdf", pdf_bytes()),
    )  # fmt: skip
    services.application_submit(application=ready, actor=ready.applicant)


@pytest.mark.django_db
def test_paper_material_is_not_offered_for_upload(client, login, draft_app, plan):
    # seed 001 附件4: mailed by those who passed, after the review — not an upload.
    PlanAttachment.objects.create(
        plan=plan, order=8, name="带有水印的评审表一式1份（邮寄）", required=True, allowed_types=["pdf"],
        delivery="paper_after_pass",
    )  # fmt: skip
    login(draft_app.applicant)
    page = client.get(f"/applications/{draft_app.pk}/step/attachments/").content.decode()
    assert "学历证书" in page and "带有水印的评审表一式1份（邮寄）" not in page


@pytest.mark.django_db
def test_representative_work_is_one_of_the_papers_where_the_notice_says_so(ready, plan, archive):
    # seed 003 附件5 二9 (seed 001 附件2 二5(9), seed 002 附件2 二10): 著作、论文…需确定一篇代表作.
    plan.representative_is_writing = True
    plan.save(update_fields=["representative_is_writing"])
    with pytest.raises(IncompleteApplication) as refused:
        services.application_submit(application=ready, actor=ready.applicant)
    assert "代表作：请在所选的论文、著作、技术报告中确定一篇代表作" in refused.value.problems
    paper = archive["paper"].approved_version_id
    services.draft_entries_save(
        application=ready, actor=ready.applicant,
        version_ids=[archive["patent"].approved_version_id, paper], representative_id=paper,
    )  # fmt: skip
    services.application_submit(application=ready, actor=ready.applicant)
