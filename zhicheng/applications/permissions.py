"""Who may see an application and its files (SECURITY.md 6); one predicate used by pages, files and the API."""

from zhicheng.accounts.models import Role

from .models import Status


def can_view_application(user, application) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if application.applicant_id == user.pk:
        return True
    if application.status == Status.DRAFT or not user.organization_id:
        return False  # nothing reaches a reviewer before it is submitted
    org = user.organization_id
    if user.role == Role.EMPLOYER:
        return application.employer_id == org
    if user.role in (Role.DEPARTMENT, Role.COMMITTEE_OFFICE):
        if application.current_org_id == org:
            return True
        if user.role == Role.COMMITTEE_OFFICE and application.plan.committee_id == org:
            return True
        return application.history.filter(organization_id=org).exists()
    if user.role == Role.HR_BUREAU:
        return application.plan.committee.hr_bureau_id == org
    return False


def can_edit_application(user, application) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)
