"""The fee receipt (缴费收据) as a PDF, rendered from the payment row on every download: the same data
gives the same bytes, so a receipt can be downloaded again at any time without storing a file."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from zhicheng.core.dates import cn_date
from zhicheng.core.typesetting import compile_typst
from zhicheng.plans.models import TITLE_FOR_LEVEL

from .rules import amount_in_words
from .services.cases import rules_for

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"


def receipt_view(payment) -> dict:
    case = payment.case
    application = case.application
    plan = case.plan

    collector = rules_for(plan).fee_collector or plan.committee.organizer or plan.committee.organization.name
    paid_at = timezone.localtime(payment.paid_at)
    return {
        "receipt_number": payment.receipt_number,
        "order_number": payment.order_number if payment.provider != "offline" else "",
        "transaction_id": payment.transaction_id,
        "payer": application.applicant.real_name,
        "employer": application.employer.organization.name if application.employer_id else "",
        "plan": plan.name,
        "item": f"{plan.year}年度{TITLE_FOR_LEVEL.get(case.level, case.level)}专业技术资格评审费",
        "amount": f"{payment.amount:.2f}",
        "amount_words": amount_in_words(payment.amount),
        "method": payment.get_provider_display(),
        "paid_at": f"{cn_date(paid_at.date())} {paid_at:%H:%M}",
        "collector": collector,
        "committee": plan.committee.organization.name,
        "refund_due": payment.refund_due,
        "issued_on": cn_date(paid_at.date()),
    }


def receipt_pdf(payment) -> bytes:
    return compile_typst(
        "receipt.typ", receipt_view(payment), on=timezone.localtime(payment.paid_at).date(), root=TEMPLATE_DIR
    )
