"""The applicant's side: the case, the fee (online or offline), assessments and results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role

from .. import permissions, selectors, timeline
from ..models import CaseStatus, Payment, PaymentOrder
from ..payments import SIGNATURE_HEADER, provider, sandbox_enabled
from ..receipts import receipt_pdf
from ..services import ServiceError
from ..services.cases import rules_for
from ..services.payments import payment_callback_receive, payment_order_start, receipt_viewed
from . import or_404

STRIP_STATE = {"done": "done", "current": "current", "returned": "current", "rejected": "stopped"}


def _progress(case) -> list[dict]:
    """The steps strip, from the one timeline: only the steps this plan has, done only when they happened."""
    steps = timeline.steps_for(case.application, today=timezone.localdate())
    return [{"label": s.title, "state": STRIP_STATE.get(s.state, "todo")} for s in steps]


@require_role(Role.APPLICANT)
def my_cases(request):
    return render(
        request, "evaluation/applicant_list.html", {"cases": selectors.cases_for_applicant(request.user)}
    )


@require_role(Role.APPLICANT)
def case_detail(request, pk: int):
    case = or_404(selectors.get_case_for_applicant, user=request.user, pk=pk)
    rules = rules_for(case.plan)
    certificate = (
        getattr(case, "certificate", None)
        if case.status in (CaseStatus.CERTIFIED, CaseStatus.REVOKED)
        else None
    )
    history = list(case.history.all())
    return render(
        request,
        "evaluation/applicant_case.html",
        {
            "case": case,
            "rules": rules,
            "steps": _progress(case),
            "payments": list(case.payments.all()),
            "sittings": list(case.sittings.all()),
            "history": history,
            "can_pay_online": permissions.can_pay_online(request.user, case)
            and rules.online_payment
            and sandbox_enabled(),
            "certificate": certificate,
        },
    )


@require_role(Role.APPLICANT)
@require_POST
def pay_online(request, pk: int):
    case = or_404(selectors.get_case_for_applicant, user=request.user, pk=pk)
    try:
        order = payment_order_start(case=case, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:case_detail", pk=case.pk)
    return redirect(provider(order.provider).cashier_url(order))


@require_role(Role.APPLICANT)
def sandbox_cashier(request, order: str):
    """The sandbox gateway's own cashier page. Paying here makes the gateway send its signed callback to
    our public callback endpoint, exactly as a real gateway would (the applicant's session plays no part)."""
    if not sandbox_enabled():
        raise Http404("未知的支付渠道")
    order_row = get_object_or_404(
        PaymentOrder.objects.select_related("case__plan", "case__application"),
        order_number=order,
        case__application__applicant=request.user,
    )
    if request.method == "POST" and order_row.status == PaymentOrder.Status.OPEN:
        gateway = provider(order_row.provider)
        body, signature = gateway.build_callback(order_row)
        answer = payment_callback_receive(provider_code=order_row.provider, body=body, signature=signature)
        if answer.outcome == "recorded":
            messages.success(request, f"支付成功：已缴纳评审费 {order_row.amount} 元。")
        else:
            messages.error(request, "支付结果未能确认，请稍后在“我的评审”中查看缴费状态。")
        return redirect("evaluation:case_detail", pk=order_row.case_id)
    return render(request, "evaluation/sandbox_cashier.html", {"order": order_row})


@login_not_required
@csrf_exempt
@require_POST
def payment_callback(request, provider_code: str):
    """Server-to-server callback from a payment gateway: no session, trust comes from the signature only."""
    if provider_code != "sandbox" or not sandbox_enabled():
        raise Http404("未知的支付渠道")
    answer = payment_callback_receive(
        provider_code=provider_code, body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
    )
    return HttpResponse(answer.text, status=answer.status, content_type="text/plain; charset=utf-8")


def receipt(request, pk: int):
    payment = get_object_or_404(
        Payment.objects.select_related(
            "case__plan__committee__organization",
            "case__application__applicant",
            "case__application__employer__organization",
        ),
        pk=pk,
    )
    if not permissions.can_view_receipt(request.user, payment):
        raise Http404("未找到")
    receipt_viewed(actor=request.user, payment=payment)
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.receipt_number}.pdf"'
    return response
