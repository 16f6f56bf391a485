from django.db.models import Prefetch
from django.utils import timezone

from zhicheng.accounts.permissions import office_scope

from .models import Plan, PlanStage, StageKind


def _with_related(qs):
    return qs.select_related("committee__organization", "notice").prefetch_related(
        "fees",
        Prefetch("stages", queryset=PlanStage.objects.order_by("order")),
        "intake_departments",
        "attachments",
    )


def has_qualification_publicity(plan, stages=None) -> bool:
    """Whether the plan's road holds a 资格审查公示: it follows the 评委会办公室's 资格审查 (seed 001 三(二), seed
    002 三, seed 003). 温州 (seed 000 五1) reviews through 县级人社 → 学会 → 市人社局 and names no such 公示:
    its qualified files go straight on to the fee and the assessments. `stages`: the plan's stages when the
    caller has them loaded already (no query then)."""
    if stages is not None:
        return any(stage.kind == StageKind.COMMITTEE_OFFICE for stage in stages)
    return plan.stages.filter(kind=StageKind.COMMITTEE_OFFICE).exists()


def published_plans():
    return _with_related(Plan.objects.filter(status__in=[Plan.Status.PUBLISHED, Plan.Status.CLOSED]))


def _open(today=None):
    today = today or timezone.localdate()
    return Plan.objects.filter(status=Plan.Status.PUBLISHED, apply_start__lte=today, apply_end__gte=today)


def open_plans(today=None):
    return _with_related(_open(today))


def open_plan_titles(limit: int = 5, today=None):
    """The open plans as the applicant's home lists them: name and dates only. `open_plans()` prefetches fees,
    stages, 受理点 and attachments: four reads the home page never shows."""
    return _open(today).only("pk", "name", "apply_start", "apply_end")[:limit]


def plans_for_committee_office(user):
    return _with_related(Plan.objects.filter(office_scope(user, "")))


def get_plan_for_edit(*, user, pk: int) -> Plan:
    return plans_for_committee_office(user).get(pk=pk)
