"""What the evaluation does when something happens below it (DESIGN.md §4.12): connected in apps.ready.

The review chain and the application's workflow send their events after commit; the evaluation never
polls them and no page view opens a case.
"""

from __future__ import annotations

from zhicheng.applications.models import Status as AppStatus
from zhicheng.applications.signals import application_transitioned
from zhicheng.plans.models import Plan
from zhicheng.plans.selectors import has_qualification_publicity
from zhicheng.publicity.models import Kind
from zhicheng.publicity.signals import publicity_closed

from .services.cases import case_cancel_for_lost_qualification, case_open_for_qualified


def open_cases_for_cleared(sender, *, kind: str, plan_id: int, cleared: list[int], **kwargs) -> None:
    """The 资格审查公示 closed: the names that stood it go on to fees, assessments and expert review."""
    if kind == Kind.QUALIFICATION and cleared:
        plan = Plan.objects.select_related("committee").get(pk=plan_id)
        case_open_for_qualified(plan=plan, application_ids=cleared)


def open_case_without_qualification_publicity(
    sender, *, application_id: int, from_status: str, to_status: str, **kwargs
) -> None:
    """A plan whose road holds no 资格审查公示 (温州, seed 000 五1: 县级人社 → 学会 → 市人社局, then the fee and
    the 学会's exams) opens the case as the file is qualified; the others wait for the 公示 to close."""
    if to_status != AppStatus.QUALIFIED or from_status == AppStatus.QUALIFIED:
        return
    plan = Plan.objects.select_related("committee").get(applications__pk=application_id)
    if not has_qualification_publicity(plan):
        case_open_for_qualified(plan=plan, application_ids=[application_id])


def cancel_case_when_qualification_lost(
    sender, *, application_id: int, from_status: str, to_status: str, **kwargs
) -> None:
    if from_status == AppStatus.QUALIFIED and to_status != AppStatus.QUALIFIED:
        case_cancel_for_lost_qualification(application_id=application_id)


def connect() -> None:
    publicity_closed.connect(open_cases_for_cleared, dispatch_uid="evaluation_open_cases")
    application_transitioned.connect(
        cancel_case_when_qualification_lost, dispatch_uid="evaluation_cancel_lost_qualification"
    )
    application_transitioned.connect(
        open_case_without_qualification_publicity, dispatch_uid="evaluation_open_without_publicity"
    )
