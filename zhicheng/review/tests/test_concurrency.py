"""SECURITY.md 21–22 on PostgreSQL: two reviewers acting on one file at the same moment → exactly one transition."""

import threading

import pytest
from django.db import connection, connections

from tests.factories import staff
from zhicheng.applications.models import StatusHistory
from zhicheng.applications.workflow import TransitionError
from zhicheng.core.models import AuditEvent
from zhicheng.review import services

from .conftest import finished_publicity

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls):
    """Run the calls in their own threads and database connections, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except TransitionError as exc:
            results[i] = ("refused", str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and real concurrent connections (run with DATABASE_URL)")


@pytest.mark.parametrize("round_", range(5))
def test_two_reviewers_deciding_at_once_make_exactly_one_decision(chain, round_):
    app = chain.new_application(f"胡小明{round_}")
    colleague = staff("employer", chain.employer.organization, real_name="周同事")
    version = app.version
    results = _race(
        [
            lambda: services.application_approve(
                application=app,
                actor=chain.employer_user,
                opinion="同意推荐",
                publicity=finished_publicity(),
                expected_version=version,
            ),
            lambda: services.application_return(
                application=app, actor=colleague, reason="请补充学历证书", expected_version=version
            ),
        ]
    )
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["ok", "refused"], results
    refused = next(r[1] for r in results if r[0] == "refused")
    assert refused == "该申报已被他人处理，请刷新页面查看最新状态。"
    decisions = StatusHistory.objects.filter(application=app).exclude(action="submit")
    assert decisions.count() == 1
    assert (
        AuditEvent.objects.filter(
            object_id=str(app.pk), event__in=["application_approved", "application_returned"]
        ).count()
        == 1
    )
    app.refresh_from_db()
    assert app.version == version + 1


def test_many_racers_without_a_version_still_make_one_decision(chain):
    app = chain.new_application("胡小明")
    reviewers = [chain.employer_user] + [staff("employer", chain.employer.organization) for _ in range(5)]
    results = _race(
        [
            lambda r=r: services.application_reject(
                application=app.pk and app, actor=r, reason="不符合申报条件"
            )
            for r in reviewers
        ]
    )
    assert [r[0] for r in results].count("ok") == 1, results
    assert all("不能执行" in r[1] or "已被他人处理" in r[1] for r in results if r[0] == "refused")
    assert StatusHistory.objects.filter(application=app, action="reject").count() == 1


def test_withdrawal_racing_the_employer_opening_the_file_never_both_succeed(chain):
    for i in range(5):
        app = chain.new_application(f"撤回{i}")
        version = app.version
        from zhicheng.applications import workflow

        results = _race(
            [
                lambda a=app: services.review_mark_started(application=a, actor=chain.employer_user),
                lambda a=app, v=version: workflow.transition(
                    application=a, action="withdraw", actor=a.applicant, expected_version=v
                ),
            ]
        )
        app.refresh_from_db()
        started, withdrawn = results[0], results[1]
        if withdrawn[0] == "ok":
            assert app.status == "draft" and app.review_started_at is None
        else:
            assert app.status == "pending" and app.review_started_at is not None
        assert started[0] == "ok"
