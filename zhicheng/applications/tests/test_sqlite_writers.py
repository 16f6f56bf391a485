"""Concurrent writers on SQLite, the database `make run` uses (issue 12 item 5).

Real threads, each with its own connection to a file database. Before write transactions were
opened IMMEDIATE, two transactions that both read and then wrote deadlocked on the upgrade from
a read lock to a write lock, and SQLite answered one of them at once with "database is locked"
(an HTTP 500), whatever the busy timeout. IMMEDIATE takes the write lock at BEGIN, so a second
writer waits its turn (up to the busy timeout) instead.
"""

import threading
from collections import Counter
from datetime import date

import pytest
from django.db import connection, connections

from tests.builders import WORK
from tests.factories import EmployerFactory, UserFactory
from zhicheng.applications import services, workflow
from zhicheng.applications.models import StatusHistory
from zhicheng.archive import services as archive_services
from zhicheng.archive.models import Establishment
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single-writer lock; PostgreSQL has its own tests in test_concurrency.py")


def _race(calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _errors(results) -> list:
    return [r for r in results if isinstance(r, Exception) and not isinstance(r, workflow.TransitionError)]


def test_sqlite_write_transactions_are_immediate_with_a_busy_timeout():
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_two_applicants_saving_at_once_never_see_database_is_locked(regions):
    employer = EmployerFactory()
    applicants = [UserFactory(real_name="胡小明"), UserFactory(real_name="林晓燕")]

    def save(user, n):
        def call():
            archive_services.personal_info_save(
                user=user,
                data={
                    "employer": employer,
                    "department": f"技术部{n}",
                    "post": "机械设计工程师",
                    "work_start": date(2012, 7, 1),
                    "education_level": "bachelor",
                    "degree": "bachelor_degree",
                    "specialty": "机械",
                    "establishment": Establishment.NONE,
                    "email": "",
                },
            )
            return archive_services.entry_create(owner=user, kind="work", data=dict(WORK))

        return call

    results = []
    for n in range(5):  # ×5 rounds of 2 applicants each saving twice at the same instant
        results += _race([save(u, n) for u in applicants for _ in range(2)])
    assert _errors(results) == []


def test_ten_concurrent_submits_of_one_application_make_one_transition(ready):
    results = _race(
        [lambda: services.application_submit(application=ready, actor=ready.applicant) for _ in range(10)]
    )
    assert _errors(results) == [], results
    assert sum(isinstance(r, workflow.Outcome) for r in results) == 1
    assert StatusHistory.objects.filter(application=ready, action="submit").count() == 1
    assert AuditEvent.objects.filter(event="application_submitted").count() == 1


def test_concurrent_payment_callbacks_record_one_payment(regions):
    from zhicheng.evaluation.models import Payment
    from zhicheng.evaluation.payments import SandboxProvider
    from zhicheng.evaluation.services.payments import payment_callback_receive, payment_order_start
    from zhicheng.evaluation.tests.helpers import World

    case = World().case()
    order = payment_order_start(case=case, actor=case.application.applicant)
    sandbox = SandboxProvider()
    deliveries = [sandbox.build_callback(order) for _ in range(10)]
    results = _race(
        [
            lambda b=b, s=s: payment_callback_receive(provider_code="sandbox", body=b, signature=s)
            for b, s in deliveries
        ]
    )
    assert _errors(results) == [], results
    assert Counter(r.outcome for r in results) == {"recorded": 1, "duplicate": 9}
    assert Payment.objects.filter(case=case).count() == 1
