"""Background exports end to end: start → task → file → audit → download, with permissions."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from zhicheng.core.models import AuditEvent
from zhicheng.documents import registry, services, tasks
from zhicheng.documents.models import ExportJob
from zhicheng.documents.previews import PREVIEWS

# The pipeline is exercised on export kinds over sample data (tests/exports.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_export_kinds")]


def start(user, kind, params, capture):
    with capture(execute=True):
        job = services.export_job_start(kind=kind, requested_by=user, params=params)
    job.refresh_from_db()
    return job


def test_roster_export_runs_after_commit_and_stores_the_workbook(
    employer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_job_start(
            kind="sample_roster", requested_by=employer_user, params={"count": "25"}
        )
    # Nothing runs before the job row is committed.
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.progress, job.row_count) == (100, 25)
    assert job.filename == "花名册（示例数据）.xlsx"
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")
    assert "花名册" not in job.file.name  # stored under a generated name only
    with job.file.open("rb") as fh:
        ws = openpyxl.load_workbook(io.BytesIO(fh.read())).active
    assert ws.cell(1, 1).value == "评委会评审对象资格审查花名册"
    assert ws.cell(5 + 24, 1).value == "25"
    # IDs are masked: the demo kind does not reveal identifiers.
    assert "*" * 11 in ws.cell(5, 3).value


def test_every_finished_export_is_audited_with_its_row_count(
    employer_user, django_capture_on_commit_callbacks
):
    job = start(employer_user, "sample_roster", {"count": "7"}, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(event="export_made", object_id=str(job.pk))
    assert event.actor == employer_user
    assert event.data == {"kind": "sample_roster", "rows": 7}


def test_review_form_batch_is_a_zip_of_pdfs(employer_user, django_capture_on_commit_callbacks):
    job = start(employer_user, "sample_review_forms", {"count": "3"}, django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.DONE and job.row_count == 3
    with job.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        names = zf.namelist()
        assert len(names) == 3 and all(n.endswith("_评审表.pdf") for n in names)
        # Same sample name three times: members are numbered, never overwritten.
        assert len(set(names)) == 3
        text = PdfReader(io.BytesIO(zf.read(names[0]))).pages[1].extract_text()
        assert "陈立峰" in text


def test_applicants_cannot_start_exports(applicant):
    with pytest.raises(PermissionDenied):
        services.export_job_start(kind="sample_roster", requested_by=applicant, params={})
    assert not ExportJob.objects.exists()
    assert AuditEvent.objects.filter(event="access_denied", actor=applicant).exists()


def test_unknown_kind_is_refused(employer_user):
    with pytest.raises(registry.UnknownExportKind):
        services.export_job_start(kind="no_such_kind", requested_by=employer_user, params={})


def test_a_failing_builder_marks_the_job_failed_with_a_message(
    employer_user, django_capture_on_commit_callbacks
):
    def broken(request):
        raise RuntimeError("selector exploded")

    registry.register(
        registry.ExportKind(key="test_broken", label="坏的", build=broken, allowed=lambda u, p: True)
    )
    try:
        job = start(employer_user, "test_broken", {}, django_capture_on_commit_callbacks)
    finally:
        registry.unregister("test_broken")
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "导出失败：RuntimeError"
    assert not job.file
    assert not AuditEvent.objects.filter(event="export_made").exists()


def test_a_duplicated_task_message_does_not_export_twice(employer_user, django_capture_on_commit_callbacks):
    job = start(employer_user, "sample_roster", {"count": "2"}, django_capture_on_commit_callbacks)
    first_file = job.file.name
    tasks.run_export_job(job.pk)  # e.g. a broker redelivery
    job.refresh_from_db()
    assert job.file.name == first_file
    assert AuditEvent.objects.filter(event="export_made", object_id=str(job.pk)).count() == 1


def test_progress_is_reported_while_a_registered_builder_streams(
    employer_user, django_capture_on_commit_callbacks
):
    seen: list[int] = []
    from zhicheng.documents import samples

    def rows(job_id):
        for i, row in enumerate(samples.sample_roster_rows(2000)):
            if i % 500 == 0:
                seen.append(ExportJob.objects.get(pk=job_id).progress)
            yield row

    registry.register(
        registry.ExportKind(
            key="test_stream",
            label="流式",
            allowed=lambda u, p: True,
            build=lambda req: registry.RosterExport(
                meta=samples.ROSTER_META, rows=rows(req.job_id), total=2000
            ),
        )
    )
    try:
        job = start(employer_user, "test_stream", {}, django_capture_on_commit_callbacks)
    finally:
        registry.unregister("test_stream")
    assert job.status == ExportJob.Status.DONE
    assert seen == [0, 25, 50, 75]  # updated as rows are written, before the end


def test_safe_member_names_cannot_escape_the_folder_and_do_not_collide():
    seen: set[str] = set()
    assert tasks.safe_member_name("../../etc/passwd", seen) == "_.._etc_passwd"
    assert tasks.safe_member_name("张三_评审表.pdf", seen) == "张三_评审表.pdf"
    assert tasks.safe_member_name("张三_评审表.pdf", seen) == "张三_评审表（2）.pdf"


# --------------------------------------------------------------------------- views


def test_status_page_polls_until_done_then_offers_the_download(
    login, employer_user, django_capture_on_commit_callbacks
):
    client = login(employer_user)
    job = ExportJob.objects.create(
        kind="sample_roster", requested_by=employer_user, status=ExportJob.Status.RUNNING, progress=40
    )
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page
    assert "/download/" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/documents/jobs/start/", {"kind": "sample_roster", "count": "5"})
    done = ExportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{done.pk}/"
    fragment = client.get(f"/documents/jobs/{done.pk}/progress/").content.decode()
    assert "hx-trigger" not in fragment  # finished: htmx stops polling
    assert f"/documents/jobs/{done.pk}/download/" in fragment

    download = client.get(f"/documents/jobs/{done.pk}/download/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(body)).active.cell(1, 1).value == "评委会评审对象资格审查花名册"


def test_only_the_requester_sees_or_downloads_a_job(
    login, employer_user, admin_user, django_capture_on_commit_callbacks
):
    job = start(employer_user, "sample_roster", {"count": "2"}, django_capture_on_commit_callbacks)
    client = login(admin_user)
    for url in (
        f"/documents/jobs/{job.pk}/",
        f"/documents/jobs/{job.pk}/progress/",
        f"/documents/jobs/{job.pk}/download/",
    ):
        assert client.get(url).status_code == 404, url
    assert f"/documents/jobs/{job.pk}/" not in client.get("/documents/").content.decode()


def test_job_list_offers_the_kinds_the_user_may_start(login, employer_user):
    page = login(employer_user).get("/documents/").content.decode()
    assert "花名册（示例数据）" in page and "评审表批量 ZIP（示例数据）" in page


def test_applicant_sees_no_export_kinds_and_cannot_post_one(login, applicant):
    client = login(applicant)
    page = client.get("/documents/").content.decode()
    assert "开始导出" not in page
    assert client.post("/documents/jobs/start/", {"kind": "sample_roster"}).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/documents/preview/review_form/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("key", sorted(PREVIEWS))
def test_every_document_kind_can_be_previewed(login, applicant, key):
    response = login(applicant).get(f"/documents/preview/{key}/")
    assert response.status_code == 200
    body = response.content
    if PREVIEWS[key].filename:
        assert response["Content-Disposition"].startswith("attachment")
        assert (
            openpyxl.load_workbook(io.BytesIO(body)).active.cell(1, 1).value == "评委会评审对象资格审查花名册"
        )
    else:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert len(PdfReader(io.BytesIO(body)).pages) >= 1
    assert response["Cache-Control"] == "no-store, private"


def test_preview_page_embeds_the_chosen_document(login, applicant):
    page = login(applicant).get("/documents/preview/?show=exceptional_approval").content.decode()
    assert 'src="/documents/preview/exceptional_approval/"' in page


def test_direct_exports_are_audited_too(employer_user):
    from zhicheng.documents.http import XLSX, export_response

    response = export_response(
        actor=employer_user, kind="employer_roster", rows=12, content=b"PK", filename="花名册.xlsx"
    )
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.get(event="export_made")
    assert event.data == {"kind": "employer_roster", "rows": 12}
