from django.shortcuts import render

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.plans.models import TITLE_FOR_LEVEL, DeclarationType
from zhicheng.plans.selectors import open_plans

from .checks import check_for_user


@require_role(Role.APPLICANT)
def self_check(request):
    """资格自测: pick a plan, level and route; see each condition met or not, with its clause, before applying."""
    plans = list(open_plans())
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), plans[0] if plans else None)
    context: dict = {"plans": plans, "plan": plan}
    if plan is not None:
        level = request.GET.get("level") if request.GET.get("level") in plan.levels else plan.levels[-1]
        declaration = (
            request.GET.get("declaration")
            if request.GET.get("declaration") in plan.declaration_types
            else "normal"
        )
        context.update(
            level=level,
            declaration=declaration,
            levels=[(lv, TITLE_FOR_LEVEL.get(lv, lv)) for lv in plan.levels],
            declarations=[(d, DeclarationType(d).label) for d in plan.declaration_types],
        )
        if "plan" in request.GET:
            context["check"] = check_for_user(request.user, plan, level=level, declaration=declaration)
    return render(request, "eligibility/self_check.html", context)
