"""Issue 17 §5: after a return, both the applicant (before 重新提交) and the reviewer (after it) see
what changed — fields, achievements picked, archive versions, attachments and the 述职 text."""

from tests.builders import ACHIEVEMENT, INFO
from tests.samples import pdf_bytes, upload
from zhicheng.applications import services, workflow
from zhicheng.applications.selectors import changes_since_return, text_diff
from zhicheng.archive import services as archive_services


def _return(app, employer_user):
    services.application_submit(application=app, actor=app.applicant)
    app.refresh_from_db()
    workflow.transition(application=app, action="return", actor=employer_user, opinion="请补充劳动合同扫描件")
    app.refresh_from_db()


def _edit_everything(app, archive, plan, intake, employer_user):
    services.draft_info_save(
        application=app,
        actor=app.applicant,
        data={
            **INFO,
            "intake_department": intake,
            "administrative_post": "车间主任",
            "self_statement": "任现职以来，主持完成阀门密封结构设计与试验。\n取得发明专利一项。",
        },
    )
    patent = archive["patent"]
    archive_services.entry_update(
        entry=patent, actor=app.applicant, data={**ACHIEVEMENT, "title": "一种阀门密封结构（修订）"}
    )
    patent.refresh_from_db()
    archive_services.entry_version_approve(version=patent.latest_version_id, actor=employer_user)
    patent.refresh_from_db()
    services.draft_entries_save(
        application=app, actor=app.applicant, version_ids=[patent.approved_version_id], representative_id=patent.approved_version_id
    )  # fmt: skip
    requirement = plan.attachments.first()
    services.attachment_upload(
        application=app, actor=app.applicant, requirement=requirement, uploaded=upload("劳动合同.pdf", pdf_bytes(2))
    )  # fmt: skip
    return requirement


def test_a_file_never_returned_has_no_changes(ready):
    services.application_submit(application=ready, actor=ready.applicant)
    ready.refresh_from_db()
    assert changes_since_return(ready) is None


def test_applicant_sees_each_kind_of_change_before_resubmitting_and_the_reviewer_after(
    client, login, ready, employer_user, archive, plan, intake
):
    _return(ready, employer_user)
    login(ready.applicant)
    unchanged = client.get(f"/applications/{ready.pk}/step/preview/").content.decode()
    assert "退回后您所作的修改" in unchanged and "您尚未作任何修改" in unchanged

    requirement = _edit_everything(ready, archive, plan, intake, employer_user)
    changes = changes_since_return(ready)
    assert changes.returned.opinion == "请补充劳动合同扫描件"
    assert [(f.label, f.before, f.after) for f in changes.fields] == [("行政职务", "无", "车间主任")]
    kinds = [what for what, _ in changes.entries]
    assert kinds == ["档案更新（第 1 版 → 第 2 版）", "移除"]
    assert "修订" in changes.entries[0][1]
    assert changes.attachments == [("已替换", f"{requirement.name}（原 学历证书.pdf → 现 劳动合同.pdf）")]
    assert ("del", "实用新型") in changes.statement_before and ("ins", "发明") in changes.statement_after

    preview = client.get(f"/applications/{ready.pk}/step/preview/").content.decode()
    for text in ("请补充劳动合同扫描件", "车间主任", "第 1 版 → 第 2 版", "已替换", "<ins>发明</ins>"):
        assert text in preview

    ready.refresh_from_db()
    response = client.post(f"/applications/{ready.pk}/submit/", {"version": ready.version})
    assert response.status_code == 302
    client.logout()
    login(employer_user)
    page = client.get(f"/review/applications/{ready.pk}/").content.decode()
    assert "退回后申报人所作的修改" in page
    for text in (
        "请补充劳动合同扫描件",
        "车间主任",
        "移除",
        "已替换",
        "<del>实用新型</del>",
        "<ins>发明</ins>",
    ):
        assert text in page


def test_the_statement_diff_works_on_chinese_characters_and_latin_words():
    before, after = text_diff("完成 GB50016 校核，效果良好", "完成 GB50017 校核，效果很好")
    assert ("del", "GB50016") in before and ("ins", "GB50017") in after
    assert ("del", "良") in before and ("ins", "很") in after
    assert "".join(t for _, t in before) == "完成 GB50016 校核，效果良好"
