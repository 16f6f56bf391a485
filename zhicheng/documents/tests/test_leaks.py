"""What each role may read at each stage, and full numbers only where the rule says (issue 12 items 2–4).

The rule (documents/permissions.py, review/permissions.can_reveal_identifiers): full ID and phone
numbers for the applicant's own and for the plan's committee office once the file reached it;
everyone else reads them masked. A file still at the employer is the employer's alone."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from zhicheng.applications import services as application_services
from zhicheng.core.models import AuditEvent
from zhicheng.documents import services
from zhicheng.review import services as review_services

from .conftest import approve, approve_at_employer

pytestmark = pytest.mark.django_db

FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FULL_PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def _zip_of_review_forms(user, plan, capture) -> dict[str, str]:
    """Member name → text of the ZIP the user's plan_review_forms export produced."""
    with capture(execute=True):
        job = services.export_job_start(
            kind="plan_review_forms", requested_by=user, params={"plan_id": plan.pk}
        )
    job.refresh_from_db()
    assert job.status == "done", job.error if hasattr(job, "error") else job.status
    with job.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        return {
            n: "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read(n))).pages).replace(" ", "")
            for n in zf.namelist()
        }


def test_each_roles_zip_of_review_forms_holds_exactly_the_files_that_reached_it(
    submitted, applicant, people, django_capture_on_commit_callbacks
):
    """The office's ZIP held a file still at the employer, with the full ID (item 2)."""
    capture, plan = django_capture_on_commit_callbacks, submitted.plan
    # At the employer: no reviewer above it gets the file in a batch.
    assert _zip_of_review_forms(people.office_user, plan, capture) == {}
    with pytest.raises(PermissionDenied):
        _zip_of_review_forms(people.county_user, plan, capture)
    approve_at_employer(submitted, people.employer_user)
    # At the county: the county has it, masked; the office still has nothing.
    county = _zip_of_review_forms(people.county_user, plan, capture)
    assert len(county) == 1
    (text,) = county.values()
    assert "胡小明" in text and applicant.id_number not in text and not FULL_ID.search(text)
    assert _zip_of_review_forms(people.office_user, plan, capture) == {}
    approve(submitted, people.county_user, "经审查，同意推荐。")
    approve(submitted, people.city_user, "同意推荐至评审委员会。")
    # At the office: the office's copy carries the full number it checks identities with.
    office = _zip_of_review_forms(people.office_user, plan, capture)
    assert len(office) == 1 and applicant.id_number in next(iter(office.values()))
    # Returned by the office and resubmitted to the first stage: back at the employer, in nobody's batch.
    plan.resubmit_to = "start"
    plan.save(update_fields=["resubmit_to"])
    submitted.refresh_from_db()
    review_services.application_return(
        application=submitted, actor=people.office_user, reason="请补充业绩证明。"
    )
    application_services.application_submit(application=submitted, actor=applicant)
    submitted.refresh_from_db()
    assert submitted.current_stage.kind == "employer"
    assert _zip_of_review_forms(people.office_user, plan, capture) == {}
    assert _zip_of_review_forms(people.county_user, plan, capture) == {}
    # Outsiders never get a batch of this plan.
    for outsider in (people.other_office_user, people.other_department_user, people.employer_user):
        with pytest.raises(PermissionDenied):
            _zip_of_review_forms(outsider, plan, capture)


def test_the_hr_bureau_reads_no_file_still_at_the_employer(login, submitted, people):
    """Photo, signature and 评审表 reached the HR bureau while the employer still held the file (item 4)."""
    urls = (
        f"/applications/{submitted.pk}/photo.jpg",
        f"/applications/{submitted.pk}/signature.png",
        f"/documents/applications/{submitted.pk}/review-form.pdf",
        f"/documents/applications/{submitted.pk}/",
    )
    client = login(people.hr_user)
    for url in urls:
        assert client.get(url).status_code == 404, url
    approve_at_employer(submitted, people.employer_user)
    approve(submitted, people.county_user, "经审查，同意推荐。")
    approve(submitted, people.city_user, "同意推荐至评审委员会。")
    for url in urls:
        assert client.get(url).status_code == 404, url  # at the committee office, not yet qualified
    approve(submitted, people.office_user, "资格审查通过。")
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["employer_user", "county_user", "city_user"])
def test_reviewers_other_than_the_office_cannot_reveal_full_numbers_on_the_review_page(
    login, submitted, applicant, people, who
):
    """Any reviewer could reveal full ID and phone with ?reveal=1 (item 4)."""
    user = getattr(people, who)
    if who != "employer_user":
        approve_at_employer(submitted, people.employer_user)
    if who == "city_user":
        approve(submitted, people.county_user, "经审查，同意推荐。")
    client = login(user)
    page = client.get(f"/review/applications/{submitted.pk}/?reveal=1").content.decode()
    assert applicant.masked_id_number in page
    assert applicant.id_number not in page and applicant.phone not in page
    assert "显示完整号码" not in page
    assert not AuditEvent.objects.filter(event="id_number_viewed").exists()


def test_the_office_reveals_full_numbers_audited_and_never_cached(login, submitted, applicant, people):
    approve_at_employer(submitted, people.employer_user)
    approve(submitted, people.county_user, "经审查，同意推荐。")
    approve(submitted, people.city_user, "同意推荐至评审委员会。")
    client = login(people.office_user)
    assert "显示完整号码" in client.get(f"/review/applications/{submitted.pk}/").content.decode()
    response = client.get(f"/review/applications/{submitted.pk}/?reveal=1")
    page = response.content.decode()
    assert applicant.id_number in page and applicant.phone in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(event="id_number_viewed")
    assert event.actor == people.office_user and event.object_id == str(applicant.pk)


def test_every_response_with_a_full_number_is_sent_no_store(login, submitted, applicant, people):
    """The applicant's own 评审表 and the office's revealed copy, and every signed-in page besides."""
    client = login(applicant)
    for url in (
        f"/documents/applications/{submitted.pk}/review-form.pdf",
        "/accounts/home/",
        "/archive/personal/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def _crawl(client, start: str, limit: int = 80) -> dict[str, str]:
    """GET every same-site page reachable by links from start (HTML only, no logout, no files)."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            seen[url] = ""
            continue
        body = response.content.decode()
        seen[url] = body
        for href in re.findall(r'href="(/[^"#]*)', body):
            href = href.replace("&amp;", "&")
            if href.startswith(("/static/", "/accounts/logout", "/django-admin/", "/i18n/")):
                continue
            if href not in seen and href not in queue:
                queue.append(href)
    return seen


def test_no_page_the_applicant_opens_shows_a_full_id_or_phone(login, submitted, applicant):
    """The applicant's home page showed the full 身份证号 (item 3); every page is masked."""
    pages = _crawl(login(applicant), "/")
    assert (
        "/accounts/home/" in pages
        and f"/applications/{submitted.pk}/" in pages
        and "/archive/personal/" in pages
    )
    for url, body in pages.items():
        assert not FULL_ID.search(body), (url, FULL_ID.search(body).group())
        assert not FULL_PHONE.search(body), (url, FULL_PHONE.search(body).group())
        # Item 1 on every page too: a date field's value is ISO or empty.
        for value in re.findall(r'<input[^>]*type="date"[^>]*value="([^"]*)"', body):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (url, value)
    assert applicant.masked_id_number in pages["/accounts/home/"]
