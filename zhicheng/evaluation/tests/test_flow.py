"""The whole road from 资格审查通过 to a certificate, through the services, with each step's side effects."""

from zhicheng.applications.models import StatusHistory
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.selectors import verify_by_number_and_name
from zhicheng.core.models import AuditEvent
from zhicheng.evaluation.models import CaseStatus
from zhicheng.notifications.models import Message


def test_a_qualified_application_is_paid_reviewed_voted_publicised_approved_and_certified(world):
    case = world.case()
    assert case.status == CaseStatus.AWAITING_PAYMENT
    assert case.fee_amount == 180
    fee_sms = Message.objects.get(
        recipient=case.application.applicant, channel="sms", subject="请缴纳职称评审费"
    )
    assert "180元" in fee_sms.body and "【12333】" in fee_sms.body

    case = world.pay(case)
    assert case.status == CaseStatus.AWAITING_REVIEW
    world.assign(case)
    assert case.status == CaseStatus.UNDER_REVIEW
    (tally,) = world.vote([case])
    assert (tally.members, tally.present, tally.yes, tally.no, tally.abstain) == (5, 5, 5, 0, 0)
    assert tally.passed
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEW_PASSED
    publicity = world.publicise(case)
    assert case.status == CaseStatus.IN_PUBLICITY
    world.close_publicity(publicity)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPROVAL
    approval = world.approve()
    case.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIED
    certificate = Certificate.objects.get(case=case)
    assert certificate.approval_document == approval.document_number
    assert verify_by_number_and_name(certificate.number, "胡小明").state == "valid"
    actions = list(
        StatusHistory.objects.filter(application_id=case.application_id, machine="evaluation").values_list(
            "action", flat=True
        )
    )
    assert actions == ["pay", "assign", "pass_review", "publish", "clear", "approve", "certify"]
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"evaluation_case_paid", "vote_closed", "results_approved", "certificate_issued"} <= events
