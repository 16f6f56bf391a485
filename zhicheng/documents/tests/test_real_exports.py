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


# --------------------------------------------------------------------------- each unit's 花名册 for the office
# seed 003 附件7 注1 (本表由委托单位填写) and 附件5 一1 (由用人单位或主管部门统一汇总填报): the committee
# office gets the 花名册 compiled by each 委托单位, with that unit's 委托单位 and 填报人.


def _unit_and_filler(ws) -> tuple[str, str]:
    footer = " ".join(str(c.value) for row in ws.iter_rows(min_row=ws.max_row - 2) for c in row if c.value)
    match = re.search(r"填报人：(\S*)", footer)
    return ws.cell(2, 1).value, match.group(1) if match else ""


def test_the_office_gets_one_roster_per_recommending_unit_with_its_own_unit_and_filler(
    login, qualified, people, django_capture_on_commit_callbacks
):
    people.employer_user.real_name = "李人事"
    people.employer_user.save(update_fields=["real_name"])
    # The county department made its own export once: its exporter is the 填报人.
    run(
        people.county_user,
        kinds.DELEGATED_ROSTER,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    job = run(
        people.office_user,
        kinds.UNIT_ROSTERS,
        {"plan_id": str(qualified.plan_id)},
        django_capture_on_commit_callbacks,
    )
    # Three units recommended the file (employer, county, city): three workbooks, one row each.
    assert job.row_count == 3
    assert AuditEvent.objects.get(event="export_made", object_id=str(job.pk)).data == {
        "kind": "unit_rosters",
        "rows": 3,
    }
    with zipfile.ZipFile(io.BytesIO(downloaded(login(people.office_user), job))) as zf:
        sheets = {n: openpyxl.load_workbook(io.BytesIO(zf.read(n))).active for n in zf.namelist()}
    found = {_unit_and_filler(ws) for ws in sheets.values()}
    assert found == {
        (f"委托单位（盖章）：{people.employer_user.organization.name}", "李人事"),
        (f"委托单位（盖章）：{people.county_user.organization.name}", "王县审"),
        (f"委托单位（盖章）：{people.city_user.organization.name}", "赵市审"),
    }
    assert people.office_user.organization.name not in " ".join(n for n, _ in found)
    for ws in sheets.values():
        assert ws.cell(5, 2).value == "胡小明" and ws.cell(6, 2).value is None


def test_the_office_plan_page_lists_each_unit_and_exports_its_roster(
    login, qualified, applicant, people, django_capture_on_commit_callbacks
):
    client = login(people.office_user)
    page = client.get(f"/documents/plans/{qualified.plan_id}/").content.decode()
    assert "各委托单位花名册" in page
    for user in (people.employer_user, people.county_user, people.city_user):
        assert user.organization.name in page
    employer_org = people.employer_user.organization
    assert f'name="unit_id" value="{employer_org.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/documents/jobs/start/",
            {"kind": kinds.UNIT_ROSTER, "plan_id": str(qualified.plan_id), "unit_id": str(employer_org.pk)},
        )
    assert response.status_code == 302
    job = ExportJob.objects.get(kind=kinds.UNIT_ROSTER)
    assert job.status == ExportJob.Status.DONE and job.row_count == 1
    assert AuditEvent.objects.get(event="export_made", object_id=str(job.pk)).data["rows"] == 1
    ws = openpyxl.load_workbook(io.BytesIO(downloaded(client, job))).active
    # No own export by the employer yet: its 经办人 who recommended the file fills it.
    assert _unit_and_filler(ws) == (
        f"委托单位（盖章）：{employer_org.name}",
        people.employer_user.real_name,
    )
    assert ws.cell(5, 3).value == applicant.id_number


def test_only_files_that_reached_the_office_are_in_a_units_roster(
    submitted, people, django_capture_on_commit_callbacks
):
    from zhicheng.documents.tests.conftest import approve_at_employer

    approve_at_employer(submitted, people.employer_user)  # now at the county: not at the office yet
    with pytest.raises(PermissionDenied):
        kinds.build_unit_roster(
            registry.ExportRequest(
                job_id=0,
                user=people.office_user,
                params={
                    "plan_id": str(submitted.plan_id),
                    "unit_id": str(people.employer_user.organization_id),
                },
            )
        )
    job = run(
        people.office_user,
        kinds.UNIT_ROSTERS,
        {"plan_id": str(submitted.plan_id)},
        django_capture_on_commit_callbacks,
    )
    assert job.row_count == 0


@pytest.mark.parametrize("kind", [kinds.UNIT_ROSTERS, kinds.UNIT_ROSTER])
def test_another_committees_office_is_refused_the_units_rosters(qualified, people, kind):
    with pytest.raises(PermissionDenied):
        services.export_job_start(
            kind=kind,
            requested_by=people.other_office_user,
            params={"plan_id": str(qualified.plan_id), "unit_id": str(people.employer_user.organization_id)},
        )
    assert not ExportJob.objects.exists()
    assert AuditEvent.objects.filter(event="access_denied", actor=people.other_office_user).exists()


@pytest.mark.parametrize("who", ["employer_user", "other_employer_user", "county_user", "expert"])
def test_a_unit_cannot_fetch_another_units_roster(qualified, people, who):
    # The employer may export its own roster (delegated_roster) but never the county's, nor any other unit's.
    for kind in (kinds.UNIT_ROSTER, kinds.UNIT_ROSTERS):
        with pytest.raises(PermissionDenied):
            services.export_job_start(
                kind=kind,
                requested_by=getattr(people, who),
                params={
                    "plan_id": str(qualified.plan_id),
                    "unit_id": str(people.county_user.organization_id),
                },
            )
    assert not ExportJob.objects.exists()


def test_the_office_cannot_fetch_a_roster_for_a_unit_that_recommended_nothing(qualified, people):
    with pytest.raises(PermissionDenied):
        kinds.build_unit_roster(
            registry.ExportRequest(
                job_id=0,
                user=people.office_user,
                params={
                    "plan_id": str(qualified.plan_id),
                    "unit_id": str(people.other_employer_user.organization_id),
                },
            )
        )


def test_the_export_page_offers_real_documents_only_never_sample_data(login, employer_user):
    """Issue 16: the sample-data kinds (花名册（示例数据）) were scaffolding from building the export
    pipeline before the real kinds existed; only the pipeline's own tests register them now."""
    page = login(employer_user).get("/documents/").content.decode()
    assert "示例数据" not in page
    assert [k.key for k in registry.kinds_for(employer_user) if k.key.startswith("sample_")] == []
