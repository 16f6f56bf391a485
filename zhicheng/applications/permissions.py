"""Who may see an application and its files (SECURITY.md 6): one predicate for pages, files and the API.

Reviewers' scope (employer, departments by jurisdiction and routing, committee office) is defined once, in
zhicheng.review.permissions; this adds the applicant and the approving HR bureau.
"""

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import is_bureau_of

from .models import Application, Status


def can_view_application(user, application) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if application.applicant_id == user.pk:
        return True
    if application.status == Status.DRAFT or not user.organization_id:
        return False  # nothing reaches a reviewer before it is submitted
    if user.role == Role.HR_BUREAU:
        # The bureau approves results: a file reaches it once it passed the committee's 资格审查,
        # never while it is still at the employer or a department (issue 12 item 4).
        return application.status == Status.QUALIFIED and is_bureau_of(user, application.plan)
    # upward (named exception in docs/architecture.md): a reviewer's right to view is decided in review
    from zhicheng.review.permissions import can_view_application as reviewer_can_view

    return reviewer_can_view(user, application)


def can_edit_application(user, application) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


def can_read_cited_evidence(user, evidence) -> bool:
    """An archive evidence file, for whoever may view an application that cites it (registered with
    ``zhicheng.archive.access`` by this app's ready())."""
    applications = Application.objects.filter(entries__version__files=evidence).select_related(
        "plan", "employer"
    )
    return any(can_view_application(user, a) for a in applications)
