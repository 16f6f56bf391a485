# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""Stored verdicts: written at 提交, re-run for a whole plan in the background, counted per outcome."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import CommitteeFactory, staff
from tests.fixtures import broker_back
from zhicheng.applications import services as application_services
from zhicheng.core.jobs import run_job
from zhicheng.eligibility import services as eligibility_services
from zhicheng.eligibility.models import EligibilityCheck, EligibilityRun
from zhicheng.eligibility.tasks import eligibility_relay, rerun_plan

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


def test_submit_and_rerun_with_the_broker_down_succeed_and_the_relay_finishes_them(
    client,
    login,
    ready,
    applicant,
    plan,
    broker_down,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_submit(application=ready, actor=applicant)
    ready.refresh_from_db()
    assert ready.status == "pending" and not EligibilityCheck.objects.exists()
    office = staff("committee_office", plan.committee.organization)
    login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/eligibility/plans/{plan.pk}/")
    assert response.status_code == 302
    run = EligibilityRun.objects.get()
    assert run.status == "queued"

    broker_back()
    assert eligibility_relay() == 0  # less than a minute old: their own messages may still come
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        # The queued re-run goes first and evaluates the application too: one message covers both.
        assert run_job("eligibility_relay", force=True).endswith("处理 1 项")
        assert eligibility_relay() == 0  # nothing left: a second pass sends nothing again
    run.refresh_from_db()
    assert run.status == "done" and run.total == 1
    assert EligibilityCheck.objects.filter(application=ready).exists()


def test_a_submit_whose_verdict_was_lost_is_evaluated_by_the_relay(
    ready,
    applicant,
    broker_down,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_submit(application=ready, actor=applicant)
    assert not EligibilityCheck.objects.exists()
    broker_back()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert eligibility_relay() == 1
        assert eligibility_relay() == 0
    assert EligibilityCheck.objects.filter(application=ready).exists()


def test_a_rerun_message_delivered_twice_runs_once(
    ready, applicant, plan, django_capture_on_commit_callbacks
):
    application_services.application_submit(application=ready, actor=applicant)
    office = staff("committee_office", plan.committee.organization)
    with django_capture_on_commit_callbacks(execute=True):
        run = eligibility_services.eligibility_rerun_start(plan=plan, actor=office)
    run.refresh_from_db()
    assert run.status == "done"
    assert rerun_plan(run.pk) == {}  # the duplicate finds the run claimed and does nothing
