"""One predicate per action (DESIGN.md §4.5) for organisations, on the shared questions of
zhicheng.accounts.permissions."""

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role, is_member_of


def can_view_employer_letter(user, employer) -> bool:
    """委托证明扫描件: the platform admin who reviews the employer, and the employer's own HR."""
    return has_role(user, Role.ADMIN) or (has_role(user, Role.EMPLOYER) and is_member_of(user, employer.pk))
