"""Who may do what with a certificate: one predicate per action (DESIGN.md §4.5), on the shared
questions of zhicheng.accounts.permissions (the office of this plan, the bureau of this plan)."""

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role, is_bureau_of, is_office_of

from .models import Certificate


def can_download_certificate(user, certificate: Certificate) -> bool:
    """The holder, the committee office that issued it and the HR bureau that approved the results."""
    if has_role(user, Role.APPLICANT):
        return certificate.holder_id == user.pk
    plan = certificate.case.plan
    return is_office_of(user, plan) or is_bureau_of(user, plan)
