"""Fees: online orders, payments received and every callback delivery (services/payments.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .cases import EvaluationCase


class Provider(models.TextChoices):
    OFFLINE = "offline", "线下缴费（评委会办公室收取）"
    SANDBOX = "sandbox", "网上缴费（沙箱支付）"


class PaymentOrder(models.Model):
    """An online payment started by the applicant; the provider's callback names it by order number."""

    class Status(models.TextChoices):
        OPEN = "open", "待支付"
        PAID = "paid", "已支付"
        CLOSED = "closed", "已关闭"

    case = models.ForeignKey(EvaluationCase, on_delete=models.PROTECT, related_name="orders")
    order_number = models.CharField("订单号", max_length=40, unique=True)
    provider = models.CharField("支付方式", max_length=12, choices=Provider.choices)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "支付订单"
        verbose_name_plural = "支付订单"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive")]


class Payment(models.Model):
    """A fee received. The unique order number is what makes five deliveries of one callback one payment."""

    case = models.ForeignKey(
        EvaluationCase, on_delete=models.PROTECT, related_name="payments", verbose_name="评审案卷"
    )
    provider = models.CharField("缴费方式", max_length=12, choices=Provider.choices)
    order_number = models.CharField("订单号", max_length=40, unique=True)
    receipt_number = models.CharField("收据编号", max_length=40, unique=True)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    paid_at = models.DateTimeField("缴费时间")
    transaction_id = models.CharField("支付流水号", max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    recorded_at = models.DateTimeField(verbose_name="录入时间")
    # A second payment for a case already paid, or money arriving after the deadline, is kept
    # (the money was taken) and flagged for refund instead of being lost or counted twice.
    refund_due = models.BooleanField("待退款", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["-paid_at", "-id"]
        verbose_name = "评审费缴费记录"
        verbose_name_plural = "评审费缴费记录"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(refund_due=False), name="one_effective_payment_per_case"
            ),
        ]


class PaymentCallback(models.Model):
    """Every callback delivery as it arrived, accepted or not (SECURITY.md 23)."""

    class Outcome(models.TextChoices):
        RECORDED = "recorded", "已入账"
        DUPLICATE = "duplicate", "重复通知"
        IGNORED = "ignored", "非成功状态，忽略"
        REFUSED = "refused", "签名无效，拒绝"
        MISMATCH = "mismatch", "金额不符，拒绝"
        UNKNOWN = "unknown", "订单不存在"

    provider = models.CharField(max_length=12, choices=Provider.choices, verbose_name="支付方式")
    received_at = models.DateTimeField(db_index=True, verbose_name="接收时间")
    order_number = models.CharField(max_length=40, blank=True, db_index=True, verbose_name="订单号")
    notify_id = models.CharField(max_length=64, blank=True, verbose_name="通知编号")
    trade_status = models.CharField(max_length=24, blank=True, verbose_name="交易状态")
    signature_ok = models.BooleanField(verbose_name="签名有效")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, verbose_name="处理结果")
    body_sha256 = models.CharField(max_length=64, verbose_name="报文摘要（SHA-256）")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "支付回调记录"
        verbose_name_plural = "支付回调记录"
