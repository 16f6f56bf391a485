"""Every write of a 公示 (DESIGN.md §3): open, reschedule, record the internal 公示, objections and their
resolution, close, and the periodic reminder that a period is over. Keyword-only, one transaction each,
a named audit event inside, effects after commit. The rule they apply is rules.PUBLICITY_RULE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.core.signals import send_on_commit
from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS, calendar
from zhicheng.notifications.services import notify
from zhicheng.plans.models import Level

from . import events, kinds, rules
from .models import Entry, Kind, Objection, Publicity
from .permissions import can_manage
from .signals import publicity_closed


class PublicityError(Exception):
    """A refused 公示 action; the message is Chinese, names the field and is safe to show."""


@dataclass(frozen=True)
class Line:
    """One name to publish: the public fields only (SECURITY.md 14)."""

    application_id: int
    name: str
    employer_name: str
    specialty: str
    level: str


def publicity_open(
    *,
    kind: str,
    plan,
    actor,
    title: str,
    start: date,
    end: date | None = None,
    contact: str,
    lines: list[Line],
    minimum: int = MIN_PUBLICITY_WORKING_DAYS,
    today: date | None = None,
) -> Publicity:
    """Publish a list. The end defaults to the last day of `minimum` working days from the start and
    may be changed (rule 1). The caller chooses and locks the names and moves its own records."""
    if kind not in (Kind.QUALIFICATION, Kind.RESULTS):
        raise PublicityError("公示类别：只能发布资格审查公示或评审结果公示。")
    title, contact = (title or "").strip(), (contact or "").strip()
    if not title:
        raise PublicityError("公示标题：必须填写。")
    if not contact:
        raise PublicityError("异议受理方式：必须填写（联系电话或地址）。")
    today = today or timezone.localdate()
    if start is None:
        raise PublicityError("公示开始日期：必须填写。")
    if start < today:
        raise PublicityError("公示开始日期：不能早于今天。")
    cal = calendar()
    minimum = max(minimum, MIN_PUBLICITY_WORKING_DAYS)
    end = end or cal.end_of_period(start, minimum)
    problems = rules.period_problems(cal, start, end, minimum=minimum)
    if problems:
        raise PublicityError(f"公示结束日期：{problems[0]}。")
    if not lines:
        raise PublicityError("公示名单：没有可以公示的人员。")
    with transaction.atomic():
        publicity = Publicity.objects.create(
            kind=kind,
            plan=plan,
            organization_id=actor.organization_id,
            title=title[:200],
            start=start,
            end=end,
            working_days=cal.count(start, end),
            min_working_days=minimum,
            contact=contact[:200],
            created_by=actor,
            created_at=timezone.now(),
        )
        Entry.objects.bulk_create(
            Entry(
                publicity=publicity,
                application_id=line.application_id,
                name=line.name,
                employer_name=line.employer_name[:100],
                specialty=line.specialty[:50],
                level=line.level[:50],
            )
            for line in lines
        )
        events.publicity_opened(actor=actor, publicity=publicity, rows=len(lines))
    return publicity


def publicity_reschedule(
    *, actor, publicity: Publicity, start: date | None = None, end: date, today: date | None = None
) -> Publicity:
    """Change the period while the 公示 is open: the start only before it has begun, the end not before
    today, the whole still at least the 公示's minimum of working days (rule 1)."""
    today = today or timezone.localdate()
    cal = calendar()
    with transaction.atomic():
        row = Publicity.objects.select_for_update(of=("self",)).select_related("plan").get(pk=publicity.pk)
        if not can_manage(actor, row):
            raise PublicityError("只有本计划的评委会办公室可以调整公示期。")
        if row.status != Publicity.Status.OPEN:
            raise PublicityError("该公示已结束，不能再调整公示期。")
        new_start = start or row.start
        if new_start != row.start and (row.start <= today or new_start < today):
            raise PublicityError("公示开始日期：公示已经开始的不能再改开始日期，新的开始日期也不能早于今天。")
        if end is None or end < today:
            raise PublicityError("公示结束日期：不能早于今天。")
        problems = rules.period_problems(cal, new_start, end, minimum=row.min_working_days)
        if problems:
            raise PublicityError(f"公示结束日期：{problems[0]}。")
        if row.entries.filter(objections__received_on__gt=end).exists():
            raise PublicityError("公示结束日期：已有在该日期之后收到的异议，不能提前到该日期。")
        old_start, old_end = row.start, row.end
        row.start, row.end, row.working_days = new_start, end, cal.count(new_start, end)
        row.ended_notice_sent = False
        row.save(update_fields=["start", "end", "working_days", "ended_notice_sent"])
        events.publicity_rescheduled(actor=actor, publicity=row, old_start=old_start, old_end=old_end)
    return row


def internal_publicity_check(publicity: dict | None, *, today: date | None = None) -> dict:
    """Rule 5 on the employer's form data; returns it with the working days counted."""
    if not publicity:
        raise PublicityError("单位内部公示：审核通过前必须录入不少于 5 个工作日的公示情况。")
    cal = calendar()
    problem = rules.internal_record_problem(
        start=publicity.get("start"),
        end=publicity.get("end"),
        result=publicity.get("result"),
        note=publicity.get("note"),
        today=today or timezone.localdate(),
        cal=cal,
    )
    if problem:
        raise PublicityError(problem)
    publicity["working_days"] = cal.count(publicity["start"], publicity["end"])
    return publicity


def internal_publicity_record(
    *, application, history, actor, publicity: dict, recommendation: str
) -> Publicity:
    """Store the employer's internal 公示 beside the approval's history row (call inside its transaction,
    after internal_publicity_check)."""
    cal = calendar()
    start, end = publicity["start"], publicity["end"]
    employer = application.employer if application.employer_id else None
    row = Publicity.objects.create(
        kind=Kind.INTERNAL,
        plan_id=application.plan_id,
        organization_id=history.organization_id,
        title=f"{application.applicant.real_name}职称申报材料单位内部公示",
        start=start,
        end=end,
        working_days=cal.count(start, end),
        status=Publicity.Status.CLOSED,
        result=publicity["result"],
        note=(publicity.get("note") or "").strip(),
        application=application,
        history=history,
        round=application.round,
        recommendation=recommendation,
        created_by=actor,
        created_at=history.at,
        closed_by=actor,
        closed_at=history.at,
    )
    Entry.objects.create(
        publicity=row,
        application=application,
        name=application.applicant.real_name,
        employer_name=employer.organization.name if employer else "",
        specialty=application.specialty or "",
        level=Level(application.level).label
        if application.level in Level.values
        else application.level or "",
        outcome=Entry.Outcome.CLEARED,
    )
    events.internal_publicity_recorded(actor=actor, publicity=row, application=application)
    return row


def objection_record(
    *, actor, entry: Entry, received_on: date, channel: str, content: str, today: date | None = None
) -> Objection:
    """Rule 2, the same window for every kind."""
    content = (content or "").strip()
    if not content:
        raise PublicityError("异议内容：必须填写。")
    if channel not in Objection.Channel.values:
        raise PublicityError("反映方式：请选择来信、来电、来访或网上反映。")
    today = today or timezone.localdate()
    with transaction.atomic():
        publicity = (
            Publicity.objects.select_for_update(of=("self",))
            .select_related("plan")
            .get(pk=entry.publicity_id)
        )
        if not can_manage(actor, publicity):
            raise PublicityError("只有本计划的评委会办公室可以登记异议。")
        entry = Entry.objects.get(pk=entry.pk)
        problem = rules.objection_problem(
            publicity=publicity, entry=entry, received_on=received_on, today=today
        )
        if problem:
            raise PublicityError(problem)
        objection = Objection.objects.create(
            entry=entry,
            received_on=received_on,
            channel=channel,
            content=content,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        events.objection_recorded(actor=actor, objection=objection, kind=publicity.kind)
    return objection


def objection_resolve(*, actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Rule 4. Dismissed: the name stays. Upheld: the name is withdrawn, and the kind's owner takes the
    file off its road in the same transaction (kinds.py)."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise PublicityError("核查结论：必须填写。")
    with transaction.atomic():
        row = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("entry__publicity__plan")
            .get(pk=objection.pk)
        )
        publicity = row.entry.publicity
        if not can_manage(actor, publicity):
            raise PublicityError("只有本计划的评委会办公室可以处理异议。")
        if row.status != Objection.Status.OPEN:
            raise PublicityError("该异议已处理，请刷新页面。")
        if publicity.status != Publicity.Status.OPEN:
            raise PublicityError("该公示已结束。")
        row.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        row.resolution, row.resolved_by, row.resolved_at = resolution, actor, timezone.now()
        row.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        if upheld:
            step = kinds.steps(publicity.kind).on_upheld
            if step:
                step(objection=row, actor=actor, resolution=resolution)
            Entry.objects.filter(pk=row.entry_id).update(outcome=Entry.Outcome.WITHDRAWN)
        events.objection_resolved(actor=actor, objection=row, kind=publicity.kind)
    return row


def publicity_close(*, actor, publicity: Publicity, today: date | None = None) -> Publicity:
    """Rule 3: after the last day, every objection resolved. The names still listed are cleared; the
    kind's owner moves its records in the same transaction, and `publicity_closed` goes out on commit."""
    today = today or timezone.localdate()
    with transaction.atomic():
        row = Publicity.objects.select_for_update(of=("self",)).select_related("plan").get(pk=publicity.pk)
        if not can_manage(actor, row):
            raise PublicityError("只有本计划的评委会办公室可以结束公示。")
        open_objections = Objection.objects.filter(entry__publicity=row, status=Objection.Status.OPEN).count()
        problem = rules.close_problem(publicity=row, open_objections=open_objections, today=today)
        if problem:
            raise PublicityError(problem)
        listed = row.entries.filter(outcome=Entry.Outcome.LISTED)
        cleared_ids = list(listed.order_by("pk").values_list("application_id", flat=True))
        cleared = listed.update(outcome=Entry.Outcome.CLEARED)
        any_objection = Objection.objects.filter(entry__publicity=row).exists()
        row.status = Publicity.Status.CLOSED
        row.result = Publicity.Result.OBJECTION if any_objection else Publicity.Result.NO_OBJECTION
        row.closed_by, row.closed_at = actor, timezone.now()
        row.save(update_fields=["status", "result", "closed_by", "closed_at"])
        step = kinds.steps(row.kind).on_closing
        if step:
            step(publicity=row, actor=actor, cleared=cleared_ids)
        events.publicity_closed(actor=actor, publicity=row, cleared=cleared)
        send_on_commit(
            publicity_closed,
            Publicity,
            kind=row.kind,
            publicity_id=row.pk,
            plan_id=row.plan_id,
            cleared=cleared_ids,
        )
    return row


def notify_ended_publicities(*, today: date | None = None) -> int:
    """Tell the committee office once when a 公示 period is over, with the objections still open. A timed
    job: the only thing here that time alone decides."""
    today = today or timezone.localdate()
    ended = list(
        Publicity.objects.filter(status=Publicity.Status.OPEN, end__lt=today, ended_notice_sent=False)
        .exclude(kind=Kind.INTERNAL)
        .select_related("plan")
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
                subject=f"{publicity.get_kind_display()}期已满",
                body=f"“{publicity.title}”公示期已于 {publicity.end:%Y-%m-%d} 届满。{tail}",
                link=f"/publicity/manage/{publicity.pk}/",
            )
    return len(ended)
