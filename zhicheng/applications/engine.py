"""The one transition engine for the whole life of an application, draft to certificate (DESIGN.md §4.3).

Two transition tables run on it, both data: the review chain's (applications/workflow.py, on
Application.status: draft → pending → qualified) and the evaluation's (evaluation/machine.py, on
EvaluationCase.status: fee → assessments → expert review → 公示 and approval → certificate). A table is
described by a ``Lifecycle`` object: its model, its (status, action, role) → next-status dict, its
labels and the few hooks that differ (who may act, where the file goes next, who follows).

``run()`` is the only writer of either status and does, in one transaction, the same for both:

1. lock the row (``select_for_update(of=("self",))``: only the row, never the nullable side of joins);
2. refuse a stale form (``expected_version``), a key that is not in the table, or an actor not entitled;
3. save with a version check (a conditional UPDATE: of two racing writers one wins, even on SQLite);
4. write the named audit event, then ONE row of the one history (applications.StatusHistory) linked to it;
5. let the followers run (queues, messages), and send the table's event on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .models import StatusHistory

ACCOUNT_UNUSABLE = "账号不可用，请重新登录。"


class TransitionError(Exception):
    """A refused action; the message is Chinese and safe to show."""


class StaleRow(TransitionError):
    """Someone else moved the row since the form was shown."""


@dataclass(frozen=True)
class Outcome:
    row: Any
    history: StatusHistory


class Lifecycle:
    """One transition table and its hooks. Subclasses set the class attributes and override the hooks."""

    name: ClassVar[str]  # StatusHistory.machine
    model: ClassVar[type[models.Model]]
    related: ClassVar[tuple[str, ...]] = ()  # select_related of the locked row
    actions: ClassVar[type[models.TextChoices]]
    statuses: ClassVar[type[models.TextChoices]]
    reason_required: ClassVar[frozenset[str]] = frozenset()
    stale_error: ClassVar[type[StaleRow]] = StaleRow
    stale_message: ClassVar[str] = "该记录已被他人处理，请刷新页面查看最新状态。"
    system_role: ClassVar[str | None] = (
        None  # the role of ``actor=None`` (the platform); None: a user is required
    )

    def table(self, row) -> dict[tuple[str, str, str], str]:
        raise NotImplementedError

    def application_id(self, row) -> int:
        raise NotImplementedError

    def check(self, row, action: str, actor) -> None:
        """Refuse (TransitionError) an actor who may not act on this row now; the key is already in the table."""

    def on_stale(self, row, action: str, actor, role: str) -> None:
        """Called before the stale refusal: a more telling refusal may be raised instead."""

    def snapshot(self, row) -> dict:
        """What the history and the followers need of the row as it was before the move."""
        return {}

    def apply(self, row, action: str, target: str, actor, *, now, **context) -> dict[str, Any]:
        """Move ``row`` in memory (status and anything else the move changes); return the fields to save."""
        row.status = target
        return {"status": target}

    def history_fields(self, row, action: str, actor, before: dict) -> dict[str, Any]:
        return {"organization_id": getattr(actor, "organization_id", None) if actor else None}

    def audit(self, *, actor, row, action: str, from_status: str, to_status: str, actor_label: str):
        raise NotImplementedError

    def follow(self, *, row, history: StatusHistory, actor, before: dict) -> None:
        """Inside the transaction, after the history row: queue records, messages, events sent on commit."""

    # --- labels ---------------------------------------------------------------------------------
    def action_label(self, action: str) -> str:
        return self.actions(action).label if action in self.actions.values else action

    def status_label(self, status: str) -> str:
        return self.statuses(status).label if status in self.statuses.values else status


LIFECYCLES: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    LIFECYCLES[lifecycle.name] = lifecycle
    return lifecycle


def label(machine: str, kind: str, value: str) -> str:
    """The Chinese label of a history row's action or status, from the table the row went through."""
    lifecycle = LIFECYCLES.get(machine)
    if lifecycle is None:
        return value
    return lifecycle.action_label(value) if kind == "action" else lifecycle.status_label(value)


def allowed(lifecycle: Lifecycle, row, action: str, role: str) -> bool:
    return (row.status, action, role) in lifecycle.table(row)


def run(
    lifecycle: Lifecycle,
    *,
    pk: int,
    action: str,
    actor,
    opinion: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
    actor_label: str = "",
    **context,
) -> Outcome:
    """Move one row of ``lifecycle.model`` by ``action``; ``actor=None`` is the platform (if the table allows)."""
    if action not in lifecycle.actions.values:
        raise TransitionError("未知的操作。")
    if actor is None:
        if lifecycle.system_role is None:
            raise TransitionError(ACCOUNT_UNUSABLE)
        role = lifecycle.system_role
    else:
        if not (actor.is_authenticated and actor.is_active):
            raise TransitionError(ACCOUNT_UNUSABLE)
        role = actor.role
    opinion = (opinion or "").strip()
    if action in lifecycle.reason_required and not opinion:
        raise TransitionError(f"{lifecycle.action_label(action)}：必须填写原因。")
    model = lifecycle.model
    with transaction.atomic():
        row: Any = (
            model._default_manager.select_for_update(of=("self",))
            .select_related(*lifecycle.related)
            .get(pk=pk)
        )
        table = lifecycle.table(row)
        key = (row.status, action, role)
        if expected_version is not None and row.version != expected_version:
            lifecycle.on_stale(row, action, actor, role)
            raise lifecycle.stale_error(lifecycle.stale_message)
        if key not in table:
            raise TransitionError(
                f"当前状态“{lifecycle.status_label(row.status)}”下不能执行“{lifecycle.action_label(action)}”。"
            )
        lifecycle.check(row, action, actor)
        from_status, version = row.status, row.version
        before = lifecycle.snapshot(row)
        now = timezone.now()
        fields = lifecycle.apply(row, action, table[key], actor, now=now, **context)
        row.status_changed_at = now
        # Conditional update: even without a row lock (SQLite), only one of two racing writers wins.
        updated = model._default_manager.filter(pk=row.pk, version=version).update(
            **fields, status_changed_at=now, version=F("version") + 1
        )
        if updated != 1:
            raise lifecycle.stale_error(lifecycle.stale_message)
        row.version = version + 1
        event = lifecycle.audit(
            actor=actor,
            row=row,
            action=action,
            from_status=from_status,
            to_status=row.status,
            actor_label=actor_label,
        )
        history = StatusHistory.objects.create(
            application_id=lifecycle.application_id(row),
            machine=lifecycle.name,
            at=now,
            actor=actor,
            actor_label=(actor_label or ("platform" if actor is None else ""))[:64],
            role=role,
            action=action,
            from_status=from_status,
            to_status=row.status,
            opinion=opinion,
            data=data or {},
            audit_event=event,
            **lifecycle.history_fields(row, action, actor, before),
        )
        lifecycle.follow(row=row, history=history, actor=actor, before=before)
    return Outcome(row, history)
