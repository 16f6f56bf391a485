"""Fees: offline receipts, online orders, verified and de-duplicated callbacks, and the deadline."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import events
from ..machine import PUBLICITY_OPEN_MESSAGE, TransitionError, in_open_qualification_publicity, transition
from ..models import CaseAction, CaseStatus, EvaluationCase, Payment, PaymentCallback, PaymentOrder, Provider
from ..notices import cn_date
from ..payments import BadCallback, new_order_number, provider, sandbox_enabled
from . import ServiceError
from .cases import rules_for

RECEIPT_PATTERN = re.compile(r"^[A-Za-z0-9\-]{4,40}$")


def _check_can_pay(case: EvaluationCase, today: date) -> None:
    if case.status != CaseStatus.AWAITING_PAYMENT:
        raise ServiceError(f"缴费：当前状态为“{case.get_status_display()}”，无需缴费。")
    if in_open_qualification_publicity(case.application_id):
        raise ServiceError(PUBLICITY_OPEN_MESSAGE)  # before any order: never take money that cannot count
    if today > case.fee_deadline:
        raise ServiceError(f"缴费：缴费截止日期{cn_date(case.fee_deadline)}已过，不能再缴费。")


def payment_offline_record(
    *, case: EvaluationCase, actor, receipt_number: str, amount, paid_on: date, note: str = ""
) -> Payment:
    """The committee office records a fee it collected itself, with the receipt's number."""
    receipt_number = (receipt_number or "").strip()
    if not RECEIPT_PATTERN.match(receipt_number):
        raise ServiceError("收据编号：应为4–40位字母、数字或短横线。")
    try:
        amount = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ServiceError("金额：请填写数字。") from exc
    if amount != case.fee_amount:
        raise ServiceError(f"金额：应与本级别评审费{case.fee_amount:.2f}元一致，实收{amount:.2f}元。")
    today = timezone.localdate()
    if paid_on > today:
        raise ServiceError("缴费日期：不能晚于今天。")
    if paid_on < timezone.localtime(case.opened_at).date():
        raise ServiceError("缴费日期：不能早于资格审查通过日期。")
    if not rules_for(case.plan).offline_payment:
        raise ServiceError("缴费方式：本计划不接受线下缴费。")
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = EvaluationCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
            _check_can_pay(locked, paid_on)
            payment = Payment.objects.create(
                case=locked,
                provider=Provider.OFFLINE,
                order_number=f"XX{receipt_number}",
                receipt_number=receipt_number,
                amount=amount,
                paid_at=now if paid_on == today else timezone.make_aware(datetime.combine(paid_on, time(9))),
                recorded_by=actor,
                recorded_at=now,
                note=note.strip()[:200],
            )
            transition(case=locked, action=CaseAction.PAY, actor=actor, data={"payment": payment.pk})
            events.payment_recorded(actor=actor, payment=payment, provider=Provider.OFFLINE)
    except IntegrityError as exc:
        raise ServiceError(f"收据编号：{receipt_number} 已登记过，不能重复登记。") from exc
    except TransitionError as exc:
        raise ServiceError(str(exc)) from exc
    return payment


def payment_order_start(*, case: EvaluationCase, actor) -> PaymentOrder:
    """The applicant clicks 马上支付: one open order per case (a double click reuses it)."""
    if case.application.applicant_id != actor.pk:
        raise ServiceError("只能为本人的申报缴费。")
    if not rules_for(case.plan).online_payment or not sandbox_enabled():
        raise ServiceError("缴费方式：本计划未开通网上缴费，请按通知线下缴费。")
    with transaction.atomic():
        locked = EvaluationCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
        _check_can_pay(locked, timezone.localdate())
        order = locked.orders.filter(status=PaymentOrder.Status.OPEN, provider=Provider.SANDBOX).first()
        if order is None:
            order = PaymentOrder.objects.create(
                case=locked,
                order_number=new_order_number(locked.pk),
                provider=Provider.SANDBOX,
                amount=locked.fee_amount,
                created_at=timezone.now(),
                created_by=actor,
            )
            events.payment_order_started(actor=actor, order=order)
    return order


@dataclass(frozen=True)
class CallbackAnswer:
    status: int
    outcome: str
    text: str  # the body the gateway expects back


def payment_callback_receive(*, provider_code: str, body: bytes, signature: str) -> CallbackAnswer:
    """Verify, de-duplicate and record one callback delivery; safe to call any number of times."""
    gateway = provider(provider_code)
    digest = hashlib.sha256(body).hexdigest()
    now = timezone.now()
    try:
        notice = gateway.parse_callback(body, signature)
    except BadCallback as exc:
        with transaction.atomic():
            PaymentCallback.objects.create(
                provider=provider_code,
                received_at=now,
                signature_ok=False,
                outcome=PaymentCallback.Outcome.REFUSED,
                body_sha256=digest,
            )
            events.payment_callback_refused(provider=provider_code, reason=str(exc), order_number="")
        return CallbackAnswer(400, "refused", "fail")

    def log(outcome: str) -> None:
        PaymentCallback.objects.create(
            provider=provider_code,
            received_at=now,
            order_number=notice.order_number,
            notify_id=notice.notify_id,
            trade_status=notice.trade_status,
            signature_ok=True,
            outcome=outcome,
            body_sha256=digest,
        )

    with transaction.atomic():
        order = (
            PaymentOrder.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(order_number=notice.order_number, provider=provider_code)
            .first()
        )
        if order is None:
            log(PaymentCallback.Outcome.UNKNOWN)
            events.payment_callback_refused(
                provider=provider_code, reason="订单不存在", order_number=notice.order_number
            )
            return CallbackAnswer(400, "unknown", "fail")
        if not notice.succeeded:
            log(PaymentCallback.Outcome.IGNORED)
            return CallbackAnswer(200, "ignored", "success")
        if notice.amount != order.amount:
            log(PaymentCallback.Outcome.MISMATCH)
            events.payment_callback_refused(
                provider=provider_code, reason="金额与订单不符", order_number=notice.order_number
            )
            return CallbackAnswer(400, "mismatch", "fail")
        if Payment.objects.filter(order_number=notice.order_number).exists():
            log(PaymentCallback.Outcome.DUPLICATE)
            events.payment_callback_duplicate(provider=provider_code, order_number=notice.order_number)
            return CallbackAnswer(200, "duplicate", "success")
        case = EvaluationCase.objects.select_for_update(of=("self",)).get(pk=order.case_id)
        # Money that arrives for a case no longer waiting (paid offline meanwhile, or past the deadline)
        # is kept and flagged for refund: never lost, never counted twice.
        effective = case.status == CaseStatus.AWAITING_PAYMENT
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    case=case,
                    provider=provider_code,
                    order_number=notice.order_number,
                    receipt_number=f"WS{notice.order_number[2:]}",
                    amount=notice.amount,
                    paid_at=notice.paid_at,
                    transaction_id=notice.transaction_id,
                    recorded_at=now,
                    refund_due=not effective,
                    note="" if effective else "缴费时案卷已不在待缴费状态，应予退款",
                )
        except IntegrityError:
            # The unique order number: another delivery of the same callback got here first.
            log(PaymentCallback.Outcome.DUPLICATE)
            events.payment_callback_duplicate(provider=provider_code, order_number=notice.order_number)
            return CallbackAnswer(200, "duplicate", "success")
        order.status = PaymentOrder.Status.PAID
        order.save(update_fields=["status"])
        events.payment_recorded(actor=None, payment=payment, provider=provider_code)
        if effective:
            transition(
                case=case,
                action=CaseAction.PAY,
                actor=None,
                actor_label=f"provider:{provider_code}",
                data={"payment": payment.pk},
            )
        log(PaymentCallback.Outcome.RECORDED)
    return CallbackAnswer(200, "recorded", "success")


def cases_expire_unpaid(*, today: date | None = None) -> int:
    """Cases still unpaid after their deadline do not go to review, and the applicant is told."""
    today = today or timezone.localdate()
    expired = 0
    for case_id in EvaluationCase.objects.filter(
        status=CaseStatus.AWAITING_PAYMENT, fee_deadline__lt=today
    ).values_list("pk", flat=True):
        try:
            transition(
                case=case_id,
                action=CaseAction.EXPIRE,
                actor=None,
                actor_label="job:expire-unpaid",
                opinion=f"截至{today:%Y-%m-%d}未缴纳评审费",
            )
            expired += 1
        except TransitionError:
            continue  # paid a moment ago: the lock decided
    return expired


def receipt_viewed(*, actor, payment: Payment) -> None:
    events.receipt_downloaded(actor=actor, payment=payment)
