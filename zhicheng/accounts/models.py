from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhicheng.core import crypto
from zhicheng.core.fields import EncryptedCharField
from zhicheng.core.masking import mask_id_number, mask_name, mask_phone

PHONE_PATTERN = r"^1[3-9]\d{9}$"


def login_key(identifier: str) -> str:
    """Phone accounts log in by phone, but the phone is stored encrypted: the username is its keyed hash."""
    identifier = (identifier or "").strip()
    if len(identifier) == 11 and identifier.isdigit():
        return "ph-" + crypto.blind_index(identifier)
    return identifier


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人"
    EMPLOYER = "employer", "用人单位经办人"
    DEPARTMENT = "department", "主管部门审核人员"
    COMMITTEE_OFFICE = "committee_office", "评委会办公室"
    EXPERT = "expert", "评审专家"
    HR_BUREAU = "hr_bureau", "人社局审批人员"
    ADMIN = "admin", "平台管理员"


# SECURITY.md 4: every staff role but employer HR needs a second factor.
SECOND_FACTOR_ROLES = {Role.DEPARTMENT, Role.COMMITTEE_OFFICE, Role.EXPERT, Role.HR_BUREAU, Role.ADMIN}
ORGANIZATION_KIND_FOR_ROLE = {
    Role.EMPLOYER: "employer",
    Role.DEPARTMENT: "department",
    Role.COMMITTEE_OFFICE: "committee",
    Role.HR_BUREAU: "hr_bureau",
    Role.ADMIN: "platform",
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(username=login_key(username))

    def create_user(self, *, login: str, password: str | None, role: str, real_name: str, **extra):
        user = self.model(username=login_key(login), role=role, real_name=real_name, **extra)
        if login.isdigit() and len(login) == 11 and not extra.get("phone"):
            user.phone = login
        user.set_password(password)
        user.save()
        return user

    def create_superuser(self, username, password=None, **extra):
        extra.setdefault("real_name", "平台管理员")
        return self.create_user(
            login=username, password=password, role=Role.ADMIN, is_staff=True, is_superuser=True, **extra
        )


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField("登录名", max_length=80, unique=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, db_index=True)
    real_name = models.CharField("姓名", max_length=50)
    phone = EncryptedCharField("手机号码", blank=True)
    phone_index = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False, verbose_name="手机号检索码"
    )
    id_number = EncryptedCharField("身份证号", blank=True)
    id_number_index = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name="身份证号检索码"
    )
    email = models.EmailField("电子邮箱", blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="所属机构",
    )
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField("可进入管理后台", default=False)
    date_joined = models.DateTimeField("注册时间", default=timezone.now)
    # 大字号 (适老化): larger text and spacing on every page, remembered for the user.
    large_text = models.BooleanField("大字号", default=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"], condition=~Q(id_number_index=""), name="one_account_per_id_number"
            ),
            models.UniqueConstraint(
                fields=["phone_index", "role"],
                condition=~Q(phone_index=""),
                name="one_account_per_phone_and_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[Role.APPLICANT, Role.EXPERT]) | Q(organization__isnull=False),
                name="staff_bound_to_organization",
            ),
        ]

    def __str__(self):
        return self.masked_name

    def save(self, *args, **kwargs):
        self.phone_index = crypto.blind_index(self.phone) if self.phone else ""
        self.id_number_index = crypto.blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    @property
    def masked_name(self) -> str:
        return mask_name(self.real_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def get_full_name(self):
        return self.real_name

    def get_short_name(self):
        return self.real_name


class OneTimeCode(models.Model):
    """A short code that proves something the password alone does not (issue 12 items 12, 13, 21):
    control of a phone (registration, password reset) or an activation handed out by the platform admin
    (TOTP enrolment). Only a keyed hash is stored; a code expires, allows a few attempts and is used once."""

    class Purpose(models.TextChoices):
        REGISTER = "register", "注册验证手机号"
        PASSWORD_RESET = "password_reset", "找回密码"
        OTP_ENROLMENT = "otp_enrolment", "动态口令绑定激活码"

    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="one_time_codes"
    )
    code_hash = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "一次性验证码"
        verbose_name_plural = "一次性验证码"
        indexes = [models.Index(fields=["purpose", "phone_index", "used_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
