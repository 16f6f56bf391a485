"""From the platform's records to the documents: real applications, opened with pypdf/openpyxl."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from tests.factories import UserFactory
from zhicheng.applications import services as application_services
from zhicheng.applications.models import Application, ApplicationEntry, Status, WizardDraft
from zhicheng.archive import services as archive_services
from zhicheng.archive.models import PersonalInfo
from zhicheng.documents import pdf, roster, sources
from zhicheng.documents.data import DEFAULT_PLATFORM_NAME
from zhicheng.plans.models import PlanStage
from zhicheng.review import services as review_services

from .conftest import SELF_STATEMENT, approve_at_employer

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts"


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def form_text(application, viewer, **render) -> str:
    data = sources.review_form_data(application, viewer=viewer)
    return squash("".join(pages_text(pdf.review_form_pdf(data, **render))))


# --------------------------------------------------------------------------- 评审表


def test_review_form_prints_the_applicant_the_pinned_achievements_and_the_self_statement(
    qualified, applicant
):
    text = form_text(qualified, applicant)
    for expected in (
        "胡小明",
        "2026年度",
        qualified.employer.organization.name,
        "私营企业和个体工商户",
        "浙江工业大学",
        "机械工程",
        "助理工程师（机械）",
        "一种阀门密封结构",  # the patent and the paper picked in 选择相关业绩
        "阀门密封性能试验研究",
        "实用新型专利",
        squash(SELF_STATEMENT),
        "工程师（中级）",
    ):
        assert expected in text, expected


def test_review_form_prints_each_stage_with_its_organisation_opinion_date_and_the_publicity(
    qualified, applicant
):
    data = sources.review_form_data(qualified, viewer=applicant)
    by_title = {o.title: o for o in data.opinions}
    assert list(by_title) == [
        "所在单位意见",
        "县（市、区）主管部门意见",
        "市级主管部门意见",
        "评委会办公室资格审查意见",
        "评审委员会评审意见",
        "人力社保部门审批意见",
    ]
    employer = by_title["所在单位意见"]
    assert employer.organisation == qualified.employer.organization.name
    assert employer.decided_on == timezone.localdate()
    assert employer.publicity is not None and employer.publicity.result == "无异议"
    assert by_title["县（市、区）主管部门意见"].organisation == "鹿城区人力资源和社会保障局"
    assert by_title["市级主管部门意见"].opinion == "同意推荐至评审委员会。"
    # Not voted on yet: the committee's box is left to fill by hand.
    assert by_title["评审委员会评审意见"].votes is None
    text = squash("".join(pages_text(pdf.review_form_pdf(data))))
    start, end = employer.publicity.start, employer.publicity.end
    assert (
        f"经公示（{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日），无异议"
        in text
    )
    assert "经审查，同意推荐。" in text and "温州市人力资源和社会保障局" in text and "资格审查通过。" in text


def test_review_form_has_the_platform_watermark_on_every_page(qualified, applicant):
    data = sources.review_form_data(qualified, viewer=applicant)
    for layout in ("A4", "A3"):
        texts = pages_text(pdf.review_form_pdf(data, layout=layout))
        assert len(texts) >= 2
        for number, text in enumerate(texts, start=1):
            assert text.count(DEFAULT_PLATFORM_NAME) >= 3, f"{layout} page {number}"


def test_review_form_embeds_the_photo_uploaded_in_the_wizard(qualified, applicant):
    data = sources.review_form_data(qualified, viewer=applicant)
    with WizardDraft.objects.get(application=qualified).photo.open("rb") as fh:
        assert data.applicant.photo == fh.read()
    reader = PdfReader(io.BytesIO(pdf.review_form_pdf(data)))
    images = [img for page in reader.pages for img in page.images]
    assert images, "the photo is in the PDF"


def test_review_form_masks_the_id_unless_the_caller_reveals_it(qualified, applicant, people):
    full = applicant.id_number
    masked = full[:3] + "*" * 11 + full[-4:]
    reviewer_copy = form_text(qualified, people.county_user)
    assert masked in reviewer_copy and full not in reviewer_copy
    assert full in form_text(qualified, applicant, reveal_identifiers=True)


def test_review_form_data_refuses_a_viewer_who_may_not_read_the_file(qualified, people):
    for outsider in (
        people.other_employer_user,
        people.other_department_user,
        people.expert,
        people.other_applicant,
    ):
        with pytest.raises(Application.DoesNotExist):
            sources.review_form_data(qualified, viewer=outsider)


def test_review_form_keeps_the_versions_pinned_at_submission(submitted, applicant, archive, employer_user):
    entry = archive["patent"]
    changed = {**entry.approved_version.data, "title": "一种改进后的阀门密封结构"}
    version = archive_services.entry_update(entry=entry, actor=applicant, data=changed)
    archive_services.entry_version_approve(version=version.pk, actor=employer_user)
    text = form_text(submitted, applicant)
    assert "一种阀门密封结构" in text and "一种改进后的阀门密封结构" not in text


def test_stages_not_reached_yet_are_blank_boxes_with_the_organisation_holding_the_file(
    submitted, applicant, people
):
    approve_at_employer(submitted, people.employer_user)
    data = sources.review_form_data(submitted, viewer=applicant)
    employer, county, city, office = data.opinions[:4]
    assert employer.opinion and employer.decided_on
    assert (county.opinion, county.decided_on) == ("", None)
    assert county.organisation == "鹿城区人力资源和社会保障局"  # where the file is now
    assert (city.opinion, office.opinion) == ("", "")


def test_a_return_clears_the_boxes_that_must_be_decided_again(submitted, applicant, people):
    approve_at_employer(submitted, people.employer_user)
    submitted.refresh_from_db()
    review_services.application_return(
        application=submitted, actor=people.county_user, reason="请补充2023年度继续教育证明。"
    )
    submitted.refresh_from_db()
    application_services.application_submit(application=submitted, actor=applicant)
    data = sources.review_form_data(submitted, viewer=applicant)
    # The plan resumes at the returning stage: the employer's decision stands, the county's is to come.
    assert data.opinions[0].opinion.startswith("经审核")
    assert data.opinions[1].opinion == ""


def test_a_rejection_is_printed_as_such(submitted, applicant, people):
    approve_at_employer(submitted, people.employer_user)
    submitted.refresh_from_db()
    review_services.application_reject(
        application=submitted, actor=people.county_user, reason="业绩不在申报专业领域。"
    )
    submitted.refresh_from_db()
    data = sources.review_form_data(submitted, viewer=applicant)
    assert data.opinions[1].opinion == "审核不通过：业绩不在申报专业领域。"


def test_the_committee_vote_and_the_hr_decision_come_from_the_evaluation(qualified, applicant, people):
    tally_for(qualified, people, members=9, present=7, yes=6, no=1)
    data = sources.review_form_data(qualified, viewer=applicant)
    committee = next(o for o in data.opinions if o.kind == "committee")
    assert committee.votes is not None
    assert (committee.votes.members, committee.votes.present, committee.votes.approve) == (9, 7, 6)
    assert committee.conclusion == "通过"
    text = squash("".join(pages_text(pdf.review_form_pdf(data))))
    assert "评审委员会评委9人，出席7人" in text and "同意6票，不同意1票，弃权0票" in text


def test_page_one_of_a_real_applicants_form_renders_to_png(qualified, applicant):
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "review_form_from_database.pdf"
    source.write_bytes(pdf.review_form_pdf(sources.review_form_data(qualified, viewer=applicant)))
    prefix = ARTIFACTS / "review_form_from_database"
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "2", "-l", "2", str(source), str(prefix)],
        check=True,
        capture_output=True,
    )
    png = next(ARTIFACTS.glob("review_form_from_database-*2.png"))
    with Image.open(png) as img:
        width, height = img.size
        assert abs(width / height - 210 / 297) < 0.01
        assert sum(img.convert("L").histogram()[:128]) > width * height * 0.002


# --------------------------------------------------------------------------- 破格审批表, 公示表, 委托书, 清单


def test_exceptional_approval_prints_the_wizards_reasons_and_resume(exceptional, people):
    approve_at_employer(exceptional, people.employer_user, opinion="同意破格推荐。")
    text = squash(
        "".join(pages_text(pdf.exceptional_approval_pdf(sources.exceptional_approval_data(exceptional))))
    )
    for expected in (
        "破格推荐中级专业技术资格审批表",
        "胡小明",
        "2012年6月毕业于浙江工业大学机械工程专业（大学本科）",
        "机械专业工程师",
        "主持完成的阀门密封结构获国家实用新型专利授权，本人排名第一。",
        "2008.09—2012.06浙江工业大学机械工程专业学习",
        "同意破格推荐。",
    ):
        assert expected in text, expected


def test_employer_publicity_lists_its_own_staff_with_their_achievements(submitted, employer, people):
    other = people.other_employer_user
    start = timezone.localdate()
    data = sources.employer_publicity_sheet_data(
        submitted.plan, employer, start=start, end=start + timedelta(days=6), contact_phone="0577-88886666"
    )
    assert [r.name for r in data.rows] == ["胡小明"]
    row = data.rows[0]
    assert (row.gender, row.education, row.current_qualification) == ("男", "大学本科", "助理工程师")
    assert "专利：一种阀门密封结构（2020.05）" in row.achievements_summary
    text = squash("".join(pages_text(pdf.publicity_sheet_pdf(data))))
    assert "胡小明" in text and "0577-88886666" in text
    # Another employer's sheet for the same plan is empty: rows are scoped by employer.
    other_employer = other.organization.employer
    assert (
        sources.employer_publicity_sheet_data(submitted.plan, other_employer, start=start, end=start).rows
        == ()
    )


def test_delegation_letter_lists_the_files_the_department_sent_on(qualified, people, intake):
    data = sources.delegation_letter_data(qualified.plan, delegating_org=intake)
    assert data.delegating_unit == "鹿城区人力资源和社会保障局"
    assert data.committee == qualified.plan.committee.organization.name
    assert [(p.name, p.current_qualification, p.qualification_sought) for p in data.persons] == [
        ("胡小明", "助理工程师", "工程师")
    ]
    with pytest.raises(ValueError):
        sources.delegation_letter_data(
            qualified.plan, delegating_org=people.other_department_user.organization
        )


def test_mailing_checklist_needs_the_offices_address_then_prints_it(submitted, people):
    assert sources.mailing_checklist_data(submitted) is None
    from zhicheng.documents import services

    services.mailing_instructions_save(
        plan=submitted.plan,
        actor=people.office_user,
        data={
            "address": "温州市鹿城区府前街1号人才开发科",
            "recipient": "李小军",
            "phone": "0577-86106880",
            "review_form_copies": 2,
            "a3_booklet": True,
            "extra_items": "论文代表作纸质版",
            "notes": "只有评审通过人员才需邮寄。",
        },
    )
    data = sources.mailing_checklist_data(submitted)
    assert data is not None
    assert [i.name for i in data.items][-2:] == ["论文代表作纸质版", "回寄地址"]
    assert data.items[0].copies == "一式2份"
    assert data.return_address == "温州市鹿城区学院中路100号 325000"
    text = squash("".join(pages_text(pdf.mailing_checklist_pdf(data, reveal_identifiers=True))))
    assert "温州市鹿城区府前街1号人才开发科" in text and "李小军" in text


# --------------------------------------------------------------------------- 花名册


def tally_for(application, people, *, members, present, yes, no):
    from zhicheng.evaluation.models import EvaluationCase, Meeting, Panel, VoteTally

    now = timezone.now()
    case = EvaluationCase.objects.create(
        application=application,
        plan=application.plan,
        level=application.level,
        fee_amount=180,
        fee_deadline=timezone.localdate() + timedelta(days=10),
        opened_at=now,
        status_changed_at=now,
    )
    panel = Panel.objects.create(
        plan=application.plan, name="机械组", created_at=now, created_by=people.office_user
    )
    meeting = Meeting.objects.create(
        panel=panel,
        held_on=timezone.localdate(),
        place="评审会议室",
        opened_by=people.office_user,
        opened_at=now,
    )
    return VoteTally.objects.create(
        meeting=meeting,
        case=case,
        members=members,
        present=present,
        yes=yes,
        no=no,
        abstain=present - yes - no,
        quorum_met=True,
        passed=True,
        rule="出席三分之二以上，赞成票超过出席人数三分之二",
        closed_by=people.office_user,
        closed_at=now,
    )


def roster_sheet(plan, **kwargs):
    buf = io.BytesIO()
    count = roster.write_roster(
        sources.roster_rows(plan, **kwargs), buf, meta=sources.roster_meta(plan), reveal_identifiers=True
    )
    return count, openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active


def column(ws, header: str, sub: str | None = None) -> int:
    for c in range(1, ws.max_column + 1):
        top = ws.cell(3, c).value
        if top is None:  # inside a merged group: the label is on the group's first cell
            k = c
            while k > 1 and ws.cell(3, k).value is None:
                k -= 1
            top = ws.cell(3, k).value
        if top == header and (sub is None or ws.cell(4, c).value == sub):
            return c
    raise AssertionError(f"no column {header}/{sub}")


def test_roster_from_the_database_has_the_notes_columns_text_dates_and_lists(qualified, applicant, people):
    tally_for(qualified, people, members=9, present=8, yes=7, no=1)
    count, ws = roster_sheet(qualified.plan)
    assert count == 1
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith(f"{openpyxl.utils.get_column_letter(column(ws, '毕业院校'))}3:") for r in merged)
    row = 5

    def cell(header, sub=None):
        return ws.cell(row, column(ws, header, sub))

    expected = {
        ("姓 名", None): "胡小明",
        ("身份证号", None): applicant.id_number,
        ("工作单位", None): qualified.employer.organization.name,
        ("单位性质", None): "私营企业和个体工商户",
        ("性别", None): "男",
        ("出生年月", None): applicant.id_number[6:12],
        ("参加工作时间", None): "201207",
        ("最高学历", None): "大学本科",
        ("最高学位", None): "学士",
        ("毕业院校", "毕业时间（年月）"): "201206",
        ("毕业院校", "院校名称"): "浙江工业大学",
        ("从事何专业工作", None): "机械",
        ("现专业技术资格", "名称"): "助理工程师",
        ("现专业技术资格", "取得时间"): "201612",
        ("现聘任专业技术职务", "聘任时间"): "201701",
        ("推荐专业技术资格名称", None): "工程师",
        ("单位考核情况", None): "2022合格、2023优秀",
        ("继续教育情况（学时数）", None): "64",
        ("申报人通信地址", None): "温州市鹿城区学院中路100号",
        ("邮政编码", None): "325000",
        ("主管部门", None): "鹿城区人力资源和社会保障局",
        ("所在县市区", None): "鹿城区",
    }
    for (header, sub), value in expected.items():
        c = cell(header, sub)
        assert c.value == value, (header, sub, c.value)
        assert c.data_type == "s" and c.number_format == "@", (header, sub)


def test_roster_has_no_vote_columns_before_the_committee_votes(qualified):
    _, ws = roster_sheet(qualified.plan)
    assert ws.cell(5, column(ws, "下一级评委会推荐评审情况", "总人数")).value is None


def test_roster_never_prints_this_committees_own_vote_as_the_lower_committees(qualified, people):
    # seed 003 附件7: "下一级评委会推荐评审情况" is the vote of the committee below, which the
    # platform does not record; this committee's own vote is not it, so the columns stay blank.
    tally_for(qualified, people, members=9, present=8, yes=7, no=1)
    _, ws = roster_sheet(qualified.plan)
    for sub in ("总人数", "出席人数", "赞成数", "反对数"):
        assert ws.cell(5, column(ws, "下一级评委会推荐评审情况", sub)).value is None


def test_roster_ce_hours_are_those_of_the_rule_sets_period_not_every_year_and_credit(
    qualified, applicant, employer_user
):
    # seed 000 二4 (the plan's rule set wenzhou-mech-2020 counts from the current title, 2016):
    # 2010's hours are outside the period and a 学分-only record is not hours.
    from zhicheng.applications.models import ApplicationEntry
    from zhicheng.archive import services as archive_services

    for data in (
        {"year": 2010, "category": "professional", "hours": 100, "route": "registry"},
        {"year": 2023, "category": "general_public", "credits": 20, "route": "registry"},
        {"year": 2024, "category": "general_public", "hours": 18, "route": "registry"},
    ):
        entry = archive_services.entry_create(owner=applicant, kind="continuing_education", data=data)
        archive_services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
        entry.refresh_from_db()
        ApplicationEntry.objects.create(
            application=qualified, version_id=entry.approved_version_id, automatic=True, order=50
        )
    (row,) = list(sources.roster_rows(qualified.plan))
    assert row.ce_hours == 82  # 64 (2023) + 18 (2024)


def test_roster_lists_files_at_or_past_the_offices_review_only(qualified):
    clone_qualified(qualified, 3)  # one pending at the office, two qualified
    employer_stage = PlanStage.objects.get(plan=qualified.plan, kind="employer")
    early = Application.objects.filter(plan=qualified.plan).exclude(pk=qualified.pk).order_by("pk")
    # Still at the employer, and rejected: neither is on the office's roster.
    early.filter(pk=early[1].pk).update(
        status=Status.PENDING, current_stage=employer_stage, current_org=qualified.employer.organization
    )
    early.filter(pk=early[2].pk).update(status=Status.REJECTED)
    listed = set(sources.roster_applications(qualified.plan).values_list("pk", flat=True))
    assert listed == {qualified.pk, early[0].pk}
    assert sources.roster_count(qualified.plan) == 2


def test_a_specialty_longer_than_six_characters_goes_to_the_remarks_not_the_column(qualified):
    Application.objects.filter(pk=qualified.pk).update(specialty="机械设计制造及其自动化")
    (row,) = sources.roster_rows(qualified.plan)
    assert row.specialty == ""
    assert "机械设计制造及其自动化" in row.remarks and "注8" in row.remarks


def clone_qualified(template: Application, n: int) -> None:
    """n more qualified applications of the same plan, each with its own applicant, personal
    info, draft and the template's pinned archive versions: what the roster reads."""
    versions = list(template.entries.values_list("version_id", flat=True))
    info = PersonalInfo.objects.get(user=template.applicant)
    office_stage = PlanStage.objects.get(plan=template.plan, kind="committee_office")
    for i in range(n):
        user = UserFactory(real_name=f"测试{i:03d}")
        PersonalInfo.objects.create(
            user=user,
            gender="female" if i % 2 else "male",
            employer=info.employer,
            department="技术部",
            post="设计员",
            work_start=info.work_start,
            education_level="bachelor",
            address=f"温州市鹿城区{i}号",
            postcode="325000",
        )
        app = Application.objects.create(
            plan=template.plan,
            applicant=user,
            level="intermediate",
            specialty="机械",
            declaration_type="normal",
            employer=template.employer,
            intake_department=template.intake_department,
            status=Status.PENDING if i % 3 == 0 else Status.QUALIFIED,
            current_stage=office_stage if i % 3 == 0 else None,
            current_org=template.plan.committee.organization if i % 3 == 0 else None,
            submitted_at=timezone.now(),
        )
        WizardDraft.objects.create(application=app, work_years=8, administrative_post="无")
        ApplicationEntry.objects.bulk_create(
            ApplicationEntry(application=app, version_id=v, automatic=True, order=k)
            for k, v in enumerate(versions)
        )


def count_queries(plan, **kwargs) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        rows = list(sources.roster_rows(plan, **kwargs))
    return len(rows), len(ctx.captured_queries)


def test_roster_queries_do_not_grow_with_the_number_of_applications(qualified, people):
    tally_for(qualified, people, members=9, present=8, yes=7, no=1)
    clone_qualified(qualified, 9)
    ten = count_queries(qualified.plan)
    clone_qualified(qualified, 40)
    fifty = count_queries(qualified.plan)
    assert (ten[0], fifty[0]) == (10, 50)
    assert ten[1] == fifty[1] == 3  # applications, archive versions, departments


def test_roster_pages_through_big_plans_in_chunks_of_fixed_queries(qualified):
    clone_qualified(qualified, 19)
    rows, queries = count_queries(qualified.plan, chunk_size=7)
    assert rows == 20
    assert queries == 3 * 3  # three chunks (7, 7, 6), three queries each
    names = [r.name for r in sources.roster_rows(qualified.plan, chunk_size=7)]
    assert names[0] == "胡小明" and len(set(names)) == 20  # each applicant once, in order


def test_roster_keeps_other_plans_files_out_even_when_their_ids_fall_inside_a_chunk(qualified, people):
    from tests.factories import PlanFactory

    other_plan = PlanFactory(name="另一个计划")
    clone_qualified(qualified, 2)
    # Interleave: an application of another plan between this plan's ids, with its own archive.
    intruder = Application.objects.create(
        plan=other_plan,
        applicant=UserFactory(real_name="别的计划"),
        level="intermediate",
        specialty="电气",
        employer=qualified.employer,
        status=Status.QUALIFIED,
    )
    entry = archive_services.entry_create(
        owner=intruder.applicant,
        kind="education",
        data={"level": "master", "school": "别的大学", "major": "电气工程", "graduated_on": "2015-06-30"},
    )
    ApplicationEntry.objects.create(application=intruder, version_id=entry.latest_version_id, automatic=True)
    clone_qualified(qualified, 2)
    rows = list(sources.roster_rows(qualified.plan, chunk_size=2))
    assert len(rows) == 5 and "别的计划" not in [r.name for r in rows]
    assert {r.school for r in rows} == {"浙江工业大学"}
