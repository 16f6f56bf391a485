# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""Stored verdicts: written at 提交, re-run for a whole plan in the background, counted per outcome."""

import pytest

from tests.factories import CommitteeFactory, staff
from zhicheng.applications import services as application_services
from zhicheng.applications.tests.conftest import *  # noqa: F403  the wizard's fixtures (ready application)
from zhicheng.eligibility.models import EligibilityCheck, EligibilityRun

pytestmark = pytest.mark.django_db


def test_submitting_records_the_verdict_after_commit(ready, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_submit(application=ready, actor=applicant)
    check = EligibilityCheck.objects.get(application=ready)
    assert check.ruleset_id == "wenzhou-mech-2020"
    assert check.outcome in {"eligible", "ineligible", "needs_review"}
    assert check.result["criteria"] and all("clause" in c for c in check.result["criteria"])


def test_office_reruns_a_plan_and_sees_counts_per_outcome(
    client, login, ready, applicant, plan, django_capture_on_commit_callbacks
):
    application_services.application_submit(
        application=ready, actor=applicant
    )  # on_commit not run: no verdict yet
    assert not EligibilityCheck.objects.exists()
    office = staff("committee_office", plan.committee.organization)
    login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/eligibility/plans/{plan.pk}/")
    assert response.status_code == 302
    run = EligibilityRun.objects.get()
    assert run.status == "done" and run.total == 1 and run.done == 1 and sum(run.counts.values()) == 1
    outcome = EligibilityCheck.objects.get(application=ready).outcome
    page = client.get(f"/eligibility/plans/{plan.pk}/").content.decode()
    assert dict(EligibilityCheck.Outcome.choices)[outcome] in page and "已完成" in page


def test_another_committee_cannot_see_or_rerun_the_plan(client, login, plan, regions):
    other = staff("committee_office", CommitteeFactory().organization)
    login(other)
    assert client.get(f"/eligibility/plans/{plan.pk}/").status_code == 404
    assert client.post(f"/eligibility/plans/{plan.pk}/").status_code == 404
    assert not EligibilityRun.objects.exists()
