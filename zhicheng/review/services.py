"""Writes of the review chain (DESIGN.md §3): keyword-only, one transaction each, audit inside,
side effects after commit. Status changes go through workflow.transition() and nowhere else."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import workflow
from zhicheng.applications.models import Action, Application, Status
from zhicheng.applications.routing import STAGE_ROLE
from zhicheng.applications.workflow import TransitionError
from zhicheng.core.dates import cn_date
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, WorkCalendar, calendar
from zhicheng.notifications.services import notify
from zhicheng.plans.deadlines import stage_deadline
from zhicheng.plans.levels import level_label
from zhicheng.plans.models import PlanStage
from zhicheng.publicity import services as publicity_services
from zhicheng.publicity.models import Kind, Publicity

from . import events
from .models import DeadlineReminder, RecommendationBatch, RecommendationItem
from .permissions import (
    can_cancel_qualification,
    can_decide,
    can_manage_publicity,
    needs_internal_publicity,
    reviewable_applications,
)
from .selectors import publishable_applications, recommendable_entries

PLATFORM = settings.PLATFORM_NAME


class ReviewError(Exception):
    """A refused review action; the message is Chinese and safe to show."""


# --- opening a file ------------------------------------------------------------------------------


def review_mark_started(*, application: Application, actor) -> bool:
    """The holder opened the file: 开始审核. From now on the applicant can no longer withdraw it.

    Bumps the version in the same conditional update, so a withdrawal racing this cannot succeed
    on a stale read (SECURITY.md 21)."""
    if application.review_started_at or not can_decide(actor, application):
        return False
    now = timezone.now()
    with transaction.atomic():
        updated = Application.objects.filter(
            pk=application.pk,
            status=Status.PENDING,
            current_org_id=actor.organization_id,
            review_started_at__isnull=True,
        ).update(review_started_at=now, version=F("version") + 1)
        if updated:
            events.review_started(actor=actor, application=application)
    if updated:
        application.review_started_at = now
        application.version += 1
    return bool(updated)


# --- decisions -------------------------------------------------------------------------------------


def application_approve(
    *,
    application: Application,
    actor,
    opinion: str,
    publicity: dict | None = None,
    expected_version: int | None = None,
) -> workflow.Outcome:
    """通过. At the employer stage the internal publicity record is required (≥5 working days,
    already ended, result and note) and is stored beside the history row in the same transaction.

    Whether the file is at the employer's stage is decided from the row locked here, never from the
    copy passed in: a page loaded earlier may show another stage, and would skip the internal 公示."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ReviewError("审查意见：必须填写。")
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("current_stage")
            .get(pk=application.pk)
        )
        employer_stage = needs_internal_publicity(locked)
        data = {}
        if employer_stage:
            _check_internal_publicity(publicity)
            data["publicity"] = {
                "start": publicity["start"].isoformat(),
                "end": publicity["end"].isoformat(),
                "working_days": publicity["working_days"],
                "result": publicity["result"],
            }
        outcome = workflow.transition(
            application=locked,
            action=Action.APPROVE,
            actor=actor,
            opinion=opinion,
            data=data,
            expected_version=expected_version,
        )
        if employer_stage:
            publicity_services.internal_publicity_record(
                application=outcome.application,
                history=outcome.history,
                actor=actor,
                publicity=publicity,
                recommendation=opinion,
            )
    return outcome


def _check_internal_publicity(publicity: dict | None, *, cal: WorkCalendar | None = None, today=None) -> None:
    """The employer's record of its internal 公示: publicity.rules.PUBLICITY_RULE, rule 5."""
    try:
        publicity_services.internal_publicity_check(publicity, today=today)
    except publicity_services.PublicityError as exc:
        raise ReviewError(str(exc)) from exc


def application_return(
    *, application: Application, actor, reason: str, expected_version: int | None = None
) -> workflow.Outcome:
    return workflow.transition(
        application=application,
        action=Action.RETURN,
        actor=actor,
        opinion=reason,
        expected_version=expected_version,
    )


def application_reject(
    *, application: Application, actor, reason: str, expected_version: int | None = None
) -> workflow.Outcome:
    return workflow.transition(
        application=application,
        action=Action.REJECT,
        actor=actor,
        opinion=reason,
        expected_version=expected_version,
    )


@dataclass(frozen=True)
class BulkResult:
    application_id: int
    name: str
    ok: bool
    message: str


def applications_bulk_approve(
    *, actor, application_ids: list[int], opinion: str, publicity: dict | None = None
) -> list[BulkResult]:
    """批量通过 with one opinion: each file is its own transaction, history row and audit event, so
    one refusal never undoes the others; the result says what happened to each."""
    ids = list(dict.fromkeys(int(i) for i in application_ids))[:200]
    apps = {
        a.pk: a
        for a in reviewable_applications(actor)
        .filter(pk__in=ids)
        .select_related("applicant", "current_stage", "plan")
    }
    results: list[BulkResult] = []
    for pk in ids:
        app = apps.get(pk)
        if app is None:
            results.append(BulkResult(pk, "—", False, "未找到该申报，或不在您的审核范围内。"))
            continue
        name = app.applicant.real_name
        try:
            application_approve(
                application=app,
                actor=actor,
                opinion=opinion,
                publicity=dict(publicity) if publicity else None,
            )
        except (TransitionError, ReviewError) as exc:
            results.append(BulkResult(pk, name, False, str(exc)))
        else:
            results.append(BulkResult(pk, name, True, "已审核通过。"))
    ok = sum(r.ok for r in results)
    events.bulk_decision(actor=actor, action="approve", ok=ok, failed=len(results) - ok)
    return results


# --- 审核推荐 ---------------------------------------------------------------------------------------


def recommendation_submit(*, actor, plan_id: int, note: str = "") -> RecommendationBatch:
    """The department's 审核推荐: everything it approved in this plan and has not yet recommended,
    as one batch with its list, date and who; the next body is told once, not once per file."""
    if actor.role != Role.DEPARTMENT:
        raise ReviewError("只有主管部门可以审核推荐。")
    with transaction.atomic():
        entries = list(recommendable_entries(actor, plan_id))
        if not entries:
            raise ReviewError("申报计划：该计划没有本部门审查通过且尚未推荐的人员。")
        now = timezone.now()
        batch = RecommendationBatch.objects.create(
            organization_id=actor.organization_id,
            plan_id=plan_id,
            stage=entries[0].stage,
            submitted_by=actor,
            submitted_at=now,
            note=(note or "").strip(),
            size=len(entries),
        )
        try:
            RecommendationItem.objects.bulk_create(
                RecommendationItem(
                    batch=batch,
                    application_id=e.application_id,
                    organization_id=actor.organization_id,
                    round=e.application.round,
                )
                for e in entries
            )
        except IntegrityError as exc:
            raise ReviewError("其中有人员刚刚已被推荐，请刷新页面后重试。") from exc
        events.recommendation_submitted(actor=actor, batch=batch)
        holders = defaultdict(int)
        for e in entries:
            if e.application.status == Status.PENDING and e.application.current_org_id:
                holders[(e.application.current_org_id, e.application.current_stage_id)] += 1
        _tell_next_bodies(batch=batch, holders=holders, actor=actor)
    return batch


def _tell_next_bodies(*, batch, holders, actor) -> None:
    stages = PlanStage.objects.in_bulk([stage for _, stage in holders])
    for (org_id, stage_id), count in holders.items():
        role = STAGE_ROLE[stages[stage_id].kind]
        notify(
            recipients=User.objects.filter(organization_id=org_id, role=role, is_active=True),
            subject="收到审核推荐名单",
            body=f"{actor.organization.name}已审核推荐“{batch.plan.name}”{count} 名申报人员，请及时审查。",
            sms=f"【12333】{actor.organization.name}已推荐{count}名职称申报人员（{batch.plan.name}），请登录{PLATFORM}审查。",
            link="/review/",
        )


# --- 资格审查公示 -----------------------------------------------------------------------------------


def publicity_open(
    *, actor, plan, start: date, end: date | None = None, contact: str, today: date | None = None
) -> Publicity:
    """资格审查公示 (seed 001 三(二)): publish the plan's qualified list through the one 公示 module —
    name, employer, specialty and level only (SECURITY.md 14) — and tell the applicants listed.
    Objections, the period and closing are the 公示 module's (publicity.services)."""
    if not can_manage_publicity(actor, plan):
        raise ReviewError("只有本计划的评委会办公室可以发布资格审查公示。")
    with transaction.atomic():
        apps = list(publishable_applications(plan).select_for_update(of=("self",)))
        if not apps:
            raise ReviewError("申报计划：该计划没有资格审查通过且尚未公示的人员。")
        try:
            publicity = publicity_services.publicity_open(
                kind=Kind.QUALIFICATION,
                plan=plan,
                actor=actor,
                title=f"{plan.name}资格审查结果公示",
                start=start,
                end=end,
                contact=contact,
                lines=[
                    publicity_services.Line(
                        application_id=a.pk,
                        name=a.applicant.real_name,
                        employer_name=a.employer.organization.name if a.employer_id else "",
                        specialty=a.specialty or plan.specialty,
                        level=level_label(a.level),
                    )
                    for a in apps
                ],
                minimum=MIN_PUBLICITY_WORKING_DAYS,
                today=today,
            )
        except publicity_services.PublicityError as exc:
            raise ReviewError(str(exc)) from exc
        start, end = publicity.start, publicity.end
        notify(
            recipients=[a.applicant for a in apps],
            subject="资格审查结果公示",
            body=(
                f"您已列入“{plan.name}”资格审查结果公示名单，公示期为 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}，"
                "可在平台“评审公示”栏目查看。"
            ),
            sms=(
                f"【12333】您已列入{plan.name}资格审查结果公示名单，公示期{start.month}月{start.day}日至"
                f"{end.month}月{end.day}日，请登录{PLATFORM}“评审公示”栏目查看。"
            ),
            link="/publicity/",
        )
    return publicity


def qualification_objection_upheld(*, objection, actor, resolution: str) -> None:
    """A sustained objection against a name on the 资格审查公示 cancels the file's qualification through
    the workflow, in the 公示 module's transaction (registered in apps.ready; publicity.kinds)."""
    app = Application.objects.select_related("plan").get(pk=objection.entry.application_id)
    if app.status != Status.QUALIFIED:
        return
    if not can_cancel_qualification(actor, app):
        raise publicity_services.PublicityError("您没有取消该人员评审资格的权限。")
    try:
        workflow.transition(
            application=app,
            action=Action.REJECT,
            actor=actor,
            opinion=f"资格审查公示期间收到异议，经核实：{resolution}",
            data={"objection": objection.pk},
        )
    except TransitionError as exc:
        raise publicity_services.PublicityError(str(exc)) from exc


# --- periodic jobs -------------------------------------------------------------------------------


def reminder_working_days() -> int:
    return int(getattr(settings, "REVIEW_REMINDER_WORKING_DAYS", 2))


def send_deadline_reminders(*, today: date | None = None) -> int:
    """Remind each holding organisation N working days before a stage's deadline (and on the day),
    once per (application, stage, deadline); one message per organisation and run, not per file.
    Returns the number of applications newly reminded."""
    today = today or timezone.localdate()
    cal = calendar()
    horizon = cal.add(today, reminder_working_days()) if reminder_working_days() > 0 else today
    due_stages = {}
    held = Application.objects.filter(status=Status.PENDING).values("current_stage_id")
    for stage in PlanStage.objects.select_related("plan").filter(pk__in=held):
        deadline = stage_deadline(stage, stage.plan)
        if deadline and today <= deadline <= horizon:
            due_stages[stage.pk] = (stage, deadline)
    if not due_stages:
        return 0
    reminded = 0
    by_org: dict[tuple[int, int], list[Application]] = defaultdict(list)
    now = timezone.now()
    for stage_id, (_stage, deadline) in due_stages.items():
        apps = list(
            Application.objects.filter(status=Status.PENDING, current_stage_id=stage_id)
            .exclude(
                pk__in=DeadlineReminder.objects.filter(stage_id=stage_id, deadline=deadline).values(
                    "application_id"
                )
            )
            .only("pk", "current_org_id")
        )
        with transaction.atomic():
            DeadlineReminder.objects.bulk_create(
                [
                    DeadlineReminder(
                        application_id=a.pk,
                        stage_id=stage_id,
                        deadline=deadline,
                        organization_id=a.current_org_id,
                        sent_at=now,
                    )
                    for a in apps
                ],
                ignore_conflicts=True,
            )
        for a in apps:
            by_org[(a.current_org_id, stage_id)].append(a)
        reminded += len(apps)
    for (org_id, stage_id), apps in by_org.items():
        stage, deadline = due_stages[stage_id]
        left = cal.time_left(today, deadline)
        when = cn_date(deadline)
        notify(
            recipients=User.objects.filter(
                organization_id=org_id, role=STAGE_ROLE[stage.kind], is_active=True
            ),
            subject="职称申报审核即将截止",
            body=(
                f"“{stage.plan.name}”{stage.get_kind_display()}将于{when}截止（{left.label}），"
                f"您单位尚有 {len(apps)} 件申报待审核，请及时办理。"
            ),
            sms=(
                f"【12333】“{stage.plan.name}”{stage.get_kind_display()}将于{when}截止，您单位尚有{len(apps)}件"
                f"职称申报待审核，请登录{PLATFORM}及时办理。"
            ),
            link="/review/",
        )
    if reminded:
        events.reminders_sent(reminders=reminded, organizations=len(by_org))
    return reminded
