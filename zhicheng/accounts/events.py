"""Named audit events of the accounts app's one-time codes (DESIGN.md §4.6). No phone number is written:
a row names the account, never the number typed."""

from __future__ import annotations

from zhicheng.core.audit import record


def phone_code_sent(*, purpose: str, user=None):
    return record(
        "phone_code_sent", actor=user, obj=user, purpose=purpose, actor_label="" if user else "public"
    )


def phone_code_refused(*, purpose: str, reason: str):
    return record("phone_code_refused", result="denied", actor_label="public", purpose=purpose, reason=reason)


def password_reset(*, user):
    return record("password_reset", actor=user, obj=user)


def otp_activation_issued(*, actor, user, devices_removed: int):
    return record(
        "otp_activation_issued", actor=actor, obj=user, target_role=user.role, devices_removed=devices_removed
    )


def otp_activation_used(*, user):
    return record("otp_activation_used", actor=user, obj=user)
