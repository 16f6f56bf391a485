"""One predicate per action (DESIGN.md §4.5) and the scoped querysets they rest on (SECURITY.md 6).

applicant         → own cases
committee office  → cases of its committee's plans; its own expert pool
expert            → cases on a panel they sit on, under review or later, with no active conflict —
                    a conflicted case is absent from every queryset, so its page answers 404
hr bureau         → results of the committees it approves
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import bureau_scope, has_role, is_bureau_of, is_office_of, office_scope
from zhicheng.plans.models import Plan

from .machine import allowed
from .models import (
    Attendance,
    CaseStatus,
    ConflictOfInterest,
    EvaluationCase,
    ExpertProfile,
    ExpertScore,
    Meeting,
    PanelMember,
    Payment,
    Vote,
)

EXPERT_VISIBLE = (CaseStatus.UNDER_REVIEW,)


# --------------------------------------------------------------------------- committee office


def is_office(user) -> bool:
    return has_role(user, Role.COMMITTEE_OFFICE) and user.organization_id is not None


def office_plans(user) -> QuerySet[Plan]:
    if not is_office(user):
        return Plan.objects.none()
    return Plan.objects.filter(office_scope(user, "")).select_related("committee__organization")


def can_manage_evaluation(user, plan) -> bool:
    return is_office_of(user, plan)


def office_cases(user) -> QuerySet[EvaluationCase]:
    if not is_office(user):
        return EvaluationCase.objects.none()
    return EvaluationCase.objects.filter(office_scope(user))


def office_experts(user) -> QuerySet[ExpertProfile]:
    if not is_office(user):
        return ExpertProfile.objects.none()
    return ExpertProfile.objects.filter(committee_id=user.organization_id).select_related("user")


def can_record_offline_payment(user, case) -> bool:
    return can_manage_evaluation(user, case.plan) and allowed(case.status, "pay", Role.COMMITTEE_OFFICE)


# --------------------------------------------------------------------------- applicant


def applicant_cases(user) -> QuerySet[EvaluationCase]:
    if not has_role(user, Role.APPLICANT):
        return EvaluationCase.objects.none()
    return EvaluationCase.objects.filter(application__applicant=user)


def can_pay_online(user, case) -> bool:
    return (
        has_role(user, Role.APPLICANT)
        and case.application.applicant_id == user.pk
        and (case.status == CaseStatus.AWAITING_PAYMENT)
    )


def can_view_receipt(user, payment: Payment) -> bool:
    case = payment.case
    return (
        has_role(user, Role.APPLICANT) and case.application.applicant_id == user.pk
    ) or can_manage_evaluation(user, case.plan)


# --------------------------------------------------------------------------- experts


def expert_profile(user) -> ExpertProfile | None:
    if not has_role(user, Role.EXPERT):
        return None
    return ExpertProfile.objects.filter(user=user, active=True).first()


def expert_cases(user) -> QuerySet[EvaluationCase]:
    """Cases the expert may open: on one of their panels, under review, and not conflicted."""
    profile = expert_profile(user)
    if profile is None:
        return EvaluationCase.objects.none()
    on_panel = PanelMember.objects.filter(panel_id=OuterRef("panel_id"), expert=profile)
    conflicted = ConflictOfInterest.objects.filter(
        case_id=OuterRef("pk"), expert=profile, status=ConflictOfInterest.Status.ACTIVE
    )
    return EvaluationCase.objects.filter(Exists(on_panel), status__in=EXPERT_VISIBLE).exclude(
        Exists(conflicted)
    )


def can_score(user, case) -> bool:
    profile = expert_profile(user)
    if profile is None or not expert_cases(user).filter(pk=case.pk).exists():
        return False
    return not ExpertScore.objects.filter(
        case=case, expert=profile, status=ExpertScore.Status.SUBMITTED
    ).exists()


def can_declare_conflict(user, case) -> bool:
    return expert_cases(user).filter(pk=case.pk).exists()


def can_vote(user, meeting: Meeting, case) -> bool:
    profile = expert_profile(user)
    return (
        profile is not None
        and meeting.status == Meeting.Status.OPEN
        and case.panel_id == meeting.panel_id
        and Attendance.objects.filter(meeting=meeting, expert=profile).exists()
        and expert_cases(user).filter(pk=case.pk).exists()
        and not Vote.objects.filter(meeting=meeting, case=case, expert=profile).exists()
    )


def expert_meetings(user) -> QuerySet[Meeting]:
    profile = expert_profile(user)
    if profile is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(panel__members__expert=profile).select_related("panel__plan").distinct()


def can_dismiss_conflict(user, conflict: ConflictOfInterest) -> bool:
    return (
        can_manage_evaluation(user, conflict.case.plan)
        and conflict.status == ConflictOfInterest.Status.ACTIVE
        and conflict.source != ConflictOfInterest.Source.DECLARED
    )


# --------------------------------------------------------------------------- HR bureau


def is_bureau(user) -> bool:
    return has_role(user, Role.HR_BUREAU) and user.organization_id is not None


def bureau_plans(user) -> QuerySet[Plan]:
    if not is_bureau(user):
        return Plan.objects.none()
    return Plan.objects.filter(bureau_scope(user, "")).select_related("committee__organization")


def can_approve_results(user, plan) -> bool:
    return is_bureau_of(user, plan)
