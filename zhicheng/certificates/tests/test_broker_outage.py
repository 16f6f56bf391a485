"""Issuing certificates with the broker down still succeeds; the relay renders the PDFs later
(issue 12 item 6: no direct .delay() after commit)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.fixtures import broker_back
from zhicheng.certificates.models import Certificate
from zhicheng.core.jobs import run_job


@pytest.fixture
def public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://zc.example.gov.cn"


def test_certificates_issued_with_the_broker_down_are_rendered_by_the_relay_later(
    world,
    public_base_url,
    broker_down,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        case = world.certified_case()
    certificate = Certificate.objects.get(case=case)
    assert not certificate.pdf  # its render message never reached the broker, and nobody got a 500

    broker_back()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert run_job("certificates_relay", force=True).endswith("处理 1 项")
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.pdf_sha256
