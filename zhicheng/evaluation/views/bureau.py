"""The HR bureau's side: results awaiting approval, approval with the document number (发文)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role

from .. import forms, permissions, selectors
from ..models import CaseStatus, ResultApproval, VoteTally
from ..services import ServiceError
from ..services.results import awaiting_approval_status, case_decline, results_approve, results_certify
from . import or_404

bureau_only = require_role(Role.HR_BUREAU)


@bureau_only
def home(request):
    plans = (
        permissions.bureau_plans(request.user)
        .annotate(
            waiting=Count(
                "evaluation_cases",
                filter=Q(evaluation_cases__status=CaseStatus.AWAITING_APPROVAL)
                | Q(
                    evaluation_cases__status__in=[CaseStatus.REVIEW_PASSED, CaseStatus.PUBLISHED_APPROVED],
                    evaluation_rules__results_order="approval_first",
                ),
            ),
            certified=Count("evaluation_cases", filter=Q(evaluation_cases__status=CaseStatus.CERTIFIED)),
        )
        .filter(Q(waiting__gt=0) | Q(certified__gt=0))
        .order_by("-year", "-pk")
    )
    return render(request, "evaluation/bureau_home.html", {"plans": plans})


@bureau_only
def plan_detail(request, pk: int):
    plan = or_404(permissions.bureau_plans(request.user).get, pk=pk)
    form = forms.ApprovalForm(request.POST or None, initial={"approved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            approval = results_approve(plan=plan, actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                f"已审批通过{approval.count}人（{approval.document_number}），电子证书已生成并通知本人。",
            )
            return redirect("evaluation:bureau_plan", pk=plan.pk)
        except ServiceError as exc:
            form.add_error(None, str(exc))
    cases = list(selectors.cases_of_plan(plan, awaiting_approval_status(plan)))
    tallies = {
        t.case_id: t
        for t in VoteTally.objects.filter(case__in=cases, passed=True).order_by("case_id", "-closed_at")
    }
    return render(
        request,
        "evaluation/bureau_plan.html",
        {
            "plan": plan,
            "form": form,
            "rows": [{"case": c, "tally": tallies.get(c.pk)} for c in cases],
            "approvals": ResultApproval.objects.filter(plan=plan).select_related("approved_by"),
            "decline_form": forms.ReasonForm(),
            "to_certify": selectors.cases_of_plan(plan, CaseStatus.PUBLISHED_APPROVED).count(),
        },
    )


@bureau_only
@require_POST
def certify(request, pk: int):
    """温州: 发文发证 after the approved results' 公示 (seed 000 五)."""
    plan = or_404(permissions.bureau_plans(request.user).get, pk=pk)
    try:
        count = results_certify(plan=plan, actor=request.user)
        messages.success(request, f"已为{count}人发文发证，电子证书已生成并通知本人。")
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:bureau_plan", pk=plan.pk)


@bureau_only
@require_POST
def decline(request, pk: int):
    case = selectors.get_case_for_bureau_decision(request.user, pk)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("原因：必须填写。")
        case_decline(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"评审案卷 {case.code} 审批不通过，已通知本人。")
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:bureau_plan", pk=case.plan_id)
