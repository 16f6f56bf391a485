"""Fees: online callbacks verified and de-duplicated, offline receipts, the deadline, receipts as PDF."""

import io
import json
import random
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import PlanFactory
from zhicheng.core.models import AuditEvent
from zhicheng.evaluation.models import CaseStatus, EvaluationCase, Payment, PaymentCallback, PaymentOrder
from zhicheng.evaluation.payments import SIGNATURE_HEADER, SandboxProvider
from zhicheng.evaluation.receipts import receipt_pdf
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.cases import case_open_for_qualified, rules_for
from zhicheng.evaluation.services.payments import (
    cases_expire_unpaid,
    payment_callback_receive,
    payment_offline_record,
    payment_order_start,
)
from zhicheng.notifications.models import Message

from .helpers import open_case, qualified_application

sandbox = SandboxProvider()


def _order(case):
    return payment_order_start(case=case, actor=case.application.applicant)


def test_a_callback_delivered_five_times_in_any_order_records_one_payment(world):
    case = world.case()
    order = _order(case)
    deliveries = [sandbox.build_callback(order, trade_status="WAIT_BUYER_PAY")]
    deliveries += [sandbox.build_callback(order, trade_status="TRADE_SUCCESS") for _ in range(3)]
    deliveries += [sandbox.build_callback(order, trade_status="TRADE_FINISHED")]
    random.Random(7).shuffle(deliveries)
    answers = [payment_callback_receive(provider_code="sandbox", body=b, signature=s) for b, s in deliveries]
    assert Payment.objects.filter(case=case).count() == 1
    assert all(a.status == 200 and a.text == "success" for a in answers)
    assert sorted(a.outcome for a in answers) == [
        "duplicate",
        "duplicate",
        "duplicate",
        "ignored",
        "recorded",
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_REVIEW
    assert case.history.filter(action="pay").count() == 1
    assert PaymentCallback.objects.filter(order_number=order.order_number).count() == 5
    assert AuditEvent.objects.filter(event="payment_callback_duplicate").count() == 3
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID


@pytest.mark.parametrize("seed", range(5))
def test_every_shuffle_of_the_deliveries_gives_one_payment(world, seed):
    case = world.case()
    order = _order(case)
    deliveries = [sandbox.build_callback(order) for _ in range(5)]
    random.Random(seed).shuffle(deliveries)
    for body, signature in deliveries:
        payment_callback_receive(provider_code="sandbox", body=body, signature=signature)
    assert Payment.objects.filter(order_number=order.order_number).count() == 1


def test_a_callback_with_a_bad_signature_is_refused_audited_and_changes_nothing(world, client):
    case = world.case()
    order = _order(case)
    body, signature = sandbox.build_callback(order)
    forged = body.replace(b'"TRADE_SUCCESS"', b'"TRADE_FINISHED"')
    response = client.post(
        "/evaluation/payments/callback/sandbox/",
        forged,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )
    assert response.status_code == 400
    response = client.post("/evaluation/payments/callback/sandbox/", body, content_type="application/json")
    assert response.status_code == 400  # no signature at all
    assert not Payment.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_PAYMENT
    refused = AuditEvent.objects.filter(event="payment_callback_refused")
    assert refused.count() == 2 and all(e.result == "denied" for e in refused)
    assert PaymentCallback.objects.filter(outcome="refused", signature_ok=False).count() == 2


def test_the_callback_endpoint_needs_no_login_and_answers_the_gateway(world, client):
    case = world.case()
    order = _order(case)
    body, signature = sandbox.build_callback(order)
    response = client.post(
        "/evaluation/payments/callback/sandbox/",
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )
    assert (response.status_code, response.content) == (200, b"success")
    assert Payment.objects.get().order_number == order.order_number


def test_a_callback_for_a_different_amount_is_refused(world):
    case = world.case()
    order = _order(case)
    data = json.loads(sandbox.build_callback(order)[0])
    data["amount"] = "1.00"
    body = json.dumps(data).encode()
    answer = payment_callback_receive(provider_code="sandbox", body=body, signature=sandbox.sign(body))
    assert (answer.status, answer.outcome) == (400, "mismatch")
    assert not Payment.objects.exists()


def test_money_arriving_for_a_case_paid_offline_meanwhile_is_kept_for_refund(world):
    case = world.case()
    order = _order(case)
    world.pay(case)
    body, signature = sandbox.build_callback(order)
    answer = payment_callback_receive(provider_code="sandbox", body=body, signature=signature)
    assert answer.outcome == "recorded"
    late = Payment.objects.get(order_number=order.order_number)
    assert late.refund_due
    assert Payment.objects.filter(case=case, refund_due=False).count() == 1
    assert case.history.filter(action="pay").count() == 1


def test_an_offline_payment_needs_the_exact_fee_and_a_fresh_receipt_number(world):
    case = world.case()
    with pytest.raises(ServiceError, match="金额：应与本级别评审费180.00元一致"):
        payment_offline_record(
            case=case, actor=world.office, receipt_number="SJ0001", amount="100", paid_on=timezone.localdate()
        )
    with pytest.raises(ServiceError, match="收据编号：应为4–40位"):
        payment_offline_record(
            case=case, actor=world.office, receipt_number="收据", amount="180", paid_on=timezone.localdate()
        )
    with pytest.raises(ServiceError, match="缴费日期：不能晚于今天"):
        payment_offline_record(
            case=case,
            actor=world.office,
            receipt_number="SJ0001",
            amount="180",
            paid_on=timezone.localdate() + timedelta(days=1),
        )
    assert not Payment.objects.exists()
    payment_offline_record(
        case=case, actor=world.office, receipt_number="SJ0001", amount="180", paid_on=timezone.localdate()
    )
    other = world.case()
    with pytest.raises(ServiceError, match="SJ0001 已登记过"):
        payment_offline_record(
            case=other,
            actor=world.office,
            receipt_number="SJ0001",
            amount="180",
            paid_on=timezone.localdate(),
        )
    assert Payment.objects.count() == 1
    other.refresh_from_db()
    assert other.status == CaseStatus.AWAITING_PAYMENT


def test_paying_twice_is_refused_and_state_unchanged(world):
    case = world.pay(world.case())
    with pytest.raises(ServiceError, match="无需缴费"):
        payment_offline_record(
            case=case, actor=world.office, receipt_number="SJ9999", amount="180", paid_on=timezone.localdate()
        )
    with pytest.raises(ServiceError, match="无需缴费"):
        _order(case)
    assert Payment.objects.filter(case=case).count() == 1
    assert not PaymentOrder.objects.filter(case=case).exists()


def test_double_click_on_pay_reuses_one_order(world):
    case = world.case()
    assert _order(case).pk == _order(case).pk
    assert PaymentOrder.objects.filter(case=case).count() == 1


def test_unpaid_by_the_deadline_does_not_go_to_review_and_the_applicant_is_told(world):
    case = world.case()
    paid = world.pay(world.case())
    day_after = case.fee_deadline + timedelta(days=1)
    assert cases_expire_unpaid(today=case.fee_deadline) == 0  # the deadline day itself is still in time
    assert cases_expire_unpaid(today=day_after) == 1
    assert cases_expire_unpaid(today=day_after) == 0  # idempotent
    case.refresh_from_db()
    paid.refresh_from_db()
    assert case.status == CaseStatus.UNPAID_EXPIRED
    assert paid.status == CaseStatus.AWAITING_REVIEW
    sms = Message.objects.get(
        recipient=case.application.applicant, channel="sms", subject="未在规定时间内缴纳评审费"
    )
    assert "不进入评审" in sms.body
    with pytest.raises(ServiceError):
        _order(case)


def test_the_fee_deadline_counts_working_days(db, regions):
    plan = PlanFactory()
    rules = rules_for(plan)
    rules.payment_working_days = 5
    rules.save()
    case = open_case(plan)
    from zhicheng.core.workdays import calendar

    assert calendar().count(timezone.localdate(case.opened_at), case.fee_deadline) == 5  # 北京时间's day


def test_the_fee_notice_goes_out_once_per_qualified_application(db, regions):
    plan = PlanFactory()
    application = qualified_application(plan=plan)
    case_open_for_qualified(plan=plan)
    case_open_for_qualified(plan=plan)
    assert EvaluationCase.objects.filter(application=application).count() == 1
    assert (
        Message.objects.filter(
            recipient=application.applicant, subject="请缴纳职称评审费", channel="sms"
        ).count()
        == 1
    )


def test_a_level_without_a_fee_is_not_opened_and_the_office_is_told(db, regions):
    plan = PlanFactory()
    qualified_application(plan=plan, level="assistant")  # the factory's plan charges 中级 only
    result = case_open_for_qualified(plan=plan)
    assert result.opened == [] and "未设置该级别的评审费" in result.skipped[0]


def test_a_qualification_withdrawn_in_the_review_chain_cancels_the_case(
    db, regions, django_capture_on_commit_callbacks
):
    from zhicheng.applications import workflow

    from .helpers import office_of

    plan = PlanFactory()
    case = open_case(plan)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(
            application=case.application_id, action="reject", actor=office_of(plan), opinion="经核实学历造假"
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED


def test_the_receipt_can_be_downloaded_again_and_reads_as_a_receipt(world, login):
    case = world.pay(world.case())
    payment = Payment.objects.get(case=case)
    client = login(case.application.applicant)
    first = client.get(f"/evaluation/payments/{payment.pk}/receipt.pdf")
    second = client.get(f"/evaluation/payments/{payment.pk}/receipt.pdf")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content == receipt_pdf(payment)
    text = PdfReader(io.BytesIO(first.content)).pages[0].extract_text().replace(" ", "")
    for expected in ("评审费缴费收据", "壹佰捌拾元整", payment.receipt_number, "胡小明"):
        assert expected in text
    assert AuditEvent.objects.filter(event="payment_receipt_downloaded").count() == 2


def test_someone_elses_receipt_is_not_found(world, login):
    payment = Payment.objects.get(case=world.pay(world.case()))
    other = world.case()
    client = login(other.application.applicant)
    assert client.get(f"/evaluation/payments/{payment.pk}/receipt.pdf").status_code == 404


def test_the_sandbox_cashier_is_off_outside_demo_and_test_environments(world, settings, client):
    settings.PAYMENT_SANDBOX_ENABLED = False
    case = world.case()
    with pytest.raises(ServiceError, match="未开通网上缴费"):
        _order(case)
    body, signature = sandbox.build_callback(
        PaymentOrder(order_number="ZC1", amount=case.fee_amount, case=case)
    )
    response = client.post(
        "/evaluation/payments/callback/sandbox/",
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )
    assert response.status_code == 404
    assert not Payment.objects.exists()
