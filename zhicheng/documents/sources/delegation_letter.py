"""The 委托评审书: the letter by which a unit delegates its files to a committee."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhicheng.applications.models import Application, ApplicationEntry
from zhicheng.review.models import EntryState, ReviewEntry

from ..data import (
    DelegatedPerson,
    DelegationLetterData,
)
from .archive import current_title
from .records import personal_info_of
from .vocab import ACTIVE_STATUSES, GENDER_LABEL, qualification_name


def delegated_applications(plan, delegating_org_id: int) -> QuerySet[Application]:
    """The files the delegating unit sent on to the committee: it approved them at its stage
    (审查通过) and they are still going forward."""

    sent = ReviewEntry.objects.filter(organization_id=delegating_org_id, plan=plan, state=EntryState.APPROVED)
    return Application.objects.filter(
        plan=plan, status__in=ACTIVE_STATUSES, pk__in=sent.values("application_id")
    )


def delegation_letter_data(
    plan, committee=None, *, delegating_org, issued_on: date | None = None
) -> DelegationLetterData:
    """专业技术资格委托评审书 and its 委托评审名册 (seed 003 附件6): the delegating unit (an
    employer or 主管部门) asks the plan's committee to review the people it sent on.
    Raises ValueError when there is nobody to delegate (the dataclass refuses an empty list)."""
    committee = committee or plan.committee
    qs = (
        delegated_applications(plan, delegating_org.pk)
        .select_related("applicant__personal_info", "employer__organization")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ApplicationEntry.objects.filter(version__entry__kind="title").select_related(
                    "version__entry"
                ),
            )
        )
        .order_by("employer__organization__name", "applicant__real_name", "pk")
    )
    persons = []
    levels = []
    for app in qs:
        info = personal_info_of(app)
        title = current_title([row.version.data for row in app.entries.all()])
        persons.append(
            DelegatedPerson(
                name=app.applicant.real_name,
                gender=GENDER_LABEL.get(info.gender if info else "", ""),
                employer=app.employer.organization.name if app.employer_id else "",
                specialty=app.specialty or plan.specialty,
                current_qualification=qualification_name(title["level"]) if title else "",
                qualification_sought=qualification_name(app.level),
            )
        )
        if app.level not in levels:
            levels.append(app.level)
    return DelegationLetterData(
        committee=committee.organization.name,
        delegating_unit=delegating_org.name,
        qualification="、".join(qualification_name(level) for level in levels),
        persons=tuple(persons),
        issued_on=issued_on or timezone.localdate(),
    )
