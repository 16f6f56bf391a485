"""Keeps ReviewEntry in step with the workflow. Called by workflow.transition() inside its
transaction, after the status-history row is written, so both commit or neither does."""

from __future__ import annotations

from django.db.models import F

from zhicheng.applications.models import Action, Application, Status, StatusHistory

from . import counts
from .models import EntryState, ReviewEntry

DECISION_STATE = {
    Action.APPROVE: EntryState.APPROVED,
    Action.RETURN: EntryState.RETURNED,
    Action.REJECT: EntryState.REJECTED,
}


def track_transition(*, application: Application, history: StatusHistory, acting_org_id: int | None) -> None:
    action = history.action
    if acting_org_id and action in DECISION_STATE:
        updated = ReviewEntry.objects.filter(application=application, organization_id=acting_org_id).update(
            state=DECISION_STATE[action],
            decided_at=history.at,
            last_opinion=history.opinion,
            returned_count=F("returned_count") + (1 if action == Action.RETURN else 0),
        )
        if not updated and history.stage_id:
            # A file that predates tracking: record the decision all the same.
            _create(
                application,
                acting_org_id,
                history.stage,
                state=DECISION_STATE[action],
                at=history.at,
                decided_at=history.at,
                opinion=history.opinion,
                returned=1 if action == Action.RETURN else 0,
            )
    elif action == Action.WITHDRAW and acting_org_id:
        ReviewEntry.objects.filter(application=application, organization_id=acting_org_id).update(
            state=EntryState.WITHDRAWN, decided_at=history.at
        )
    if application.status == Status.PENDING and application.current_org_id:
        _arrive(application, history.at)
    # The tab counts of every organisation whose records may have changed are recounted after commit.
    counts.changed(acting_org_id, application.current_org_id)


def _arrive(application: Application, at) -> None:
    stage = application.current_stage
    updated = ReviewEntry.objects.filter(
        application=application, organization_id=application.current_org_id
    ).update(state=EntryState.PENDING, stage=stage, stage_kind=stage.kind, arrived_at=at, decided_at=None)
    if not updated:
        _create(application, application.current_org_id, stage, state=EntryState.PENDING, at=at)


def _create(application, org_id, stage, *, state, at, decided_at=None, opinion="", returned=0) -> None:
    ReviewEntry.objects.create(
        application=application,
        organization_id=org_id,
        stage=stage,
        stage_kind=stage.kind,
        plan_id=application.plan_id,
        year=application.plan.year,
        state=state,
        arrived_at=at,
        decided_at=decided_at,
        last_opinion=opinion,
        returned_count=returned,
    )


def rebuild_entries(application_ids=None) -> int:
    """Recompute ReviewEntry from the status history (for data loaded without the workflow, or to
    check the incremental bookkeeping); returns the number of entries written.

    Every organisation that decided on a file, or held it when the applicant withdrew it, appears
    in the history; the organisation holding a pending file now comes from the application row.
    """
    apps = Application.objects.select_related("plan", "current_stage").order_by("pk")
    if application_ids is not None:
        apps = apps.filter(pk__in=application_ids)
    ids_all = list(apps.values_list("pk", flat=True))
    written = 0
    for offset in range(0, len(ids_all), 1000):
        ids = ids_all[offset : offset + 1000]
        by_app = {a.pk: a for a in apps.filter(pk__in=ids)}
        rows: dict[tuple[int, int], dict] = {}
        last_at: dict[int, object] = {}
        history = (
            StatusHistory.objects.filter(application_id__in=ids, machine="application")
            .select_related("stage")
            .order_by("at", "id")
        )
        for h in history:
            key = (h.application_id, h.organization_id)
            if h.organization_id and h.action in DECISION_STATE:
                row = rows.setdefault(key, {"returned_count": 0})
                row.update(
                    stage=h.stage,
                    state=DECISION_STATE[h.action],
                    arrived_at=last_at.get(h.application_id, h.at),
                    decided_at=h.at,
                    last_opinion=h.opinion,
                )
                row["returned_count"] += 1 if h.action == Action.RETURN else 0
            elif h.organization_id and h.action == Action.WITHDRAW and h.stage_id:
                row = rows.setdefault(key, {"returned_count": 0, "last_opinion": ""})
                row.update(
                    stage=h.stage,
                    state=EntryState.WITHDRAWN,
                    arrived_at=last_at.get(h.application_id, h.at),
                    decided_at=h.at,
                )
            last_at[h.application_id] = h.at
        for app in by_app.values():
            if app.status == Status.PENDING and app.current_org_id:
                row = rows.setdefault((app.pk, app.current_org_id), {"returned_count": 0})
                row.update(
                    stage=app.current_stage,
                    state=EntryState.PENDING,
                    arrived_at=last_at.get(app.pk) or app.status_changed_at or app.created_at,
                    decided_at=None,
                )
        ReviewEntry.objects.filter(application_id__in=ids).delete()
        ReviewEntry.objects.bulk_create(
            [
                ReviewEntry(
                    application_id=app_id,
                    organization_id=org_id,
                    stage=row["stage"],
                    stage_kind=row["stage"].kind,
                    plan_id=by_app[app_id].plan_id,
                    year=by_app[app_id].plan.year,
                    state=row["state"],
                    returned_count=row["returned_count"],
                    arrived_at=row["arrived_at"],
                    decided_at=row.get("decided_at"),
                    last_opinion=row.get("last_opinion", ""),
                )
                for (app_id, org_id), row in rows.items()
            ],
            batch_size=2000,
        )
        written += len(rows)
    counts.all_changed()
    return written
