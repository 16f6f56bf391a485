"""The one door for an application's status (DESIGN.md §4.3).

TRANSITIONS is the whole state machine: (status, action, role) → next status. `transition()` locks the
row, checks the table and the actor's right to act at the current stage, saves with a version check,
appends a status-history row and an audit event, keeps the reviewers' queue records in step, and
queues notifications after commit. Nothing else writes Application.status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.core import audit
from zhicheng.core.signals import send_on_commit

from .models import Action, Application, Status, StatusHistory
from .routing import STAGE_ROLE, RoutingError, reviewer_org_for
from .signals import application_transitioned

REVIEWER_ROLES = (Role.EMPLOYER, Role.DEPARTMENT, Role.COMMITTEE_OFFICE)
ADVANCE = "advance"  # approve: next stage of the chain, or 资格审查通过 after the last one

TRANSITIONS: dict[tuple[str, str, str], str] = {
    (Status.DRAFT, Action.SUBMIT, Role.APPLICANT): Status.PENDING,
    (Status.RETURNED, Action.RESUBMIT, Role.APPLICANT): Status.PENDING,
    (Status.PENDING, Action.WITHDRAW, Role.APPLICANT): Status.DRAFT,
    **{(Status.PENDING, Action.APPROVE, role): ADVANCE for role in REVIEWER_ROLES},
    **{(Status.PENDING, Action.RETURN, role): Status.RETURNED for role in REVIEWER_ROLES},
    **{(Status.PENDING, Action.REJECT, role): Status.REJECTED for role in REVIEWER_ROLES},
    # An objection upheld during the qualified list's 公示 cancels the qualification (seed 001 三(二)).
    (Status.QUALIFIED, Action.REJECT, Role.COMMITTEE_OFFICE): Status.REJECTED,
}

REASON_REQUIRED = {Action.RETURN, Action.REJECT}
STALE_MESSAGE = "该申报已被他人处理，请刷新页面查看最新状态。"


class TransitionError(Exception):
    """A refused action; the message is Chinese and safe to show."""


class StaleApplication(TransitionError):
    pass


@dataclass(frozen=True)
class Outcome:
    application: Application
    history: StatusHistory


def allowed(status: str, action: str, role: str) -> bool:
    return (status, action, role) in TRANSITIONS


def _stages(application):
    return list(application.plan.stages.all().order_by("order"))


def _check_actor(application: Application, action: str, actor) -> None:
    if actor.role == Role.APPLICANT:
        if application.applicant_id != actor.pk:
            raise TransitionError("只能办理本人的申报。")
        if action == Action.WITHDRAW and (
            application.review_started_at or application.current_stage.order != 1
        ):
            raise TransitionError("用人单位已开始审核，不能撤回；如需修改，请联系单位经办人退回。")
        return
    if application.status == Status.QUALIFIED:
        if application.plan.committee_id != actor.organization_id:
            raise TransitionError("只有本计划的评委会办公室可以取消资格。")
        return
    stage = application.current_stage
    if STAGE_ROLE.get(stage.kind) != actor.role or application.current_org_id != actor.organization_id:
        raise TransitionError("该申报当前不在您所在单位的审核环节。")


def _route(application: Application, stage) -> None:
    application.current_stage = stage
    application.current_org = reviewer_org_for(application, stage) if stage else None
    # A file that arrives somewhere new has not been opened there yet.
    application.review_started_at = None


def transition(
    *,
    application: Application | int,
    action: str,
    actor,
    opinion: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
) -> Outcome:
    if action not in Action.values:
        raise TransitionError("未知的操作。")
    if not (actor and actor.is_authenticated and actor.is_active):
        raise TransitionError("账号不可用，请重新登录。")
    opinion = (opinion or "").strip()
    if action in REASON_REQUIRED and not opinion:
        raise TransitionError(f"{Action(action).label}：必须填写原因。")
    pk = application.pk if isinstance(application, Application) else application
    with transaction.atomic():
        app = (
            # of=("self",): lock the application row only (PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer joins that select_related needs for employer, intake point and stage).
            Application.objects.select_for_update(of=("self",))
            .select_related(
                "plan__committee__organization",
                "employer__organization__region",
                "intake_department__region",
                "current_stage",
                "applicant",
            )
            .get(pk=pk)
        )
        if expected_version is not None and app.version != expected_version:
            if actor.role == Role.APPLICANT and (app.status, action, actor.role) in TRANSITIONS:
                _check_actor(app, action, actor)  # "用人单位已开始审核" says more than "someone acted"
            raise StaleApplication(STALE_MESSAGE)
        key = (app.status, action, actor.role)
        if key not in TRANSITIONS:
            raise TransitionError(f"当前状态“{app.get_status_display()}”下不能执行“{Action(action).label}”。")
        _check_actor(app, action, actor)
        from_status, stage_before, version = app.status, app.current_stage, app.version
        org_before = app.current_org_id
        stages = _stages(app)
        if not stages:
            raise TransitionError("该申报计划尚未设置审核环节，请联系评委会办公室。")
        try:
            if action == Action.SUBMIT:
                app.round = 1
                app.submitted_at = timezone.now()
                _route(app, stages[0])
                app.status = Status.PENDING
            elif action == Action.RESUBMIT:
                app.round += 1
                app.submitted_at = timezone.now()
                back_to = (
                    app.returned_from_stage
                    if app.plan.resubmit_to == "returning_stage" and app.returned_from_stage
                    else stages[0]
                )
                _route(app, back_to)
                app.status = Status.PENDING
            elif action == Action.WITHDRAW:
                _route(app, None)
                app.status = Status.DRAFT
            elif action == Action.APPROVE:
                later = [s for s in stages if s.order > app.current_stage.order]
                if later:
                    _route(app, later[0])
                    app.status = Status.PENDING
                else:
                    _route(app, None)
                    app.status = Status.QUALIFIED
            elif action == Action.RETURN:
                app.returned_from_stage = app.current_stage
                _route(app, None)
                app.status = Status.RETURNED
            elif action == Action.REJECT:
                _route(app, None)
                app.status = Status.REJECTED
        except RoutingError as exc:
            raise TransitionError(str(exc)) from exc
        app.status_changed_at = timezone.now()
        # Conditional update: even without a row lock (SQLite), only one of two racing writers wins.
        updated = Application.objects.filter(pk=app.pk, version=version).update(
            status=app.status,
            current_stage=app.current_stage,
            current_org=app.current_org,
            returned_from_stage=app.returned_from_stage,
            round=app.round,
            submitted_at=app.submitted_at,
            review_started_at=app.review_started_at,
            status_changed_at=app.status_changed_at,
            updated_at=app.status_changed_at,
            version=F("version") + 1,
        )
        if updated != 1:
            raise StaleApplication(STALE_MESSAGE)
        app.version = version + 1
        # The organisation at which the event happened: where a (re)submitted file went, where a
        # withdrawn one was, or the reviewer's own organisation for a decision.
        if action in (Action.SUBMIT, Action.RESUBMIT):
            event_org, event_stage = app.current_org_id, app.current_stage
        elif from_status == Status.QUALIFIED:
            event_org, event_stage = actor.organization_id, None
        else:
            event_org, event_stage = org_before, stage_before
        history = StatusHistory.objects.create(
            application=app,
            at=app.status_changed_at,
            actor=actor,
            role=actor.role,
            organization_id=event_org,
            stage=event_stage,
            action=action,
            from_status=from_status,
            to_status=app.status,
            opinion=opinion,
            round=app.round,
            data=data or {},
        )
        audit.application_transition(
            actor=actor, application=app, action=action, from_status=from_status, to_status=app.status
        )
        from zhicheng.review.tracking import track_transition

        track_transition(application=app, history=history, acting_org_id=event_org)
        from .notifications import notify_transition

        notify_transition(application=app, history=history)
        send_on_commit(
            application_transitioned,
            Application,
            application_id=app.pk,
            plan_id=app.plan_id,
            action=action,
            from_status=from_status,
            to_status=app.status,
        )
    return Outcome(app, history)
