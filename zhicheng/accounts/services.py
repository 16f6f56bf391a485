from axes.utils import reset as axes_reset
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.core import audit

from . import codes, events
from .models import Role, User


@transaction.atomic
def applicant_register(*, phone: str, password: str, real_name: str, id_number: str, email: str = "") -> User:
    user = User.objects.create_user(
        login=phone,
        password=password,
        role=Role.APPLICANT,
        real_name=real_name,
        phone=phone,
        id_number=id_number,
        email=email,
    )
    codes.phone_code_use(purpose=codes.Purpose.REGISTER, phone=phone)  # one use: with the account it made
    audit.account_registered(user=user)
    return user


@transaction.atomic
def password_reset(*, phone: str, password: str) -> User:
    """A new password for the account of a phone proven by its SMS code. Changing the password changes the
    session hash, so every session of the account, on every device, ends; axes' lockout is lifted."""
    account = codes.account_for_phone(phone)
    if account is None:  # the reset page proves an account's phone before it asks for a new password
        raise User.DoesNotExist("No account has this phone.")
    user = User.objects.select_for_update().get(pk=account.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    codes.phone_code_use(purpose=codes.Purpose.PASSWORD_RESET, phone=phone)
    events.password_reset(user=user)
    axes_reset(username=user.username)  # rows in the same database: undone with the reset if it fails
    return user


@transaction.atomic
def staff_account_create(
    *, actor: User, login: str, password: str, real_name: str, role: str, organization, phone: str = ""
) -> User:
    user = User.objects.create_user(
        login=login, password=password, role=role, real_name=real_name, organization=organization, phone=phone
    )
    audit.staff_account_created(actor=actor, user=user)
    return user


@transaction.atomic
def user_change_role(*, actor: User, user: User, role: str, organization) -> User:
    old = user.role
    user.role = role
    user.organization = organization
    user.save(update_fields=["role", "organization"])
    audit.role_changed(actor=actor, user=user, old_role=old)
    return user


@transaction.atomic
def otp_device_start(*, user: User):
    """A new, unconfirmed authenticator for a user whose activation code was just accepted."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="动态口令", confirmed=False)


def user_set_large_text(*, user: User, on: bool) -> None:
    """Remember the user's 大字号 choice (a display preference: no audit event)."""
    if user.large_text != on:
        User.objects.filter(pk=user.pk).update(large_text=on)
        user.large_text = on
