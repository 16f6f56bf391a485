# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""Per-application PDFs rendered once per version by the worker and served from storage (issue 15)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from zhicheng.applications import services as application_services
from zhicheng.documents import pdf, rendered
from zhicheng.documents.models import RenderedDocument

from .conftest import *  # noqa: F403  the chain's fixtures
from .conftest import approve_at_employer, complete_info
from .test_downloads import masked, pdf_text, review_form_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendering(settings):
    settings.RENDER_DOCUMENTS_AFTER_TRANSITION = True


@pytest.fixture
def no_render_in_request(monkeypatch):
    """Fails a request that renders a 评审表 itself: the stored copy must be served."""
    calls = []
    real = pdf.review_form_pdf
    monkeypatch.setattr(pdf, "review_form_pdf", lambda *a, **k: calls.append(k) or real(*a, **k))
    return calls


def _submit(ready, applicant, capture):
    complete_info(applicant)
    with capture(execute=True):
        application_services.application_submit(application=ready, actor=applicant)
    ready.refresh_from_db()
    return ready


def test_the_worker_renders_each_version_once_and_requests_read_it_from_storage(
    rendering,
    login,
    ready,
    applicant,
    people,
    no_render_in_request,
    django_capture_on_commit_callbacks,
):
    submitted = _submit(ready, applicant, django_capture_on_commit_callbacks)
    rows = {
        (r.kind, r.variant, r.revealed): r for r in RenderedDocument.objects.filter(application=submitted)
    }
    assert set(rows) == {("review_form", "a4", False), ("review_form", "a4", True)}
    assert all(default_storage.exists(r.file.name) for r in rows.values())
    rendered_calls = len(no_render_in_request)
    assert rendered_calls == 2

    # The applicant's copy (full numbers) and the reviewer's (masked) come from storage: no render.
    own = login(applicant).get(review_form_url(submitted))
    assert own.status_code == 200 and applicant.id_number in pdf_text(own)
    reviewer = login(people.employer_user).get(review_form_url(submitted))
    assert reviewer.status_code == 200
    assert masked(applicant.id_number) in pdf_text(reviewer) and applicant.id_number not in pdf_text(reviewer)
    assert len(no_render_in_request) == rendered_calls
    # A duplicate message renders nothing: the version is current.
    assert rendered.render_all(submitted.pk) == 0

    # A decision changes the version: the stored copy is not served; once the worker renders the new
    # version (after the commit), the old file is gone from storage.
    old = rows[("review_form", "a4", False)].file.name
    with django_capture_on_commit_callbacks(execute=True):
        approve_at_employer(submitted, people.employer_user)
    submitted.refresh_from_db()
    row = RenderedDocument.objects.get(
        application=submitted, kind="review_form", variant="a4", revealed=False
    )
    assert row.key == rendered.document_key(submitted) and row.file.name != old
    assert not default_storage.exists(old)
    assert "同意推荐" in pdf_text(login(people.employer_user).get(review_form_url(submitted)))


def test_a_version_the_worker_has_not_reached_is_rendered_in_the_request(
    login, ready, applicant, people, no_render_in_request, django_capture_on_commit_callbacks
):
    # No worker rendering (as after a broker outage): the request renders and stores nothing (GET).
    submitted = _submit(ready, applicant, django_capture_on_commit_callbacks)
    assert not RenderedDocument.objects.exists()
    response = login(people.employer_user).get(review_form_url(submitted))
    assert response.status_code == 200 and pdf_text(response)
    assert len(no_render_in_request) == 1
    assert not RenderedDocument.objects.exists()

    # A stored copy of an older key is not served either: the personal information changed since.
    rendered.render_all(submitted.pk)
    info = applicant.personal_info
    info.ethnicity = "畲族"
    info.save()
    response = login(people.employer_user).get(review_form_url(submitted))
    assert response.status_code == 200 and "畲族" in pdf_text(response)
