"""The expert pool, panels and conflicts of interest (回避) (services/experts.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhicheng.core import crypto
from zhicheng.core.fields import EncryptedCharField

from .cases import EvaluationCase


class ExpertProfile(models.Model):
    """An expert in a committee's pool (评审专家库)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_profile",
        verbose_name="专家账号",
    )
    committee = models.ForeignKey(
        "organizations.Committee",
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name="所属评委会专家库",
    )
    specialty = models.CharField("专业", max_length=50)
    level = models.CharField("职称级别", max_length=20)
    title = models.CharField("职称名称", max_length=50)
    organization_name = models.CharField("工作单位", max_length=100)
    employer = models.ForeignKey(
        "organizations.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="工作单位（平台内）",
    )
    active = models.BooleanField("在库", default=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        ordering = ["committee", "specialty", "id"]
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"

    def __str__(self):
        return f"{self.user.real_name}（{self.specialty}）"


class ExpertAffiliation(models.Model):
    """Where the expert worked before: the basis of "same organisation in the last N years"."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="affiliations")
    organization_name = models.CharField("单位名称", max_length=100)
    employer = models.ForeignKey("organizations.Employer", null=True, blank=True, on_delete=models.SET_NULL)
    start_year = models.PositiveSmallIntegerField("起始年份")
    end_year = models.PositiveSmallIntegerField("结束年份", null=True, blank=True)

    class Meta:
        ordering = ["expert", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="affiliation_ordered",
            )
        ]


class ExpertRelation(models.Model):
    """A person the expert must not judge (亲属、师生等), declared in the profile."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        KIN = "kin", "直系血亲或近姻亲"
        TEACHER = "teacher", "师生关系"
        COLLEAGUE = "colleague", "合作研究或同一项目组"
        OTHER = "other", "其他利害关系"

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("关系", max_length=12, choices=Kind.choices)
    person_name = models.CharField("姓名", max_length=50)
    id_number = EncryptedCharField("身份证号", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["expert", "id"]

    def save(self, *args, **kwargs):
        self.id_number_index = crypto.blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)


class Panel(models.Model):
    """评审组: experts formed for a plan or one specialty group of it."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="panels")
    name = models.CharField("评审组名称", max_length=60)
    specialty_group = models.CharField("专业组", max_length=60, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "评审组"
        verbose_name_plural = "评审组"
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="panel_name_once_per_plan")]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="memberships")
    is_chair = models.BooleanField("组长", default=False)

    class Meta:
        ordering = ["panel", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="expert_once_per_panel"),
            models.UniqueConstraint(fields=["panel"], condition=Q(is_chair=True), name="one_chair_per_panel"),
        ]


class ConflictOfInterest(models.Model):
    """回避: found automatically or declared by the expert. An active one hides the case from the expert."""

    class Source(models.TextChoices):
        SAME_EMPLOYER = "same_employer", "与申报人同一工作单位"
        PAST_EMPLOYER = "past_employer", "近年曾在申报人现单位工作"
        RELATION = "relation", "与申报人有登记的亲属或利害关系"
        DECLARED = "declared", "专家本人申请回避"

    class Status(models.TextChoices):
        ACTIVE = "active", "回避"
        DISMISSED = "dismissed", "经核实无需回避"

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="conflicts")
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    detail = models.CharField("说明", max_length=300)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    found_at = models.DateTimeField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_reason = models.CharField("核实说明", max_length=300, blank=True)

    class Meta:
        ordering = ["case", "expert", "source"]
        verbose_name = "回避记录"
        verbose_name_plural = "回避记录"
        constraints = [
            models.UniqueConstraint(fields=["case", "expert", "source"], name="conflict_once_per_source"),
            models.CheckConstraint(
                condition=Q(status="active") | (~Q(dismissed_reason="") & Q(dismissed_at__isnull=False)),
                name="dismissed_conflict_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="declared") | Q(status="active"), name="declared_conflict_not_dismissed"
            ),
        ]
        indexes = [models.Index(fields=["expert", "status"], name="conflict_expert_idx")]
