from django.db import transaction

from zhicheng.core import audit

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
    audit.account_registered(user=user)
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


def user_set_large_text(*, user: User, on: bool) -> None:
    """Remember the user's 大字号 choice (a display preference: no audit event)."""
    if user.large_text != on:
        User.objects.filter(pk=user.pk).update(large_text=on)
        user.large_text = on
