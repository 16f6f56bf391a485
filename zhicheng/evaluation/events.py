"""Named audit events of the evaluation (DESIGN.md §4.6); each wraps zhicheng.core.audit.record."""

from __future__ import annotations

from zhicheng.core.audit import record

_PAST = {
    "pay": "paid",
    "no_fee": "opened_without_fee",
    "expire": "payment_expired",
    "assessment_pass": "assessment_passed",
    "assessment_fail": "assessment_failed",
    "assign": "assigned",
    "unassign": "unassigned",
    "pass_review": "review_passed",
    "fail_review": "review_failed",
    "publish": "published",
    "clear": "publicity_cleared",
    "cancel": "cancelled",
    "approve": "approved",
    "decline": "declined",
    "certify": "certified",
    "revoke": "revoked",
}


def _system(actor, label: str) -> dict:
    return {} if actor is not None else {"actor_label": label or "platform", "role": "system"}


def case_transition(*, actor, case, action: str, from_status: str, to_status: str, label: str = ""):
    """evaluation_case_paid / _assigned / _review_passed / … one per action."""
    return record(
        f"evaluation_case_{_PAST[action]}",
        actor=actor,
        obj=case,
        from_status=from_status,
        to_status=to_status,
        **_system(actor, label),
    )


def cases_opened(*, actor, plan, count: int, skipped: int):
    return record(
        "evaluation_cases_opened", actor=actor, obj=plan, count=count, skipped=skipped, **_system(actor, "")
    )


def rules_saved(*, actor, rules):
    return record("evaluation_rules_saved", actor=actor, obj=rules)


def payment_recorded(*, actor, payment, provider: str):
    return record(
        "payment_recorded",
        actor=actor,
        obj=payment,
        provider=provider,
        amount=str(payment.amount),
        order_number=payment.order_number,
        refund_due=payment.refund_due,
        **_system(actor, f"provider:{provider}"),
    )


def payment_order_started(*, actor, order):
    return record("payment_order_started", actor=actor, obj=order, amount=str(order.amount))


def payment_callback_refused(*, provider: str, reason: str, order_number: str):
    return record(
        "payment_callback_refused",
        result="denied",
        actor_label=f"provider:{provider}",
        role="system",
        reason=reason,
        order_number=order_number[:40],
    )


def payment_callback_duplicate(*, provider: str, order_number: str):
    return record(
        "payment_callback_duplicate",
        actor_label=f"provider:{provider}",
        role="system",
        order_number=order_number,
    )


def receipt_downloaded(*, actor, payment):
    return record("payment_receipt_downloaded", actor=actor, obj=payment)


def assessment_scheduled(*, actor, session, count: int):
    return record("assessment_scheduled", actor=actor, obj=session, count=count)


def assessment_scored(*, actor, sitting):
    return record(
        "assessment_scored", actor=actor, obj=sitting, score=str(sitting.score), passed=bool(sitting.passed)
    )


def expert_saved(*, actor, expert, created: bool):
    return record("expert_created" if created else "expert_updated", actor=actor, obj=expert)


def panel_created(*, actor, panel):
    return record("panel_created", actor=actor, obj=panel)


def panel_member_added(*, actor, panel, expert):
    return record("panel_member_added", actor=actor, obj=panel, expert=expert.pk)


def panel_member_removed(*, actor, panel, expert):
    return record("panel_member_removed", actor=actor, obj=panel, expert=expert.pk)


def conflict_found(*, conflict):
    return record(
        "conflict_found",
        obj=conflict,
        actor_label="platform",
        role="system",
        source=conflict.source,
        expert=conflict.expert_id,
        case=conflict.case_id,
    )


def conflict_declared(*, actor, conflict):
    return record("conflict_declared", actor=actor, obj=conflict, case=conflict.case_id)


def conflict_dismissed(*, actor, conflict):
    return record(
        "conflict_dismissed",
        actor=actor,
        obj=conflict,
        reason=conflict.dismissed_reason,
        expert=conflict.expert_id,
        case=conflict.case_id,
    )


def expert_case_denied(*, actor, case_id: int):
    return record("expert_case_denied", actor=actor, result="denied", case=case_id)


def score_saved(*, actor, score, submitted: bool):
    return record("expert_score_submitted" if submitted else "expert_score_saved", actor=actor, obj=score)


def scoring_reminders_sent(*, count: int):
    return record("scoring_reminders_sent", actor_label="platform", role="system", count=count)


def meeting_opened(*, actor, meeting):
    return record("meeting_opened", actor=actor, obj=meeting)


def attendance_recorded(*, actor, meeting, present: int):
    return record("meeting_attendance_recorded", actor=actor, obj=meeting, present=present)


def vote_cast(*, actor, vote):
    # The ballot's choice stays out of the audit trail: the tally is public, single ballots are not.
    return record("vote_cast", actor=actor, obj=vote, case=vote.case_id)


def vote_closed(*, actor, tally):
    return record(
        "vote_closed",
        actor=actor,
        obj=tally,
        case=tally.case_id,
        members=tally.members,
        present=tally.present,
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        passed=tally.passed,
    )


def results_approved(*, actor, approval):
    return record(
        "results_approved", actor=actor, obj=approval, document=approval.document_number, count=approval.count
    )
