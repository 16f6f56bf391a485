from django.db import transaction

from zhicheng.core import audit

from . import process
from .models import Plan


@transaction.atomic
def plan_save(*, actor, form, formsets) -> Plan:
    """Plan and its stages, fees and attachments are saved together or not at all."""
    created = form.instance.pk is None
    plan = form.save(commit=False)
    if created:
        plan.committee_id = actor.organization_id
    plan.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = plan
        formset.save()
    audit.plan_saved(actor=actor, plan=plan, created=created)
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValueError("只有草稿状态的计划可以发布。")
    if not plan.stages.exists():
        raise ValueError("审核环节：至少需要一个审核环节才能发布。")
    problems = process.problems_in(process.steps_for(plan))
    if problems:
        raise ValueError("评审流程有误，不能发布：" + "".join(str(p) for p in problems))
    plan.status = Plan.Status.PUBLISHED
    plan.save(update_fields=["status", "updated_at"])
    audit.plan_published(actor=actor, plan=plan)
    return plan


def _plan_status_change(*, actor, plan: Plan, reason: str, field: str, before, after, record) -> Plan:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(f"{field}：必须填写。")
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != before:
            raise ValueError(
                f"只有{Plan.Status(before).label}的计划可以{'重新开放' if after == Plan.Status.PUBLISHED else '结束'}"
                f"（当前状态：{plan.get_status_display()}）。"
            )
        plan.status = after
        plan.save(update_fields=["status", "updated_at"])
        record(actor=actor, plan=plan, reason=reason[:200])
    return plan


def plan_reopen(*, actor, plan: Plan, reason: str) -> Plan:
    """A closed plan taken back to 已发布 (e.g. a season replayed on a past plan); the reason is audited."""
    return _plan_status_change(
        actor=actor, plan=plan, reason=reason, field="重新开放原因",
        before=Plan.Status.CLOSED, after=Plan.Status.PUBLISHED, record=audit.plan_reopened,
    )  # fmt: skip


def plan_close(*, actor, plan: Plan, reason: str) -> Plan:
    """A published plan closed: no new applications; files already in it go on. The reason is audited."""
    return _plan_status_change(
        actor=actor, plan=plan, reason=reason, field="结束原因",
        before=Plan.Status.PUBLISHED, after=Plan.Status.CLOSED, record=audit.plan_closed,
    )  # fmt: skip
