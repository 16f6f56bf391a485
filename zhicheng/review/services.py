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
from zhicheng.core.signals import send_on_commit
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, WorkCalendar, calendar
from zhicheng.notifications.services import notify
from zhicheng.plans.deadlines import stage_deadline
from zhicheng.plans.levels import level_label

from . import events
from .models import (
    DeadlineReminder,
    InternalPublicity,
    Objection,
    Publicity,
    PublicityEntry,
    RecommendationBatch,
    RecommendationItem,
)
from .permissions import can_cancel_qualification, can_decide, can_manage_publicity, needs_internal_publicity
from .selectors import publishable_applications, recommendable_entries
from .signals import qualification_publicity_closed

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
            record = InternalPublicity.objects.create(
                application=outcome.application,
                history=outcome.history,
                organization_id=outcome.history.organization_id,
                round=outcome.application.round,
                start=publicity["start"],
                end=publicity["end"],
                working_days=publicity["working_days"],
                result=publicity["result"],
                note=publicity.get("note", ""),
                recommendation=opinion,
                recorded_by=actor,
                recorded_at=outcome.history.at,
            )
            events.internal_publicity_recorded(
                actor=actor, record_obj=record, application=outcome.application
            )
    return outcome


def _check_internal_publicity(publicity: dict | None, *, cal: WorkCalendar | None = None, today=None) -> None:
    if not publicity:
        raise ReviewError("单位内部公示：审核通过前必须录入不少于 5 个工作日的公示情况。")
    cal = cal or calendar()
    today = today or timezone.localdate()
    problems = cal.publicity_problems(publicity.get("start"), publicity.get("end"))
    if problems:
        raise ReviewError(f"单位内部公示结束日期：{problems[0]}。")
    if publicity["end"] >= today:
        raise ReviewError("单位内部公示结束日期：公示期满后才能录入结果并审核通过。")
    if publicity.get("result") not in InternalPublicity.Result.values:
        raise ReviewError("公示结果：请选择“无异议”或“有异议”。")
    if (
        publicity["result"] == InternalPublicity.Result.OBJECTION
        and not (publicity.get("note") or "").strip()
    ):
        raise ReviewError("公示情况说明：公示有异议时必须说明异议内容及核实处理情况。")
    publicity["working_days"] = cal.count(publicity["start"], publicity["end"])


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
    from .permissions import reviewable_applications

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
    from zhicheng.plans.models import PlanStage

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
    """Publish the plan's qualified list: name, employer, specialty and level only (SECURITY.md 14)."""
    if not can_manage_publicity(actor, plan):
        raise ReviewError("只有本计划的评委会办公室可以发布资格审查公示。")
    cal = calendar()
    today = today or timezone.localdate()
    if start < today:
        raise ReviewError("公示开始日期：不能早于今天。")
    end = end or cal.end_of_period(start, MIN_PUBLICITY_WORKING_DAYS)
    problems = cal.publicity_problems(start, end)
    if problems:
        raise ReviewError(f"公示结束日期：{problems[0]}。")
    with transaction.atomic():
        apps = list(publishable_applications(plan).select_for_update(of=("self",)))
        if not apps:
            raise ReviewError("申报计划：该计划没有资格审查通过且尚未公示的人员。")
        publicity = Publicity.objects.create(
            plan=plan,
            title=f"{plan.name}资格审查结果公示",
            start=start,
            end=end,
            working_days=cal.count(start, end),
            contact=contact.strip(),
            created_by=actor,
            created_at=timezone.now(),
        )
        PublicityEntry.objects.bulk_create(
            PublicityEntry(
                publicity=publicity,
                application=a,
                name=a.applicant.real_name,
                employer_name=a.employer.organization.name if a.employer_id else "",
                specialty=a.specialty or plan.specialty,
                level=level_label(a.level),
                outcome=PublicityEntry.Outcome.LISTED,
            )
            for a in apps
        )
        events.publicity_opened(actor=actor, publicity=publicity, rows=len(apps))
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


def objection_record(
    *, actor, entry: PublicityEntry, received_on: date, channel: str, content: str, today: date | None = None
) -> Objection:
    publicity = entry.publicity
    if not can_manage_publicity(actor, publicity.plan):
        raise ReviewError("只有本计划的评委会办公室可以登记异议。")
    today = today or timezone.localdate()
    if publicity.status != Publicity.Status.OPEN:
        raise ReviewError("该公示已结束，不能再登记异议。")
    if not (publicity.start <= received_on <= publicity.end) or received_on > today:
        raise ReviewError(
            f"收到日期：只受理公示期内（{publicity.start:%Y-%m-%d} 至 {publicity.end:%Y-%m-%d}）提出的异议。"
        )
    if not (content or "").strip():
        raise ReviewError("异议内容：必须填写。")
    if entry.outcome == PublicityEntry.Outcome.WITHDRAWN:
        raise ReviewError("该人员已取消评审资格，无需再登记异议。")
    with transaction.atomic():
        objection = Objection.objects.create(
            entry=entry,
            received_on=received_on,
            channel=channel,
            content=content.strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        events.objection_recorded(actor=actor, objection=objection)
    return objection


def objection_resolve(*, actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Dismissed: the name stays. Upheld: the qualification is cancelled through the workflow."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ReviewError("核查情况：必须填写。")
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("entry__publicity__plan")
            .get(pk=objection.pk)
        )
        if locked.status != Objection.Status.OPEN:
            raise ReviewError("该异议已处理，请刷新页面。")
        publicity = locked.entry.publicity
        if not can_manage_publicity(actor, publicity.plan):
            raise ReviewError("只有本计划的评委会办公室可以处理异议。")
        if publicity.status != Publicity.Status.OPEN:
            raise ReviewError("该公示已结束。")
        if upheld:
            app = Application.objects.select_related("plan").get(pk=locked.entry.application_id)
            if app.status == Status.QUALIFIED:
                if not can_cancel_qualification(actor, app):
                    raise ReviewError("您没有取消该人员评审资格的权限。")
                workflow.transition(
                    application=app,
                    action=Action.REJECT,
                    actor=actor,
                    opinion=f"资格审查公示期间收到异议，经核实：{resolution}",
                    data={"objection": locked.pk},
                )
            PublicityEntry.objects.filter(pk=locked.entry_id).update(outcome=PublicityEntry.Outcome.WITHDRAWN)
        locked.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        locked.resolution = resolution
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        events.objection_resolved(actor=actor, objection=locked)
    return locked


def publicity_close(*, actor, publicity: Publicity, today: date | None = None) -> Publicity:
    """End the 公示: only after its last day, and only when every objection has been resolved."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Publicity.objects.select_for_update(of=("self",)).select_related("plan").get(pk=publicity.pk)
        if not can_manage_publicity(actor, locked.plan):
            raise ReviewError("只有本计划的评委会办公室可以结束公示。")
        if locked.status != Publicity.Status.OPEN:
            raise ReviewError("该公示已结束。")
        if today <= locked.end:
            raise ReviewError(f"公示期至 {locked.end:%Y-%m-%d} 结束，期满后才能结束公示。")
        unresolved = Objection.objects.filter(entry__publicity=locked, status=Objection.Status.OPEN).count()
        if unresolved:
            raise ReviewError(f"还有 {unresolved} 件异议未处理，请核实处理后再结束公示。")
        listed = locked.entries.filter(outcome=PublicityEntry.Outcome.LISTED)
        cleared_ids = list(listed.values_list("application_id", flat=True))
        cleared = listed.update(outcome=PublicityEntry.Outcome.CLEARED)
        locked.status = Publicity.Status.CLOSED
        locked.closed_by = actor
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_by", "closed_at"])
        events.publicity_closed(actor=actor, publicity=locked, cleared=cleared)
        send_on_commit(
            qualification_publicity_closed,
            Publicity,
            publicity_id=locked.pk,
            plan_id=locked.plan_id,
            cleared=cleared_ids,
        )
    return locked


# --- periodic jobs -------------------------------------------------------------------------------


def reminder_working_days() -> int:
    return int(getattr(settings, "REVIEW_REMINDER_WORKING_DAYS", 2))


def send_deadline_reminders(*, today: date | None = None) -> int:
    """Remind each holding organisation N working days before a stage's deadline (and on the day),
    once per (application, stage, deadline); one message per organisation and run, not per file.
    Returns the number of applications newly reminded."""
    from zhicheng.plans.models import PlanStage

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


def notify_ended_publicities(*, today: date | None = None) -> int:
    """Tell the committee office once when a 公示 period is over, with the objections still open."""
    today = today or timezone.localdate()
    ended = list(
        Publicity.objects.filter(
            status=Publicity.Status.OPEN, end__lt=today, ended_notice_sent=False
        ).select_related("plan")
    )
    for publicity in ended:
        with transaction.atomic():
            if not Publicity.objects.filter(pk=publicity.pk, ended_notice_sent=False).update(
                ended_notice_sent=True
            ):
                continue
            unresolved = Objection.objects.filter(
                entry__publicity=publicity, status=Objection.Status.OPEN
            ).count()
            tail = (
                f"尚有 {unresolved} 件异议待处理，处理后方可结束公示。"
                if unresolved
                else "请确认无异议后结束公示。"
            )
            notify(
                recipients=User.objects.filter(
                    organization_id=publicity.plan.committee_id, role=Role.COMMITTEE_OFFICE, is_active=True
                ),
                subject="资格审查公示期已满",
                body=f"“{publicity.title}”公示期已于 {publicity.end:%Y-%m-%d} 届满。{tail}",
                link=f"/review/publicity/{publicity.pk}/",
            )
    return len(ended)
