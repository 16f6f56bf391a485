"""Payment providers (DESIGN.md §3: adapters at the edge, each with a local default that works offline).

Two implementations of one small interface:

- ``OfflineProvider``: the committee office collects the fee itself and records the receipt number
  (seed 000 附件1 8: 今年暂时无法实行申报系统平台缴纳，按线下方式由市机械工程学会收取).
- ``SandboxProvider``: an online cashier that behaves like a real gateway (seed 001 附件2 7: 点击“马上支付”):
  the applicant is sent to the provider's page, and the provider tells us the result by a server-to-server
  callback signed with HMAC-SHA256 over the raw body. Callbacks are retried by gateways until answered
  "success", arrive out of order and repeat; ``services.payments.payment_callback_receive`` verifies the
  signature and de-duplicates by order number (a unique constraint), so five deliveries make one payment.

A real gateway (银联、支付宝、微信、财政非税) is one more class with the same three methods.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

SUCCESS_STATUSES = ("TRADE_SUCCESS", "TRADE_FINISHED")
KNOWN_STATUSES = ("WAIT_BUYER_PAY", "TRADE_CLOSED", *SUCCESS_STATUSES)
SIGNATURE_HEADER = "X-Sandbox-Signature"


class BadCallback(Exception):
    """A callback that must not be trusted: wrong signature or malformed body."""


@dataclass(frozen=True)
class CallbackNotice:
    order_number: str
    amount: Decimal
    trade_status: str
    transaction_id: str
    paid_at: datetime
    notify_id: str

    @property
    def succeeded(self) -> bool:
        return self.trade_status in SUCCESS_STATUSES


class OfflineProvider:
    code = "offline"
    label = "线下缴费"


class SandboxProvider:
    code = "sandbox"
    label = "网上缴费（沙箱）"

    def _secret(self) -> bytes:
        configured = getattr(settings, "PAYMENT_SANDBOX_SECRET", "")
        if configured:
            return configured.encode()
        # Derived from SECRET_KEY so a deployment needs no extra setting; domain-separated.
        return hmac.new(settings.SECRET_KEY.encode(), b"zhicheng-sandbox-payments", hashlib.sha256).digest()

    def sign(self, body: bytes) -> str:
        return hmac.new(self._secret(), body, hashlib.sha256).hexdigest()

    def cashier_url(self, order) -> str:
        return f"/evaluation/sandbox-pay/{order.order_number}/"

    def build_callback(
        self, order, *, trade_status: str = "TRADE_SUCCESS", notify_id: str | None = None, paid_at=None
    ) -> tuple[bytes, str]:
        """What the gateway sends: the body and its signature header (used by the cashier and tests)."""
        body = json.dumps(
            {
                "order_number": order.order_number,
                "amount": format(order.amount, "f"),
                "trade_status": trade_status,
                "transaction_id": f"SBX{order.order_number[-12:]}",
                "paid_at": (paid_at or timezone.now()).isoformat(),
                "notify_id": notify_id or secrets.token_hex(8),
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        return body, self.sign(body)

    def parse_callback(self, body: bytes, signature: str) -> CallbackNotice:
        expected = self.sign(body)
        if not signature or not hmac.compare_digest(expected, signature.strip().lower()):
            raise BadCallback("签名无效")
        try:
            data = json.loads(body)
            amount = Decimal(str(data["amount"]))
            paid_at = parse_datetime(str(data["paid_at"]))
            notice = CallbackNotice(
                order_number=str(data["order_number"])[:40],
                amount=amount,
                trade_status=str(data["trade_status"]),
                transaction_id=str(data.get("transaction_id", ""))[:64],
                paid_at=paid_at,
                notify_id=str(data.get("notify_id", ""))[:64],
            )
        except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
            raise BadCallback("报文格式不正确") from exc
        if notice.paid_at is None or notice.trade_status not in KNOWN_STATUSES:
            raise BadCallback("报文格式不正确")
        return notice


PROVIDERS = {"offline": OfflineProvider(), "sandbox": SandboxProvider()}


def provider(code: str):
    return PROVIDERS[code]


def sandbox_enabled() -> bool:
    """The sandbox cashier takes no money: it runs in demo and test environments only, unless a
    deployment says otherwise (PAYMENT_SANDBOX_ENABLED). A real gateway is another provider class."""
    return bool(getattr(settings, "PAYMENT_SANDBOX_ENABLED", settings.DEMO_MODE))


def new_order_number(case_pk: int) -> str:
    # Time, case and randomness: unique without a round trip, and no personal data in it.
    return f"ZC{timezone.localtime():%Y%m%d%H%M%S}{case_pk:06d}{secrets.randbelow(10**4):04d}"
