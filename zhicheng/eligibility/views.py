from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.plans.levels import title_name
from zhicheng.plans.models import DeclarationType
from zhicheng.plans.selectors import get_plan_for_edit, open_plans

from .checks import check_for_user, declarations_for_plan
from .models import EligibilityCheck, EligibilityRun
from .services import eligibility_rerun_start


@require_role(Role.APPLICANT)
def self_check(request):
    """资格自测: pick a plan, level and route; see each condition met or not, with its clause, before applying."""
    plans = list(open_plans())
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), plans[0] if plans else None)
    context: dict = {"plans": plans, "plan": plan}
    if plan is not None:
        level = request.GET.get("level") if request.GET.get("level") in plan.levels else plan.levels[-1]
        offered = declarations_for_plan(plan, level)
        declaration = (
            request.GET.get("declaration") if request.GET.get("declaration") in offered else "normal"
        )
        context.update(
            level=level,
            declaration=declaration,
            levels=[(lv, title_name(lv)) for lv in plan.levels],
            declarations=[(d, DeclarationType(d).label) for d in offered],
        )
        if "plan" in request.GET:
            context["check"] = check_for_user(request.user, plan, level=level, declaration=declaration)
    return render(request, "eligibility/self_check.html", context)


def _plan_for_office(request, pk):
    try:
        return get_plan_for_edit(user=request.user, pk=pk)
    except Exception as exc:  # noqa: BLE001 - any miss is a 404 that leaks nothing
        raise Http404("计划不存在") from exc


@require_role(Role.COMMITTEE_OFFICE)
def plan_checks(request, pk: int):
    """The committee office's view of a plan's verdicts, with a background re-run of them all."""
    plan = _plan_for_office(request, pk)
    if request.method == "POST":
        run = eligibility_rerun_start(plan=plan, actor=request.user)
        messages.success(request, "已开始重新核对本计划的全部申报，完成后结果将在此更新。")
        return redirect(f"{request.path}?run={run.pk}")
    counts = dict(
        EligibilityCheck.objects.filter(application__plan=plan)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    run = EligibilityRun.objects.filter(plan=plan).first()
    context = {
        "plan": plan,
        "run": run,
        "counts": [(value, label, counts.get(value, 0)) for value, label in EligibilityCheck.Outcome.choices],
    }
    if request.headers.get("HX-Request"):
        return render(request, "eligibility/_run.html", context)
    return render(request, "eligibility/plan_checks.html", context)
