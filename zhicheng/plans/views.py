from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role

from . import process, selectors, services
from .forms import AttachmentFormSet, FeeFormSet, PlanForm, StageFormSet
from .models import Plan


def _plan_or_404(request, pk):
    try:
        return selectors.get_plan_for_edit(user=request.user, pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404("计划不存在") from exc


@require_role(Role.COMMITTEE_OFFICE)
def plan_list(request):
    return render(
        request, "plans/plan_list.html", {"plans": selectors.plans_for_committee_office(request.user)}
    )


@require_role(Role.COMMITTEE_OFFICE)
def plan_edit(request, pk: int | None = None):
    plan = _plan_or_404(request, pk) if pk else Plan(committee_id=request.user.organization_id)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan)
    formsets = [
        StageFormSet(data, instance=plan, prefix="stages"),
        FeeFormSet(data, instance=plan, prefix="fees"),
        AttachmentFormSet(data, instance=plan, prefix="attachments"),
    ]
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets):
        plan = services.plan_save(actor=request.user, form=form, formsets=formsets)
        messages.success(request, f"计划“{plan.name}”已保存。")
        return redirect("plans:plan_list")
    steps = process.steps_for(plan) if plan.pk else []
    context = {
        "form": form,
        "formsets": formsets,
        "plan": plan,
        "steps": steps,
        "problems": process.problems_in(steps),
    }
    return render(request, "plans/plan_edit.html", context)


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def plan_publish(request, pk: int):
    plan = _plan_or_404(request, pk)
    try:
        services.plan_publish(actor=request.user, plan=plan)
        messages.success(request, f"计划“{plan.name}”已发布，申报人可在申报时间内申报。")
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("plans:plan_list")
