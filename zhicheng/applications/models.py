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
        db_index=False,  # employer_plan_idx below starts with it
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
        "plans.PlanStage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="退回自环节",
    )
    round = models.PositiveSmallIntegerField("申报轮次", default=0)
    version = models.PositiveIntegerField(default=0, verbose_name="版本号")
    review_started_at = models.DateTimeField("开始审核时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

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
        indexes = [
            models.Index(fields=["current_org", "status", "-id"], name="queue_idx"),
            # "Has this employer's staff applied in this plan?" as one probe per plan (the employer's home,
            # its 公示表): O(plans), not a pass over the employer's applications (40,000 for a large one).
            models.Index(fields=["employer", "plan"], name="employer_plan_idx"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.applicant.masked_name}"


class Lifecycle(models.TextChoices):
    """Which transition table a history row went through (applications/engine.py runs both)."""

    APPLICATION = "application", "申报与资格审查"
    EVALUATION = "evaluation", "评审与发证"


class HistoryQuerySet(models.QuerySet):
    def of(self, lifecycle: str) -> "HistoryQuerySet":
        return self.filter(machine=lifecycle)


class StatusHistory(models.Model):
    """The one history of an application's whole life, draft to certificate (DESIGN.md §4.3).

    Append-only; one row per transition of either table (``machine``: the review chain's
    Application.status, or the evaluation case's status), written only by applications/engine.py,
    with a link to the named audit event the same transition wrote.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="history", verbose_name="职称申报"
    )
    machine = models.CharField(
        "环节", max_length=16, choices=Lifecycle.choices, default=Lifecycle.APPLICATION, db_index=True
    )
    at = models.DateTimeField(db_index=True, verbose_name="时间")
    # None only for the platform itself (a verified payment callback, a periodic job): see actor_label.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    actor_label = models.CharField(max_length=64, blank=True, verbose_name="操作人名称")
    role = models.CharField("角色", max_length=20)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="办理单位",
    )
    stage = models.ForeignKey(
        "plans.PlanStage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="环节",
    )
    # Values of the row's table (Action / Status here, CaseAction / CaseStatus in evaluation): the
    # labels come from the table the row went through (get_action_display below).
    action = models.CharField("操作", max_length=20)
    from_status = models.CharField(max_length=20, verbose_name="原状态")
    to_status = models.CharField(max_length=20, verbose_name="新状态")
    opinion = models.TextField("意见", blank=True)
    round = models.PositiveSmallIntegerField(default=0, verbose_name="轮次")
    data = models.JSONField(default=dict, blank=True, verbose_name="详细数据")
    audit_event = models.ForeignKey(
        "core.AuditEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the audit log's retention may purge old events; the history stays
        related_name="+",
        verbose_name="审计事件",
    )

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=["return", "reject"]) | ~Q(opinion=""),
                name="return_reject_need_reason",
            ),
            models.CheckConstraint(
                condition=~Q(machine="evaluation", action__in=["cancel", "decline", "revoke", "unassign"])
                | ~Q(opinion=""),
                name="history_evaluation_reason_given",
            ),
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(machine="evaluation"),
                name="history_application_has_actor",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.pk:
            raise RuntimeError("status history is append-only")
        super().save(*args, **kwargs)

    def _label(self, kind: str, value: str) -> str:
        # cycle: applications.engine imports applications.models
        from .engine import label

        return label(self.machine, kind, value)

    def get_action_display(self) -> str:
        return self._label("action", self.action)

    def get_from_status_display(self) -> str:
        return self._label("status", self.from_status)

    def get_to_status_display(self) -> str:
        return self._label("status", self.to_status)


class WorkCategory(models.TextChoices):
    # seed 003 一: the five kinds of engineering work an applicant does.
    RESEARCH = "research", "技术研究"
    DESIGN = "design", "设计开发"
    INTEGRATION = "integration", "系统集成（工程）"
    PRODUCTION = "production", "生产制造（工艺）"
    SERVICE = "service", "技术服务"


class WizardDraft(models.Model):
    """What the wizard keeps beside the Application row; one per application, saved at every step.

    Kept apart from Application so that the review chain's row (status, stage, version) is never
    rewritten by a draft save, and a draft save never races a transition on the same row.
    """

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="draft")
    furthest_step = models.PositiveSmallIntegerField("已填写到第几步", default=1)
    photo = models.FileField("证件照", upload_to="application-photos/", blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    self_statement = models.TextField("本人述职", blank=True)
    work_category = models.CharField("从事工作类别", max_length=16, choices=WorkCategory.choices, blank=True)
    work_years = models.PositiveSmallIntegerField("专业工作年限", null=True, blank=True)
    administrative_post = models.CharField("行政职务", max_length=100, blank=True)
    exceptional_reasons = models.TextField("破格推荐理由", blank=True)
    exceptional_resume = models.TextField("简历", blank=True)
    self_score = models.DecimalField("自评分", max_digits=5, decimal_places=1, null=True, blank=True)
    saved_at = models.DateTimeField("最近保存", auto_now=True)

    class Meta:
        verbose_name = "申报填写内容"
        verbose_name_plural = "申报填写内容"
        constraints = [
            models.CheckConstraint(
                condition=Q(furthest_step__gte=1, furthest_step__lte=7), name="draft_step_in_range"
            ),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0, self_score__lte=100),
                name="draft_self_score_range",
            ),
        ]


class ApplicationEntry(models.Model):
    """An archive entry version the application uses: picked in 选择相关业绩, or extracted automatically."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="entries")
    version = models.ForeignKey(
        "archive.EntryVersion", on_delete=models.PROTECT, related_name="application_uses"
    )
    representative = models.BooleanField("代表作", default=False)
    automatic = models.BooleanField("系统自动提取", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "order", "id"]
        verbose_name = "申报所用业绩"
        verbose_name_plural = "申报所用业绩"
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="application_entry_once"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(representative=True), name="one_representative_work"
            ),
        ]


class ApplicationAttachment(models.Model):
    """One uploaded file for one of the plan's required attachments (a multi-page scan is one PDF)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    requirement = models.ForeignKey(
        "plans.PlanAttachment", null=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    requirement_name = models.CharField("附件名称", max_length=100)
    file = models.FileField(upload_to="application-attachments/")
    original_name = models.CharField("原文件名", max_length=120, blank=True)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "requirement__order", "id"]
        verbose_name = "申报附件"
        verbose_name_plural = "申报附件"
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="one_upload_per_requirement")
        ]


class CommitmentSignature(models.Model):
    """The signed 真实性保证书: the exact text, its SHA-256, the handwritten image and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="signatures")
    text = models.TextField("承诺书全文")
    text_sha256 = models.CharField("全文 SHA-256", max_length=64)
    image = models.FileField("签名", upload_to="signatures/")
    signed_at = models.DateTimeField("签署时间")
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["application", "-signed_at"]
        verbose_name = "个人承诺签署"
        verbose_name_plural = "个人承诺签署"


class SigningToken(models.Model):
    """A one-time link for signing on a phone; only the token's hash is stored."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="signing_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "签署二维码"
        verbose_name_plural = "签署二维码"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="signing_token_expires_after_creation",
            )
        ]
