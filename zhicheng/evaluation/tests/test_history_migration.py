"""Nothing acknowledged is lost: the evaluation's own history (CaseHistory, before issue 13) is carried into
the one history with its actor, time, statuses, action, opinion, data and audit link.

The database is taken back to the migration before the merge (CaseHistory exists again), rows are written
in the old shape with the historical model, and the migrations are run forward again."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import PlanFactory, staff
from zhicheng.applications.models import StatusHistory
from zhicheng.core import audit
from zhicheng.core.models import AuditEvent

from .helpers import open_case

BEFORE = [("evaluation", "0005_chinese_labels")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_case_history_rows_are_carried_into_the_one_history(regions):
    plan = PlanFactory()
    case = open_case(plan)
    office = staff("committee_office", plan.committee.organization)
    # Whatever opening the case wrote through today's engine is not part of what is being carried.
    StatusHistory.objects.filter(machine="evaluation").delete()
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()

    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        CaseHistory = old.get_model("evaluation", "CaseHistory")  # noqa: N806 - the historical model
        t0 = timezone.now() - timedelta(days=3)
        # An audit event for each audited move, as evaluation/events.py wrote them.
        paid = audit.record(
            "evaluation_case_paid",
            obj=case,
            actor_label="provider:sandbox",
            role="system",
            from_status="awaiting_payment",
            to_status="awaiting_review",
        )
        cancelled = audit.record(
            "evaluation_case_cancelled",
            actor=office,
            obj=case,
            from_status="awaiting_review",
            to_status="cancelled",
        )
        AuditEvent.objects.filter(pk=paid.pk).update(at=t0)
        AuditEvent.objects.filter(pk=cancelled.pk).update(at=t0 + timedelta(hours=2))
        rows = [
            dict(
                at=t0,
                actor_id=None,
                actor_label="provider:sandbox",
                role="system",
                action="pay",
                from_status="awaiting_payment",
                to_status="awaiting_review",
                opinion="",
                data={"receipt": "R-001"},
            ),
            dict(
                at=t0 + timedelta(hours=2, seconds=1),
                actor_id=office.pk,
                actor_label="",
                role="committee_office",
                action="cancel",
                from_status="awaiting_review",
                to_status="cancelled",
                opinion="申报材料弄虚作假",
                data={},
            ),
            # A move whose audit event is gone (purged by retention): carried all the same, without a link.
            dict(
                at=t0 + timedelta(hours=3),
                actor_id=office.pk,
                actor_label="",
                role="committee_office",
                action="revoke",
                from_status="cancelled",
                to_status="revoked",
                opinion="撤销",
                data={},
            ),
        ]
        for row in rows:
            CaseHistory.objects.create(case_id=case.pk, **row)
        assert CaseHistory.objects.count() == 3
    finally:
        _migrate(leaves)

    assert "evaluation_casehistory" not in connection.introspection.table_names()
    carried = list(StatusHistory.objects.filter(machine="evaluation").order_by("at", "id"))
    assert len(carried) == len(rows) == 3
    for h, row in zip(carried, rows, strict=True):
        assert h.application_id == case.application_id
        assert (
            h.at,
            h.actor_id,
            h.actor_label,
            h.role,
            h.action,
            h.from_status,
            h.to_status,
            h.opinion,
            h.data,
        ) == (
            row["at"],
            row["actor_id"],
            row["actor_label"],
            row["role"],
            row["action"],
            row["from_status"],
            row["to_status"],
            row["opinion"],
            row["data"],
        )
    assert [h.audit_event_id for h in carried] == [paid.pk, cancelled.pk, None]
    assert carried[1].organization_id == office.organization_id and carried[0].organization_id is None
    # The carried rows read as the case's history and label themselves from the evaluation's table.
    assert list(case.history.values_list("action", flat=True)) == ["pay", "cancel", "revoke"]
    assert carried[1].get_action_display() == "取消评审资格"
    assert carried[1].get_to_status_display() == "已取消评审资格"
