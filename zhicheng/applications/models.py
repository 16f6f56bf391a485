from django.conf import settings
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "审核中"
    RETURNED = "returned", "退回修改"
    REJECTED = "rejected", "审核不通过"
    QUALIFIED = "qualified", "资格审查通过"


class Action(models.TextChoices):
    SUBMIT = "submit", "提交"
    RESUBMIT = "resubmit", "修改后重新提交"
    WITHDRAW = "withdraw", "撤回"
    APPROVE = "approve", "通过"
    RETURN = "return", "退回修改"
    REJECT = "reject", "不通过"


class Application(models.Model):
    """One applicant's application to one plan. Its status changes only through workflow.transition()."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="applications", verbose_name="申报计划"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name="申报人"
    )
    level = models.CharField("申报级别", max_length=20, blank=True)
    specialty = models.CharField("从事专业", max_length=50, blank=True)
    declaration_type = models.CharField("申报类型", max_length=20, blank=True)
    employer = models.ForeignKey(
        "organizations.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="工作单位",
    )
    intake_department = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="受理点",
    )
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    current_stage = models.ForeignKey(
        "plans.PlanStage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="当前环节",
    )
    current_org = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="当前办理单位",
    )
    returned_from_stage = models.ForeignKey(
        "plans.PlanStage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField("申报轮次", default=0)
    version = models.PositiveIntegerField(default=0)
    review_started_at = models.DateTimeField("开始审核时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "职称申报"
        verbose_name_plural = "职称申报"
        constraints = [
            models.UniqueConstraint(fields=["plan", "applicant"], name="one_application_per_plan"),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(current_stage__isnull=False, current_org__isnull=False),
                name="pending_has_stage_and_org",
            ),
        ]
        indexes = [models.Index(fields=["current_org", "status", "-id"], name="queue_idx")]

    def __str__(self):
        return f"{self.plan} · {self.applicant.masked_name}"


class StatusHistory(models.Model):
    """Append-only: who did what at which stage, with the opinion (DESIGN.md §4.3)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("角色", max_length=20)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(
        "plans.PlanStage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    opinion = models.TextField("意见", blank=True)
    round = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=["return", "reject"]) | ~Q(opinion=""),
                name="return_reject_need_reason",
            )
        ]

    def save(self, *args, **kwargs):
        if self.pk:
            raise RuntimeError("status history is append-only")
        super().save(*args, **kwargs)
