"""One predicate per action (DESIGN.md §4.5); views, templates and the API call the same ones.

The recurring questions every app asks are answered here, once (issue 16 §2):

  is_member_of(user, org)  — the user acts for this organisation
  is_office_of(user, plan) — the user is the committee office (评审委员会办事机构) that runs this plan
  is_bureau_of(user, plan) — the user is the HR bureau (人社部门) that approves this plan's results

and ``office_scope`` / ``bureau_scope`` are the same questions as queryset filters, for the
``get_<obj>_for_<action>`` selectors: a row out of scope is simply absent, so the view answers 404.
Each app's ``permissions.py`` builds its ``can_<action>`` predicates on these; templates ask them
through the ``can`` tag (``zhicheng.accounts.templatetags.permission_tags``).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from zhicheng.core import audit

from .models import Role


def has_role(user, *roles) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def _org_id(organization) -> int | None:
    return organization if isinstance(organization, int) or organization is None else organization.pk


def is_member_of(user, organization) -> bool:
    """The user acts for this organisation (an Organization, or its pk; Employer and Committee share
    their organisation's pk)."""
    org = _org_id(organization)
    return bool(
        user and user.is_authenticated and user.is_active and org is not None and user.organization_id == org
    )


def is_office_of(user, plan) -> bool:
    """The committee office that runs this plan."""
    return has_role(user, Role.COMMITTEE_OFFICE) and is_member_of(user, plan.committee_id)


def is_bureau_of(user, plan) -> bool:
    """The HR bureau that approves this plan's results."""
    return has_role(user, Role.HR_BUREAU) and is_member_of(user, plan.committee.hr_bureau_id)


NOTHING = Q(pk__in=[])


def office_scope(user, plan_path: str = "plan") -> Q:
    """Rows whose plan (reached through ``plan_path``) the user runs as its committee office; nothing for
    anyone else. ``plan_path=""`` when the rows are plans."""
    if not (has_role(user, Role.COMMITTEE_OFFICE) and user.organization_id):
        return NOTHING
    prefix = f"{plan_path}__" if plan_path else ""
    return Q(**{f"{prefix}committee_id": user.organization_id})


def bureau_scope(user, plan_path: str = "plan") -> Q:
    """Rows whose plan the user approves as its HR bureau; nothing for anyone else."""
    if not (has_role(user, Role.HR_BUREAU) and user.organization_id):
        return NOTHING
    prefix = f"{plan_path}__" if plan_path else ""
    return Q(**{f"{prefix}committee__hr_bureau_id": user.organization_id})


def require_role(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                audit.access_denied(user=request.user, path=request.path)
                raise PermissionDenied("您的账号没有此项操作的权限。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_review_employers(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_manage_plans(user) -> bool:
    return has_role(user, Role.COMMITTEE_OFFICE)


def can_manage_plan(user, plan) -> bool:
    return is_office_of(user, plan)
