"""One-time codes (issue 12 items 12, 13, 21): SMS codes that prove control of a phone, and the platform
admin's activation codes for TOTP enrolment. Codes are stored as a keyed hash, expire, allow a few attempts
and are used once; SMS go out through the notification sender adapter after commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.transaction import on_commit
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.core import crypto
from zhicheng.notifications.senders import sender_for

from . import events
from .models import OneTimeCode, User, login_key

Purpose = OneTimeCode.Purpose
SMS_CODE_TTL = timedelta(minutes=10)
ACTIVATION_TTL = timedelta(hours=72)
MAX_ATTEMPTS = 5


def _hash(purpose: str, subject: str, code: str) -> str:
    return crypto.blind_index(f"one-time-code|{purpose}|{subject}|{code}")


def _new_code(digits: int = 6) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


@dataclass
class _Sms:
    """What a sender needs: the shape of notifications.Message, for a number that may have no account."""

    recipient: object
    body: str
    subject: str = "短信验证码"
    channel: str = "sms"
    link: str = ""


def _send_sms(phone: str, body: str) -> None:
    message = _Sms(recipient=SimpleNamespace(phone=phone, email="", pk=None), body=body)
    on_commit(lambda: sender_for("sms").send(message))


def account_for_phone(phone: str) -> User | None:
    return User.objects.filter(username=login_key(phone), is_active=True).first()


@transaction.atomic
def phone_code_send(*, purpose: str, phone: str) -> str | None:
    """Send a code to `phone`, or, where the purpose does not apply to this number, an SMS saying so.

    The caller answers the browser the same way in every case: only the phone's owner learns which it was.
    """
    user = account_for_phone(phone)
    if purpose == Purpose.REGISTER and user is not None:
        _send_sms(
            phone,
            f"【{settings.PLATFORM_NAME}】该手机号码已注册平台账号，请直接登录；如忘记密码，请在登录页选择“忘记密码”。",
        )
        events.phone_code_refused(purpose=purpose, reason="already_registered")
        return None
    if purpose == Purpose.PASSWORD_RESET and user is None:
        events.phone_code_refused(purpose=purpose, reason="no_account")
        return None  # nothing to send to a number without an account
    phone_index = crypto.blind_index(phone)
    OneTimeCode.objects.filter(purpose=purpose, phone_index=phone_index, used_at__isnull=True).update(
        used_at=timezone.now()
    )  # a new code replaces the old one
    code = _new_code()
    OneTimeCode.objects.create(
        purpose=purpose,
        phone_index=phone_index,
        user=user,
        code_hash=_hash(purpose, phone_index, code),
        expires_at=timezone.now() + SMS_CODE_TTL,
    )
    what = "注册账号" if purpose == Purpose.REGISTER else "重置密码"
    _send_sms(
        phone, f"【{settings.PLATFORM_NAME}】您正在{what}，验证码 {code}，10 分钟内有效。请勿告诉他人。"
    )
    events.phone_code_sent(purpose=purpose, user=user)
    return code


def _live(purpose: str, **subject):
    return (
        OneTimeCode.objects.select_for_update()
        .filter(purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now(), **subject)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def phone_code_check(*, purpose: str, phone: str, code: str, use: bool) -> bool:
    """Whether `code` is the live code for this phone; every check counts as an attempt, five at most.

    `use=True` marks it used (one use); a caller that still has other checks to pass uses it afterwards
    with phone_code_use, in the same transaction as the action it allows."""
    phone_index = crypto.blind_index(phone)
    row = _live(purpose, phone_index=phone_index)
    if row is None or row.attempts >= MAX_ATTEMPTS:
        return False
    OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    if not secrets.compare_digest(row.code_hash, _hash(purpose, phone_index, (code or "").strip())):
        return False
    if use:
        OneTimeCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
    return True


def phone_code_use(*, purpose: str, phone: str) -> None:
    OneTimeCode.objects.filter(
        purpose=purpose, phone_index=crypto.blind_index(phone), used_at__isnull=True
    ).update(used_at=timezone.now())


@transaction.atomic
def otp_activation_issue(*, actor: User, user: User) -> str:
    """The platform admin's activation code for a staff member's authenticator; it also resets the device:
    the old authenticator stops working at once. Returned once, to be handed over out of band."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    OneTimeCode.objects.filter(purpose=Purpose.OTP_ENROLMENT, user=user, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    code = "-".join(_new_code(4) for _ in range(3))  # 12 digits, read out in three groups
    OneTimeCode.objects.create(
        purpose=Purpose.OTP_ENROLMENT,
        user=user,
        issued_by=actor if getattr(actor, "pk", None) else None,
        code_hash=_hash(Purpose.OTP_ENROLMENT, str(user.pk), code.replace("-", "")),
        expires_at=timezone.now() + ACTIVATION_TTL,
    )
    events.otp_activation_issued(actor=actor, user=user, devices_removed=removed)
    return code


@transaction.atomic
def otp_activation_use(*, user: User, code: str) -> bool:
    row = _live(Purpose.OTP_ENROLMENT, user=user)
    if row is None or row.attempts >= MAX_ATTEMPTS:
        return False
    OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    typed = "".join(ch for ch in (code or "") if ch.isdigit())
    if not secrets.compare_digest(row.code_hash, _hash(Purpose.OTP_ENROLMENT, str(user.pk), typed)):
        return False
    OneTimeCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
    events.otp_activation_used(user=user)
    return True
