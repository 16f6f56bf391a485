"""The real export kinds end to end: start → task (eager, after commit) → file → audit →
download, with each kind's permission predicate."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from zhicheng.core.models import AuditEvent
from zhicheng.documents import kinds, registry, services
from zhicheng.documents.models import ExportJob

pytestmark = pytest.mark.django_db


def run(user, kind, params, capture) -> ExportJob:
    with capture(execute=True):
        job = services.export_job_start(kind=kind, requested_by=user, params=params)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    return job


def downloaded(client, job) -> bytes:
    response = client.get(f"/documents/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_the_real_kinds_are_registered():
    for key in (kinds.PLAN_REVIEW_FORMS, kinds.PLAN_ROSTER, kinds.EMPLOYER_PUBLICITY):
        assert registry.get(key).required == ("plan_id",)


def test_office_exports_the_plans_roster_from_the_database(
    login, qualified, applicant, people, django_capture_on_commit_callbacks
):
    job = run(
        people.office_user,
        kinds.PLAN_ROSTER,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 1 and job.filename.endswith("_评委会评审对象资格审查花名册.xlsx")
    event = AuditEvent.objects.get(event="export_made", object_id=str(job.pk))
    assert event.actor == people.office_user
    assert event.data == {"kind": "plan_roster", "rows": 1}

    ws = openpyxl.load_workbook(io.BytesIO(downloaded(login(people.office_user), job))).active
    assert ws.cell(1, 1).value == "评委会评审对象资格审查花名册"
    assert (ws.cell(5, 1).value, ws.cell(5, 2).value) == ("1", "胡小明")
    assert ws.cell(5, 3).value == applicant.id_number  # 注4: the committee's roster has the full number
    assert ws.cell(5, 5).value == "私营企业和个体工商户"
    assert ws.cell(5, 8).value == "201207" and ws.cell(5, 8).number_format == "@"
    # Only the requester downloads it.
    assert login(people.county_user).get(f"/documents/jobs/{job.pk}/download/").status_code == 404


@pytest.mark.parametrize("who", ["county_user", "employer_user", "other_office_user", "expert", "hr_user"])
def test_only_the_plans_office_may_export_its_roster(qualified, people, who):
    user = getattr(people, who)
    with pytest.raises(PermissionDenied):
        services.export_job_start(
            kind=kinds.PLAN_ROSTER, requested_by=user, params={"plan_id": str(qualified.plan_id)}
        )
    assert not ExportJob.objects.exists()
    assert AuditEvent.objects.filter(
        event="access_denied", actor=user, data__path="export:plan_roster"
    ).exists()


def test_office_exports_all_review_forms_of_the_plan_as_a_zip_with_full_ids(
    login, qualified, applicant, people, django_capture_on_commit_callbacks
):
    job = run(
        people.office_user,
        kinds.PLAN_REVIEW_FORMS,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 1
    assert AuditEvent.objects.get(event="export_made", object_id=str(job.pk)).data == {
        "kind": "plan_review_forms",
        "rows": 1,
    }
    with zipfile.ZipFile(io.BytesIO(downloaded(login(people.office_user), job))) as zf:
        (name,) = zf.namelist()
        assert name == f"{qualified.pk:06d}_胡小明_专业技术职务任职资格评审表.pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read(name))).pages)
    assert applicant.id_number in re.sub(r"\s+", "", text)


def test_a_department_exports_the_forms_in_its_jurisdiction_masked(
    qualified, submitted, applicant, people, django_capture_on_commit_callbacks
):
    job = run(
        people.county_user,
        kinds.PLAN_REVIEW_FORMS,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    with job.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        texts = [
            "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read(n))).pages) for n in zf.namelist()
        ]
    assert len(texts) == 1
    assert applicant.id_number not in re.sub(r"\s+", "", texts[0])
    # A department the files never reached may not even start it.
    with pytest.raises(PermissionDenied):
        services.export_job_start(
            kind=kinds.PLAN_REVIEW_FORMS,
            requested_by=people.other_department_user,
            params={"plan_id": str(qualified.plan_id)},
        )


def test_employer_exports_its_publicity_sheet(submitted, people, django_capture_on_commit_callbacks):
    job = run(
        people.employer_user,
        kinds.EMPLOYER_PUBLICITY,
        {"plan_id": str(submitted.plan_id), "contact_phone": "0577-88886666"},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 1 and job.filename.endswith("_单位内部公示表.pdf")
    with job.file.open("rb") as fh:
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages))
    assert "胡小明" in text and "0577-88886666" in text
    with pytest.raises(PermissionDenied):
        services.export_job_start(
            kind=kinds.EMPLOYER_PUBLICITY,
            requested_by=people.other_employer_user,
            params={"plan_id": str(submitted.plan_id)},
        )


def test_a_job_without_a_plan_is_refused_before_it_starts(login, qualified, people):
    with pytest.raises(registry.MissingExportParameter):
        services.export_job_start(kind=kinds.PLAN_ROSTER, requested_by=people.office_user, params={})
    client = login(people.office_user)
    response = client.post("/documents/jobs/start/", {"kind": kinds.PLAN_ROSTER}, follow=True)
    assert "请选择申报计划" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_start_form_offers_only_the_plans_the_user_may_export(login, qualified, people):
    page = login(people.office_user).get("/documents/").content.decode()
    assert f'<option value="{qualified.plan_id}">' in page
    assert f"/documents/plans/{qualified.plan_id}/" in page
    other = login(people.other_office_user).get("/documents/").content.decode()
    assert f'<option value="{qualified.plan_id}">' not in other


def test_start_from_the_plan_page_and_watch_the_job(
    login, qualified, people, django_capture_on_commit_callbacks
):
    client = login(people.office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/documents/jobs/start/", {"kind": kinds.PLAN_ROSTER, "plan_id": str(qualified.plan_id)}
        )
    job = ExportJob.objects.get()
    assert response["Location"] == f"/documents/jobs/{job.pk}/"
    fragment = client.get(f"/documents/jobs/{job.pk}/progress/").content.decode()
    assert f"/documents/jobs/{job.pk}/download/" in fragment and "共 1 行" in fragment


def test_the_zip_has_one_form_per_file_in_scope_and_none_of_another_plan(
    qualified, people, django_capture_on_commit_callbacks
):
    from tests.factories import PlanFactory, UserFactory
    from zhicheng.applications.models import Application

    from .test_sources import clone_qualified

    clone_qualified(qualified, 3)
    # The same committee's other plan: the office holds it too, but it is not this plan's.
    Application.objects.create(
        plan=PlanFactory(committee=qualified.plan.committee, name="同一评委会的另一个计划"),
        applicant=UserFactory(real_name="别的计划"),
        level="intermediate",
        employer=qualified.employer,
        status="qualified",
        submitted_at=qualified.submitted_at,
    )
    job = run(
        people.office_user,
        kinds.PLAN_REVIEW_FORMS,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 4
    with job.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        names = sorted(zf.namelist())
        assert len(names) == 4 and names[0].endswith("_胡小明_专业技术职务任职资格评审表.pdf")
        assert not any("别的计划" in n for n in names)
        for name in names:
            reader = PdfReader(io.BytesIO(zf.read(name)))
            assert all("浙江省专业技术任职资格申报与评审管理平台" in p.extract_text() for p in reader.pages)


def test_the_employer_exports_its_own_roster_as_the_delegating_unit(
    login, qualified, applicant, people, django_capture_on_commit_callbacks
):
    # seed 003 附件7 注1 (本表由委托单位填写), 附件5 一1 (由用人单位或主管部门统一汇总填报).
    people.employer_user.real_name = "李人事"
    people.employer_user.save(update_fields=["real_name"])
    job = run(
        people.employer_user,
        kinds.DELEGATED_ROSTER,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 1
    ws = openpyxl.load_workbook(io.BytesIO(downloaded(login(people.employer_user), job))).active
    unit = people.employer_user.organization.name
    assert ws.cell(2, 1).value == f"委托单位（盖章）：{unit}"
    footer = " ".join(str(c.value) for row in ws.iter_rows(min_row=ws.max_row - 2) for c in row if c.value)
    assert "填报人：李人事" in footer
    assert ws.cell(5, 2).value == "胡小明"


def test_the_county_department_exports_the_files_it_sent_on(
    qualified, people, django_capture_on_commit_callbacks
):
    job = run(
        people.county_user,
        kinds.DELEGATED_ROSTER,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 1


@pytest.mark.parametrize("who", ["other_employer_user", "other_department_user", "expert", "office_user"])
def test_only_a_unit_that_sent_files_on_exports_a_delegated_roster(qualified, people, who):
    with pytest.raises(PermissionDenied):
        services.export_job_start(
            kind=kinds.DELEGATED_ROSTER,
            requested_by=getattr(people, who),
            params={"plan_id": str(qualified.plan_id)},
        )


def test_the_senior_plans_roster_carries_its_own_title(
    login, qualified, people, django_capture_on_commit_callbacks
):
    # seed 002 附件2 一2: 《推荐高级工程师职务任职资格人员花名册》.
    qualified.plan.roster_title = "推荐高级工程师职务任职资格人员花名册"
    qualified.plan.save(update_fields=["roster_title"])
    job = run(
        people.office_user,
        kinds.PLAN_ROSTER,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    ws = openpyxl.load_workbook(io.BytesIO(downloaded(login(people.office_user), job))).active
    assert ws.cell(1, 1).value == "推荐高级工程师职务任职资格人员花名册"
    assert job.filename.endswith("_推荐高级工程师职务任职资格人员花名册.xlsx")
