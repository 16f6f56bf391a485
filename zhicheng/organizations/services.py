from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.core import audit
from zhicheng.core.uploads import check_file
from zhicheng.notifications.services import notify

from .models import Employer, Organization, Region

LETTER_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def employer_register(
    *,
    uscc: str,
    name: str,
    nature: str,
    region: Region,
    contact_name: str,
    phone: str,
    password: str,
    email: str = "",
) -> User:
    org = Organization.objects.create(kind=Organization.Kind.EMPLOYER, name=name, region=region)
    Employer.objects.create(organization=org, uscc=uscc, nature=nature, contact_name=contact_name)
    user = User.objects.create_user(
        login=phone,
        password=password,
        role=Role.EMPLOYER,
        real_name=contact_name,
        phone=phone,
        email=email,
        organization=org,
    )
    audit.employer_registered(actor=user, employer=org.employer)
    return user


def employer_letter_upload(*, employer: Employer, actor: User, uploaded) -> Employer:
    """Check the stamped scan by content first; only a passing file is stored (SECURITY.md 17–20)."""
    checked = check_file(uploaded, field_label="委托证明扫描件", allowed=("pdf",), max_bytes=LETTER_MAX_BYTES)
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if employer.status == Employer.Status.APPROVED:
            raise ValueError("单位已审核通过，无需再次上传委托证明。")
        old = employer.letter.name if employer.letter else ""
        stored = checked.as_django_file()
        employer.letter.save(stored.name or "letter.pdf", stored, save=False)
        employer.letter_uploaded_at = timezone.now()
        employer.status = Employer.Status.PENDING
        employer.reject_reason = ""
        employer.save()
        audit.employer_letter_uploaded(actor=actor, employer=employer)
        admins = User.objects.filter(role=Role.ADMIN, is_active=True)
        notify(
            recipients=admins,
            subject="新的用人单位委托证明待审核",
            body=f"{employer.name} 已上传用人单位委托证明，请审核。",
            link="/organizations/review/",
        )
        if old:
            transaction.on_commit(lambda: employer.letter.storage.delete(old))
    return employer


def _staff_of(employer: Employer):
    return User.objects.filter(organization_id=employer.pk, role=Role.EMPLOYER, is_active=True)


@transaction.atomic
def employer_approve(*, employer: Employer, actor: User) -> Employer:
    employer = (
        Employer.objects.select_for_update(of=("self",)).select_related("organization").get(pk=employer.pk)
    )
    if employer.status != Employer.Status.PENDING:
        raise ValueError("只能审核“待平台审核”状态的单位。")
    employer.status = Employer.Status.APPROVED
    employer.reviewed_by = actor
    employer.reviewed_at = timezone.now()
    employer.reject_reason = ""
    employer.save()
    audit.employer_approved(actor=actor, employer=employer)
    notify(
        recipients=_staff_of(employer),
        subject="用人单位委托证明审核通过",
        body=f"{employer.name}：您提交的用人单位委托证明已审核通过，单位经办人现在可以审核本单位人员的业绩档案和职称申报。",
        sms=f"【12333】尊敬的{employer.name}：您单位在{settings.PLATFORM_NAME}提交的委托证明已审核通过，请登录平台办理业务。",
        link="/accounts/home/",
    )
    return employer


@transaction.atomic
def employer_reject(*, employer: Employer, actor: User, reason: str) -> Employer:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("不通过原因：必须填写。")
    employer = (
        Employer.objects.select_for_update(of=("self",)).select_related("organization").get(pk=employer.pk)
    )
    if employer.status != Employer.Status.PENDING:
        raise ValueError("只能审核“待平台审核”状态的单位。")
    employer.status = Employer.Status.REJECTED
    employer.reviewed_by = actor
    employer.reviewed_at = timezone.now()
    employer.reject_reason = reason[:500]
    employer.save()
    audit.employer_rejected(actor=actor, employer=employer, reason=reason)
    notify(
        recipients=_staff_of(employer),
        subject="用人单位委托证明审核未通过",
        body=f"{employer.name}：您提交的用人单位委托证明未通过审核，原因：{reason}。请修改后重新上传。",
        sms=f"【12333】尊敬的{employer.name}：您单位提交的委托证明未通过审核（{reason}），请登录平台重新上传。",
        link="/organizations/onboarding/",
    )
    return employer
