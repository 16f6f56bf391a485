from django.db.models import Prefetch
from django.utils import timezone

from zhicheng.accounts.permissions import office_scope

from .models import Plan, PlanStage


def _with_related(qs):
    return qs.select_related("committee__organization", "notice").prefetch_related(
        "fees",
        Prefetch("stages", queryset=PlanStage.objects.order_by("order")),
        "intake_departments",
        "attachments",
    )


def published_plans():
    return _with_related(Plan.objects.filter(status__in=[Plan.Status.PUBLISHED, Plan.Status.CLOSED]))


def open_plans(today=None):
    today = today or timezone.localdate()
    return _with_related(
        Plan.objects.filter(status=Plan.Status.PUBLISHED, apply_start__lte=today, apply_end__gte=today)
    )


def plans_for_committee_office(user):
    return _with_related(Plan.objects.filter(office_scope(user, "")))


def get_plan_for_edit(*, user, pk: int) -> Plan:
    return plans_for_committee_office(user).get(pk=pk)
