"""One predicate per action (DESIGN.md §4.5); views, templates and the API call the same ones."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from zhicheng.core import audit

from .models import Role


def has_role(user, *roles) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


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
    return can_manage_plans(user) and plan.committee_id == user.organization_id
