# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""The plan-wide re-run in chunks with bulk writes, and the stored verdict read by the detail pages (issue 15)."""

import dataclasses
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import staff
from zhicheng.applications import services as application_services
from zhicheng.applications.models import Application
from zhicheng.applications.tests.conftest import *  # noqa: F403  the wizard's fixtures (ready application)
from zhicheng.certificates.models import IntegrityRecord
from zhicheng.eligibility import checks, tasks
from zhicheng.eligibility import services as eligibility_services
from zhicheng.eligibility.models import EligibilityCheck, EligibilityRun, EligibilityRunChunk

pytestmark = pytest.mark.django_db


def _comparable(check):
    return (check.result, check.error, check.basis)


@pytest.fixture
def submitted(ready, applicant):
    application_services.application_submit(application=ready, actor=applicant)
    ready.refresh_from_db()
    return ready


def test_bulk_checks_give_the_same_verdict_and_basis_as_one_at_a_time(submitted, applicant, plan):
    one = checks.check_application(submitted)
    assert one.result and one.basis
    chunk = Application.objects.filter(pk=submitted.pk).select_related("plan", "applicant", "draft")
    assert _comparable(checks.check_applications(chunk)[submitted.pk]) == _comparable(one)

    # An integrity record and a 实操评议 result change the verdict (and its basis) the same way on both paths.
    year = plan.seniority_cutoff.year - 1
    IntegrityRecord.objects.create(
        person=applicant,
        organization=plan.committee.organization,
        kind=IntegrityRecord.Kind.FORGED,
        description="伪造学历证书",
        decided_on=date(year, 5, 1),
        ban_from_year=year + 1,
        ban_until_year=year + 3,
        clause="浙人社发〔2019〕64号",
        recorded_by=staff("committee_office", plan.committee.organization),
        recorded_at=timezone.now(),
    )
    eligibility_services.practical_assessment_record(application=submitted, passed=False)
    barred = checks.check_application(submitted)
    assert barred.outcome == "ineligible" and barred.basis != one.basis
    assert _comparable(checks.check_applications(chunk)[submitted.pk]) == _comparable(barred)


def test_a_rerun_goes_in_chunks_with_one_upsert_each(
    submitted, plan, monkeypatch, django_assert_max_num_queries
):
    # A second submitted application of the same plan (another applicant, with no archive).
    other = Application.objects.create(
        plan=plan,
        applicant=staff("applicant", None),
        level="intermediate",
        declaration_type="normal",
        status="qualified",
        submitted_at=timezone.now(),
    )
    monkeypatch.setattr(tasks, "CHUNK", 1)
    office = staff("committee_office", plan.committee.organization)
    run = EligibilityRun.objects.create(plan=plan, requested_by=office)
    tasks.rerun_plan(run.pk)  # eager: every chunk task runs inline
    run.refresh_from_db()
    assert run.status == "done" and run.total == 2 and run.done == 2 and sum(run.counts.values()) == 2
    chunks = list(EligibilityRunChunk.objects.filter(run=run).values_list("first_id", "last_id", "status"))
    assert chunks == [(submitted.pk, submitted.pk, "done"), (other.pk, other.pk, "done")]
    assert EligibilityCheck.objects.get(application=other).outcome == checks.check_application(other).outcome
    stored = EligibilityCheck.objects.get(application=submitted)
    assert (stored.result, stored.basis) == (
        checks.check_application(submitted).result,
        checks.check_application(submitted).basis,
    )

    # A chunk's queries do not grow with its size: the same handful for one application or many.
    EligibilityRunChunk.objects.filter(run=run).update(status="queued")
    whole = EligibilityRunChunk.objects.create(run=run, first_id=submitted.pk, last_id=other.pk)
    EligibilityRun.objects.filter(pk=run.pk).update(status="running")
    with django_assert_max_num_queries(16):
        assert sum(tasks.rerun_chunk(whole.pk).values()) == 2
    assert tasks.rerun_chunk(whole.pk) == {}  # delivered twice: claimed once


def test_the_relay_hands_out_a_chunk_whose_message_was_lost(submitted, plan):
    office = staff("committee_office", plan.committee.organization)
    run = EligibilityRun.objects.create(plan=plan, requested_by=office, status="running", total=1)
    chunk = EligibilityRunChunk.objects.create(run=run, first_id=submitted.pk, last_id=submitted.pk)
    assert tasks.eligibility_relay() == 0  # under a minute old: its own message may still come
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert tasks.eligibility_relay() == 1
    chunk.refresh_from_db()
    run.refresh_from_db()
    assert chunk.status == "done" and run.status == "done" and run.done == 1


def test_a_chunk_whose_worker_died_is_handed_out_again(submitted, plan):
    eligibility_services.eligibility_record(application=submitted)  # only the chunk is left to do
    office = staff("committee_office", plan.committee.organization)
    run = EligibilityRun.objects.create(plan=plan, requested_by=office, status="running", total=1)
    claimed = timezone.now()
    chunk = EligibilityRunChunk.objects.create(
        run=run, first_id=submitted.pk, last_id=submitted.pk, status="running", claimed_at=claimed
    )
    with time_machine.travel(claimed + timedelta(minutes=5)):
        assert tasks.eligibility_relay() == 0  # still being worked on
    with time_machine.travel(claimed + timedelta(minutes=11)):
        assert tasks.eligibility_relay() == 1
    chunk.refresh_from_db()
    assert chunk.status == "done"


def test_the_reviewers_page_reads_the_stored_verdict_and_evaluates_only_after_a_change(
    client, login, submitted, employer_user, monkeypatch, django_capture_on_commit_callbacks
):
    eligibility_services.eligibility_record(application=submitted)
    calls = []
    real = checks.evaluate
    monkeypatch.setattr(checks, "evaluate", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    login(employer_user)
    url = f"/review/applications/{submitted.pk}/"
    stored = EligibilityCheck.objects.get(application=submitted)
    page = client.get(url).content.decode()
    assert calls == []  # a plain view: the stored verdict, no evaluation
    assert stored.get_outcome_display() in page and stored.result["criteria"][0]["detail"] in page
    client.get(url)
    assert calls == []

    # The archive changes (the personal information is edited): the page evaluates afresh, writes nothing.
    info = submitted.applicant.personal_info
    info.post = "总工程师"
    info.save()
    client.get(url)
    assert len(calls) == 1
    assert EligibilityCheck.objects.get(application=submitted).basis == stored.basis  # GET wrote nothing

    # The rule set's version changes: evaluated afresh as well.
    eligibility_services.eligibility_record(application=submitted)
    client.get(url)
    assert len(calls) == 2  # the record above evaluated once; the view did not
    ruleset = checks.get_ruleset(submitted.plan.ruleset_id)
    newer = dataclasses.replace(ruleset, version=ruleset.version + 1)
    monkeypatch.setattr(checks, "get_ruleset", lambda *a, **k: newer)
    client.get(url)
    assert len(calls) == 3
