"""提交 reads each thing once (issue 15 §3): the statements of one submit, pinned and named.

At 200,000 applications 提交 cost 17–21× the floor with 56 statements: effective_versions ran three times
(validation, pinning, the round's snapshot), the evidence files of the archive versions were read 10
times, the personal info and the wizard draft two and three times, and a picked entry whose archive
version had moved was saved row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import ACHIEVEMENT, PAPER
from tests.factories import UserFactory
from zhicheng.applications import services
from zhicheng.applications.models import StatusHistory
from zhicheng.archive import services as archive_services

pytestmark = pytest.mark.django_db

# The statements of one 提交 of a draft, in order (SQLite and PostgreSQL alike; the test's own
# transaction turns the two atomic blocks into SAVEPOINT/RELEASE pairs):
SUBMIT_STATEMENTS = [
    "SAVEPOINT",  # application_submit's transaction
    "applications_application",  # the row lock (FOR UPDATE OF the application only), with plan, applicant, 受理点
    "archive_personalinfo",  # 个人基本信息 with the employer: completeness, the approved employer, attachments' facts
    "applications_wizarddraft",  # the draft: photo, 述职, 破格 fields; then saved with the work years
    "applications_applicationentry",  # effective_versions: the picked rows with their current archive version
    "archive_entryversion",  # effective_versions: the approved basics (学历, 工作经历, 职称, 考核, 继续教育, 社保)
    "archive_entryversion_files",  # the evidence files of every version above, once for all
    "applications_applicationattachment",  # the uploaded attachments: completeness and the round's snapshot
    "applications_commitmentsignature",  # the latest 承诺书 signature (is it for the current text?)
    "plans_plan_intake_departments",  # the plan's 受理点 (is the chosen one among them?)
    "plans_planattachment",  # the plan's required attachments and their conditions
    "UPDATE applications_wizarddraft",  # furthest step and 专业工作年限
    "DELETE applications_applicationentry",  # the automatic pins of an earlier round
    "INSERT applications_applicationentry",  # pin the basics (one bulk insert)
    # --- workflow.transition through the one engine ---
    "SAVEPOINT",
    "applications_application",  # the engine's lock (already held: no wait) with what routing needs
    "plans_planstage",  # the plan's chain of stages
    "UPDATE applications_application",  # the move, with the version check
    "INSERT core_auditevent",  # the named audit event
    "SAVEPOINT",
    "core_audithead",  # the audit chain's head
    "core_auditevent",  # events not yet chained
    "UPDATE core_auditevent",  # chain the event
    "UPDATE core_audithead",
    "RELEASE SAVEPOINT",
    "INSERT applications_statushistory",  # one row of the one history, with the round's snapshot
    "UPDATE review_reviewentry",  # the reviewers' queue record (review.tracking)
    "INSERT review_reviewentry",
    "INSERT notifications_message",  # to the applicant
    "accounts_user",  # the reviewers of the first stage
    "INSERT notifications_message",  # to them
    "RELEASE SAVEPOINT",
    "RELEASE SAVEPOINT",
]


def _statements(ready):
    ready.applicant  # noqa: B018 — loaded before counting, as the view's request.user is
    with CaptureQueriesContext(connection) as ctx:
        services.application_submit(application=ready, actor=ready.applicant, expected_version=ready.version)
    return [q["sql"] for q in ctx.captured_queries]


def _reads_of(statements, table: str) -> int:
    """SELECTs whose FROM/JOIN names the table."""
    return sum(1 for sql in statements if sql.startswith("SELECT") and f'"{table}"' in _from(sql))


def _from(sql: str) -> str:
    return sql.split(" FROM ", 1)[-1].split(" WHERE ")[0]


def _matches(label: str, sql: str) -> bool:
    if label in ("SAVEPOINT", "RELEASE SAVEPOINT"):
        return sql.startswith(label + " ")
    verb, _, table = label.rpartition(" ")
    prefix = {"UPDATE": "UPDATE ", "INSERT": "INSERT INTO ", "DELETE": "DELETE FROM "}.get(verb)
    if prefix:
        return sql.startswith(f'{prefix}"{table}"')
    return sql.startswith("SELECT") and f'"{table}"' in _from(sql)


def test_submit_runs_a_fixed_list_of_statements_and_reads_each_thing_once(ready):
    statements = _statements(ready)
    assert len(statements) == len(SUBMIT_STATEMENTS) == 33  # was 56
    for label, sql in zip(SUBMIT_STATEMENTS, statements, strict=True):
        assert _matches(label, sql), (label, sql[:200])
    # The evidence files and the archive versions: once each (were 10 and 4 reads).
    assert _reads_of(statements, "archive_entryversion_files") == 1
    assert sum(1 for sql in statements if sql.startswith('SELECT "archive_entryversion".')) == 1
    assert _reads_of(statements, "archive_personalinfo") == 1
    assert _reads_of(statements, "applications_wizarddraft") == 1
    # Each version comes with its entry (a summary asked of a moved version read its entry row by row).
    assert not any(sql.startswith('SELECT "archive_entry".') for sql in statements)
    ready.refresh_from_db()
    assert ready.status == "pending" and ready.entries.filter(automatic=True).count() == 7


def test_moved_archive_versions_are_pinned_in_one_statement_and_the_snapshot_names_them(
    ready, archive, employer_user
):
    """Both picked achievements changed and were approved again after they were picked: 提交 pins the
    new versions (one bulk UPDATE, not one per row) and the round's snapshot names them."""
    new = {}
    for name, data in (("patent", ACHIEVEMENT), ("paper", PAPER)):
        version = archive_services.entry_update(
            entry=archive[name], actor=ready.applicant, data={**data, "rank": 2}
        )
        archive_services.entry_version_approve(version=version.pk, actor=employer_user)
        new[name] = version.pk
    statements = _statements(ready)
    assert len(statements) == len(SUBMIT_STATEMENTS) + 1  # the one UPDATE of the moved pins
    assert sum(1 for sql in statements if sql.startswith('UPDATE "applications_applicationentry"')) == 1
    picked = set(ready.entries.filter(automatic=False).values_list("version_id", flat=True))
    assert picked == set(new.values())
    snapshot = StatusHistory.objects.get(application=ready, action="submit").data["snapshot"]
    assert {e["version"] for e in snapshot["entries"]} == set(new.values())
    assert all(e["number"] == 2 and e["summary"] for e in snapshot["entries"])


def test_more_archive_entries_do_not_add_statements(ready, employer_user):
    """Three more approved 继续教育 and 考核 entries: the same number of statements (no read per row)."""
    for kind, data in (
        (
            "continuing_education",
            {"year": 2022, "category": "professional", "hours": 40, "route": "registry"},
        ),
        ("continuing_education", {"year": 2021, "category": "general", "hours": 30, "route": "registry"}),
        ("assessment", {"year": 2021, "result": "qualified"}),
    ):
        entry = archive_services.entry_create(owner=ready.applicant, kind=kind, data=data)
        archive_services.entry_version_approve(version=entry.latest_version_id, actor=employer_user)
    assert len(_statements(ready)) == len(SUBMIT_STATEMENTS)
    assert ready.entries.filter(automatic=True).count() == 10


def test_the_submit_page_reads_the_application_once_and_a_stranger_gets_not_found(
    ready, client, login, applicant
):
    """The page used to read the application with nine joined tables (plan, committee, employer, region,
    stages, draft …) only to check its owner, then the service locked and read it again: ~6 ms of a 60 ms
    提交 at 200,000 applications. The service's locked read checks the owner; a stranger still gets 404."""
    stranger = UserFactory()
    login(stranger)
    assert client.post(f"/applications/{ready.pk}/submit/", {"version": ready.version}).status_code == 404
    ready.refresh_from_db()
    assert ready.status == "draft"

    client.logout()
    login(applicant)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/applications/{ready.pk}/submit/", {"version": ready.version})
    assert response.status_code == 302 and response["Location"] == f"/applications/{ready.pk}/"
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "applications_application"."id"')
    ]
    assert len(reads) == 2  # the service's lock and the engine's (already held) — no read before them
    if connection.features.has_select_for_update:
        assert all(" FOR UPDATE" in sql for sql in reads)
