"""The review chain's transition table, draft to 资格审查通过 (DESIGN.md §4.3), run by the one engine.

TRANSITIONS is the table as data: (status, action, role) → next status. ``transition()`` hands it to
applications/engine.py, which locks the row, checks the table and the actor, saves with a version check,
writes the named audit event and one row of the one history. What is particular to this table lives in
``ApplicationLifecycle``: who may act at the current stage, where an approved file goes next (the plan's
chain of stages), and who follows a move (the reviewers' queue records, the messages, and the
``application_transitioned`` event sent on commit). Nothing else writes Application.status.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.accounts.models import Role
from zhicheng.core import audit
from zhicheng.core.signals import send_on_commit

from . import engine
from .models import Action, Application, Lifecycle, Status, StatusHistory
from .notifications import notify_transition
from .routing import STAGE_ROLE, RoutingError, next_stage, reviewer_org_for
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


TransitionError = engine.TransitionError


class StaleApplication(engine.StaleRow):
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


class ApplicationLifecycle(engine.Lifecycle):
    name = Lifecycle.APPLICATION
    model = Application
    # of=("self",) in the engine: only the application row is locked (PostgreSQL refuses FOR UPDATE on
    # the nullable side of the outer joins that these need for employer, intake point and stage).
    related = (
        "plan__committee__organization",
        "employer__organization__region",
        "intake_department__region",
        "current_stage",
        "applicant",
    )
    actions = Action
    statuses = Status
    reason_required = frozenset(REASON_REQUIRED)
    stale_error = StaleApplication
    stale_message = STALE_MESSAGE

    def table(self, row):
        return TRANSITIONS

    def application_id(self, row) -> int:
        return row.pk

    def check(self, row, action, actor) -> None:
        _check_actor(row, action, actor)

    def on_stale(self, row, action, actor, role) -> None:
        if role == Role.APPLICANT and (row.status, action, role) in TRANSITIONS:
            _check_actor(row, action, actor)  # "用人单位已开始审核" says more than "someone acted"

    def snapshot(self, row) -> dict:
        return {"status": row.status, "stage": row.current_stage, "org_id": row.current_org_id}

    def apply(self, row, action, target, actor, *, now, **context) -> dict:
        stages = _stages(row)
        if not stages:
            raise TransitionError("该申报计划尚未设置审核环节，请联系评委会办公室。")
        try:
            if action in (Action.SUBMIT, Action.RESUBMIT):
                row.submitted_at = now
                if action == Action.SUBMIT:
                    row.round, back_to = 1, stages[0]
                else:
                    row.round += 1
                    back_to = (
                        row.returned_from_stage
                        if row.plan.resubmit_to == "returning_stage" and row.returned_from_stage
                        else stages[0]
                    )
                _route(row, back_to)
                row.status = Status.PENDING
            elif action == Action.APPROVE:
                # The next stage the file passes through: a 非公企业 without a 主管部门 skips the department
                # reviews marked 非公企业直接报送 (seed 003 三).
                later = next_stage(row, [s for s in stages if s.order > row.current_stage.order])
                _route(row, later)
                row.status = Status.PENDING if later else Status.QUALIFIED
            else:  # withdraw, return, reject: the file leaves the chain
                if action == Action.RETURN:
                    row.returned_from_stage = row.current_stage
                _route(row, None)
                row.status = target
        except RoutingError as exc:
            raise TransitionError(str(exc)) from exc
        return {
            "status": row.status,
            "current_stage": row.current_stage,
            "current_org": row.current_org,
            "returned_from_stage": row.returned_from_stage,
            "round": row.round,
            "submitted_at": row.submitted_at,
            "review_started_at": row.review_started_at,
            "updated_at": now,
        }

    def _event_place(self, row, action, actor, before) -> tuple[int | None, object]:
        # The organisation at which the event happened: where a (re)submitted file went, where a
        # withdrawn one was, or the reviewer's own organisation for a decision.
        if action in (Action.SUBMIT, Action.RESUBMIT):
            return row.current_org_id, row.current_stage
        if before["status"] == Status.QUALIFIED:
            return actor.organization_id, None
        return before["org_id"], before["stage"]

    def history_fields(self, row, action, actor, before) -> dict:
        org_id, stage = self._event_place(row, action, actor, before)
        return {"organization_id": org_id, "stage": stage, "round": row.round}

    def audit(self, *, actor, row, action, from_status, to_status, actor_label):
        return audit.application_transition(
            actor=actor, application=row, action=action, from_status=from_status, to_status=to_status
        )

    def follow(self, *, row, history, actor, before) -> None:
        # upward (named exception in docs/architecture.md): review writes the routing record at each transition
        from zhicheng.review.tracking import track_transition

        track_transition(application=row, history=history, acting_org_id=history.organization_id)
        notify_transition(application=row, history=history)
        send_on_commit(
            application_transitioned,
            Application,
            application_id=row.pk,
            plan_id=row.plan_id,
            action=history.action,
            from_status=history.from_status,
            to_status=row.status,
        )


LIFECYCLE = engine.register(ApplicationLifecycle())


def transition(
    *,
    application: Application | int,
    action: str,
    actor,
    opinion: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
) -> Outcome:
    pk = application.pk if isinstance(application, Application) else application
    outcome = engine.run(
        LIFECYCLE,
        pk=pk,
        action=action,
        actor=actor,
        opinion=opinion,
        data=data,
        expected_version=expected_version,
    )
    return Outcome(outcome.row, outcome.history)
