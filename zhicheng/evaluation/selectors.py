"""Reads of the evaluation, with their joins done (DESIGN.md §3)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.permissions import bureau_scope, office_scope

from . import permissions
from .models import (
    AssessmentSitting,
    CaseStatus,
    ConflictOfInterest,
    EvaluationCase,
    ExpertScore,
    Meeting,
    Panel,
    PanelMember,
    ResultObjection,
    ResultPublicity,
)


def _case_related(qs: QuerySet[EvaluationCase]) -> QuerySet[EvaluationCase]:
    return qs.select_related(
        "plan__committee__organization",
        "application__applicant",
        "application__employer__organization",
        "panel",
    )


def cases_of_plan(plan, status: str | None = None) -> QuerySet[EvaluationCase]:
    qs = _case_related(EvaluationCase.objects.filter(plan=plan))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("pk")


def status_counts(plan) -> dict[str, int]:
    counts = dict(
        EvaluationCase.objects.filter(plan=plan)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in CaseStatus.values}


def get_case_for_office(*, user, pk: int) -> EvaluationCase:
    return _case_related(permissions.office_cases(user)).get(pk=pk)


def get_case_for_applicant(*, user, pk: int) -> EvaluationCase:
    return (
        _case_related(permissions.applicant_cases(user))
        .prefetch_related(
            "payments",
            Prefetch(
                "sittings",
                queryset=AssessmentSitting.objects.select_related("spec", "session").prefetch_related(
                    "scores"
                ),
            ),
        )
        .get(pk=pk)
    )


def cases_for_applicant(user) -> QuerySet[EvaluationCase]:
    return _case_related(permissions.applicant_cases(user)).order_by("-opened_at")


def get_case_for_expert(*, user, pk: int) -> EvaluationCase:
    """404 (DoesNotExist) for a case the expert may not see, conflicted ones included."""
    return (
        permissions.expert_cases(user)
        .select_related(
            "plan__committee", "application__applicant", "application__employer__organization", "panel"
        )
        .get(pk=pk)
    )


def expert_worklist(user) -> list[dict]:
    profile = permissions.expert_profile(user)
    if profile is None:
        return []
    cases = list(permissions.expert_cases(user).select_related("plan", "panel").order_by("plan", "pk"))
    scores = {
        s.case_id: s for s in ExpertScore.objects.filter(expert=profile, case__in=[c.pk for c in cases])
    }
    return [{"case": c, "score": scores.get(c.pk)} for c in cases]


@dataclass(frozen=True)
class ExpertProgress:
    member: PanelMember
    assigned: int
    conflicted: int
    submitted: int
    drafts: int
    last_activity: object

    @property
    def pending(self) -> int:
        return self.assigned - self.submitted


def panel_progress(panel: Panel) -> list[ExpertProgress]:
    """Per expert: cases to score (minus conflicts), submitted, drafts, last activity — four queries."""
    members = list(panel.members.select_related("expert__user"))
    case_ids = list(panel.cases.filter(status=CaseStatus.UNDER_REVIEW).values_list("pk", flat=True))
    conflicts = Counter(
        expert_id
        for expert_id, _ in ConflictOfInterest.objects.filter(
            case_id__in=case_ids, status=ConflictOfInterest.Status.ACTIVE
        )
        .values_list("expert_id", "case_id")
        .distinct()
    )
    scores = list(
        ExpertScore.objects.filter(
            case_id__in=case_ids, expert__in=[m.expert_id for m in members]
        ).values_list("expert_id", "status", "updated_at")
    )
    out = []
    for m in members:
        mine = [s for s in scores if s[0] == m.expert_id]
        out.append(
            ExpertProgress(
                member=m,
                assigned=len(case_ids) - conflicts.get(m.expert_id, 0),
                conflicted=conflicts.get(m.expert_id, 0),
                submitted=sum(1 for s in mine if s[1] == ExpertScore.Status.SUBMITTED),
                drafts=sum(1 for s in mine if s[1] == ExpertScore.Status.DRAFT),
                last_activity=max((s[2] for s in mine), default=None),
            )
        )
    return out


def panels_of_plan(plan) -> QuerySet[Panel]:
    return (
        Panel.objects.filter(plan=plan)
        .prefetch_related(Prefetch("members", queryset=PanelMember.objects.select_related("expert__user")))
        .annotate(
            under_review=Count("cases", filter=Q(cases__status=CaseStatus.UNDER_REVIEW), distinct=True),
        )
        .order_by("pk")
    )


def open_result_publicities() -> QuerySet[ResultPublicity]:
    return (
        ResultPublicity.objects.filter(status=ResultPublicity.Status.OPEN)
        .select_related("plan__committee__organization")
        .prefetch_related("entries")
        .order_by("-start", "-pk")
    )


def score_summary(case) -> dict:
    """Submitted scorings of one case for the office: count and average total."""
    totals = [s.total for s in case.scores.filter(status=ExpertScore.Status.SUBMITTED)]
    return {
        "count": len(totals),
        "average": (sum(totals) / len(totals)).quantize(totals[0]) if totals else None,
    }


# --------------------------------------------------------------------------- fetch and authorise
# One selector per object and action (issue 16 §2): the row, if the user's office (or bureau) has it in
# scope, else 404 — no view filters by organisation itself.


def _office(user, model, path: str, related: tuple[str, ...] = ()):
    return model.objects.filter(office_scope(user, path)).select_related(*related)


def get_panel_for_office(user, pk: int) -> Panel:
    return get_object_or_404(_office(user, Panel, "plan", ("plan__committee",)), pk=pk)


def get_sitting_for_scoring(user, pk: int) -> AssessmentSitting:
    related = ("spec__plan", "case__application__applicant", "session")
    return get_object_or_404(_office(user, AssessmentSitting, "spec__plan", related), pk=pk)


def get_conflict_for_dismissal(user, pk: int) -> ConflictOfInterest:
    return get_object_or_404(_office(user, ConflictOfInterest, "case__plan", ("case__plan",)), pk=pk)


def get_meeting_for_office(user, pk: int) -> Meeting:
    return get_object_or_404(_office(user, Meeting, "panel__plan", ("panel__plan",)), pk=pk)


def get_publicity_for_office(user, pk: int) -> ResultPublicity:
    return get_object_or_404(_office(user, ResultPublicity, "plan"), pk=pk)


def get_objection_for_resolution(user, pk: int) -> ResultObjection:
    related = ("entry__publicity",)
    return get_object_or_404(_office(user, ResultObjection, "entry__publicity__plan", related), pk=pk)


def get_case_for_bureau_decision(user, pk: int) -> EvaluationCase:
    qs = EvaluationCase.objects.filter(bureau_scope(user)).select_related("plan__committee")
    return get_object_or_404(qs, pk=pk)
