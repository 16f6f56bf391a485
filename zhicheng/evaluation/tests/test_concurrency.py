"""Real concurrency on PostgreSQL (SECURITY.md 21–23): racing deliveries, racing clicks, racing ballots."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone

from zhicheng.applications.models import StatusHistory
from zhicheng.certificates.models import Certificate
from zhicheng.evaluation.models import Payment, PaymentCallback, Vote
from zhicheng.evaluation.payments import SandboxProvider
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.payments import (
    payment_callback_receive,
    payment_offline_record,
    payment_order_start,
)
from zhicheng.evaluation.services.votes import attendance_record, meeting_open, vote_cast

from .helpers import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and real concurrent connections (run with DATABASE_URL)")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except ServiceError as exc:
            results[i] = ("refused", str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_eight_simultaneous_deliveries_of_one_callback_record_one_payment(regions):
    world = World()
    case = world.case()
    order = payment_order_start(case=case, actor=case.application.applicant)
    sandbox = SandboxProvider()
    deliveries = [sandbox.build_callback(order) for _ in range(8)]
    results = _race(
        [
            lambda b=b, s=s: payment_callback_receive(provider_code="sandbox", body=b, signature=s)
            for b, s in deliveries
        ]
    )
    outcomes = Counter(r[1].outcome for r in results)
    assert outcomes == {"recorded": 1, "duplicate": 7}
    assert Payment.objects.filter(case=case).count() == 1
    assert (
        StatusHistory.objects.filter(
            application_id=case.application_id, machine="evaluation", action="pay"
        ).count()
        == 1
    )
    assert PaymentCallback.objects.filter(order_number=order.order_number).count() == 8


def test_two_offices_clicks_recording_the_same_fee_make_one_payment(regions):
    world = World()
    case = world.case()
    calls = [
        lambda n=n: payment_offline_record(
            case=case,
            actor=world.office,
            receipt_number=f"SJ00{n}",
            amount="180",
            paid_on=timezone.localdate(),
        )
        for n in range(4)
    ]
    results = _race(calls)
    assert Counter(r[0] for r in results) == {"ok": 1, "refused": 3}
    assert Payment.objects.filter(case=case).count() == 1


def test_an_expert_double_clicking_a_ballot_casts_one_vote(regions):
    world = World(experts=3)
    case = world.pay(world.case())
    world.assign(case)
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts)
    user = world.experts[0].user
    results = _race(
        [lambda: vote_cast(meeting=meeting, case=case, user=user, choice="yes") for _ in range(5)]
    )
    assert Counter(r[0] for r in results) == {"ok": 1, "refused": 4}
    assert Vote.objects.filter(case=case).count() == 1


def test_two_bureau_clicks_on_approve_issue_one_certificate(regions):
    from zhicheng.evaluation.services.results import results_approve

    world = World(experts=3)
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    world.close_publicity(world.publicise(case))
    year = timezone.localdate().year
    results = _race(
        [
            lambda n=n: results_approve(
                plan=world.plan,
                actor=world.bureau,
                document_number=f"温人社发〔{year}〕{n}号",
                approved_on=timezone.localdate(),
            )
            for n in (1, 2)
        ]
    )
    assert Counter(r[0] for r in results) == {"ok": 1, "refused": 1}
    assert Certificate.objects.filter(case=case).count() == 1


def test_the_results_publicity_opens_outside_a_request_transaction(world):
    """ATOMIC_REQUESTS is off: the office's 发布公示 calls the service with no transaction around it, and its
    row locks need one (found by run_season: TransactionManagementError on PostgreSQL)."""
    from datetime import timedelta

    from zhicheng.core.workdays import calendar
    from zhicheng.evaluation.services.results import result_publicity_open

    cases = [world.pay(world.case())]
    world.assign(*cases)
    world.vote(cases)
    assert not connection.in_atomic_block
    start = calendar().next_workday(timezone.localdate() + timedelta(days=1))
    publicity = result_publicity_open(
        plan=world.plan, actor=world.office, title="评审结果公示", start=start,
        end=calendar().end_of_period(start, 5), contact="电话 0577-88888888",
    )  # fmt: skip
    assert publicity.entries.count() == 1
