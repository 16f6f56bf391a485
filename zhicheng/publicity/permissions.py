"""Who may manage a 公示: the committee office of its plan, for the qualification and results 公示
(seed 001 三(二)/(三): 中评委办公室…公示). The internal 公示 is the employer's record, never managed here."""

from __future__ import annotations

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role

from .models import Kind


def can_manage_plan(user, plan=None) -> bool:
    if not (has_role(user, Role.COMMITTEE_OFFICE) and user.organization_id):
        return False
    return plan is None or plan.committee_id == user.organization_id


def can_manage(user, publicity) -> bool:
    return publicity.kind != Kind.INTERNAL and can_manage_plan(user, publicity.plan)
