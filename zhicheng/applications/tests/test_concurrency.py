"""Double clicks, second tabs and retries on PostgreSQL: real threads, real connections, real row locks.

SQLite serialises writers, so these only run where DATABASE_URL points at PostgreSQL (`make test-postgres`).
"""

import threading

import pytest
from django.db import connection, connections

from tests.builders import WORK, signature_data_url
from zhicheng.applications import services, workflow
from zhicheng.applications.commitment import commitment_text, text_sha256
from zhicheng.applications.models import Application, CommitmentSignature, StatusHistory
from zhicheng.archive import services as archive_services
from zhicheng.archive.models import EntryVersion
from zhicheng.core.models import AuditEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


def _race(fn, n: int = THREADS) -> list:
    """Run fn(i) in n threads released at the same instant; return each result or exception."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_concurrent_starts_create_one_application(applicant, plan, archive):
    results = _race(
        lambda _: services.application_start(applicant=applicant, plan=plan, level="intermediate")[0].pk
    )
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1 and Application.objects.filter(applicant=applicant).count() == 1


def test_concurrent_submits_are_one_submission(ready):
    version = ready.version

    def submit(_):
        return services.application_submit(application=ready, actor=ready.applicant, expected_version=version)

    results = _race(submit)
    won = [r for r in results if isinstance(r, workflow.Outcome)]
    lost = [r for r in results if isinstance(r, workflow.TransitionError)]
    assert len(won) == 1 and len(lost) == THREADS - 1, results
    ready.refresh_from_db()
    assert ready.status == "pending" and ready.version == version + 1 and ready.round == 1
    assert StatusHistory.objects.filter(application=ready).count() == 1
    assert AuditEvent.objects.filter(event="application_submitted").count() == 1
    # The winner pinned the archive once: no duplicated automatic rows from the losers.
    assert (
        ready.entries.filter(automatic=True).count()
        == ready.entries.filter(automatic=True).values("version").distinct().count()
    )


def test_retries_without_a_version_still_submit_once(ready):
    results = _race(lambda _: services.application_submit(application=ready, actor=ready.applicant))
    assert sum(isinstance(r, workflow.Outcome) for r in results) == 1
    assert StatusHistory.objects.filter(application=ready, action="submit").count() == 1


def test_a_draft_save_racing_the_submit_never_lands_on_the_submitted_application(ready, intake):
    from tests.builders import INFO

    def save():
        return services.draft_info_save(
            application=Application.objects.get(pk=ready.pk),
            actor=ready.applicant,
            data={**INFO, "intake_department": intake, "self_statement": "提交后不应出现的内容"},
        )

    def submit():
        return services.application_submit(application=ready, actor=ready.applicant)

    results = _race(lambda i: submit() if i % 2 == 0 else save())
    ready.refresh_from_db()
    assert ready.status == "pending"
    history = StatusHistory.objects.get(application=ready)
    # Whatever the interleaving, the statement stored is either the pre-submit one or one saved before submit.
    if ready.draft.self_statement == "提交后不应出现的内容":
        assert ready.draft.saved_at <= history.at
    assert sum(isinstance(r, workflow.Outcome) for r in results) == 1


def test_one_signing_token_used_by_two_phones_signs_once(draft_app):
    token, _ = services.signing_token_create(application=draft_app, actor=draft_app.applicant)
    digest = text_sha256(commitment_text(draft_app))
    results = _race(
        lambda _: services.commitment_sign(
            token=token, image_data_url=signature_data_url(), shown_sha256=digest
        ),
        n=4,
    )
    assert sum(isinstance(r, CommitmentSignature) for r in results) == 1
    assert CommitmentSignature.objects.filter(application=draft_app).count() == 1


def test_bulk_and_single_approval_racing_decide_each_version_once(applicant, employer_user, filled_info):
    ids = [
        archive_services.entry_create(owner=applicant, kind="work", data=WORK).latest_version_id
        for _ in range(5)
    ]

    def bulk(_):
        return archive_services.entry_versions_approve_bulk(version_ids=ids, actor=employer_user)

    results = _race(bulk, n=4)
    assert sum(r for r in results if isinstance(r, int)) == 5
    assert set(EntryVersion.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"approved"}
    assert AuditEvent.objects.filter(event="archive_entry_approved").count() == 5


def _open_submit_then(ready, check):
    """Run a 提交 in a thread whose transaction stays open (row locks held) while `check` runs elsewhere."""
    from django.db import transaction

    locked, release = threading.Event(), threading.Event()
    errors: list = []

    def submitter():
        try:
            with transaction.atomic():
                services.application_submit(application=ready, actor=ready.applicant)
                locked.set()
                release.wait(timeout=30)
        except Exception as exc:
            errors.append(exc)
            locked.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=submitter)
    thread.start()
    try:
        assert locked.wait(timeout=30) and not errors, errors
        return check()
    finally:
        release.set()
        thread.join(timeout=30)


def _nowait_lock(table: str, pk: int) -> bool:
    """In this thread's own connection: can the row be locked right now (FOR UPDATE NOWAIT)?"""
    from django.db import OperationalError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pk])
            return cur.fetchone() is not None
    except OperationalError:
        return False


def test_an_open_submit_does_not_hold_the_plan_or_the_applicant_row(ready):
    """Every 提交 to one plan used to queue on the plan's row (FOR UPDATE of every select_related join)."""
    plan_free, user_free, app_free = _open_submit_then(
        ready,
        lambda: (
            _nowait_lock("plans_plan", ready.plan_id),
            _nowait_lock("accounts_user", ready.applicant_id),
            _nowait_lock("applications_application", ready.pk),
        ),
    )
    assert plan_free, "a submit in progress locks the plan row: submits to one plan run one at a time"
    assert user_free, "a submit in progress locks the applicant's user row"
    assert not app_free, "the application itself must stay locked until the submit commits"
