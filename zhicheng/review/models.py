"""Review-side records. The application's status lives on Application and changes only through
workflow.transition(); what is here is what each reviewing organisation recorded beside it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class EntryState(models.TextChoices):
    PENDING = "pending", "待审查"
    APPROVED = "approved", "审查通过"
    REJECTED = "rejected", "审查不通过"
    RETURNED = "returned", "已退回修改"
    WITHDRAWN = "withdrawn", "申报人已撤回"


class ReviewEntry(models.Model):
    """One organisation's view of one application: it reached the organisation, and what the
    organisation decided last. Written by workflow.transition() in the same transaction as the
    status change, so the queue's tabs (待审查/审查通过/审查不通过/退回记录/全部) are plain indexed
    filters instead of a scan of the status history. `rebuild_entries` recomputes it from history.
    """

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="review_entries"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="审核单位"
    )
    stage = models.ForeignKey("plans.PlanStage", on_delete=models.PROTECT, related_name="+")
    stage_kind = models.CharField(max_length=20)
    # Copied from the application's plan so that year/plan filters stay on this table's indexes.
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    state = models.CharField("审查状态", max_length=12, choices=EntryState.choices)
    returned_count = models.PositiveSmallIntegerField("退回次数", default=0)
    arrived_at = models.DateTimeField("送达时间")
    decided_at = models.DateTimeField("审查时间", null=True, blank=True)
    last_opinion = models.TextField("最近意见", blank=True)

    class Meta:
        verbose_name = "审查记录"
        verbose_name_plural = "审查记录"
        constraints = [
            models.UniqueConstraint(fields=["application", "organization"], name="one_entry_per_org"),
        ]
        indexes = [
            models.Index(fields=["organization", "state", "-application"], name="entry_tab_idx"),
            models.Index(fields=["organization", "-application"], name="entry_all_idx"),
            models.Index(fields=["organization", "plan"], name="entry_plan_idx"),
            # Covers the five tab counts (and the year/plan filters) so PostgreSQL can answer them from
            # the index alone. All key columns rather than INCLUDE, which SQLite does not support.
            models.Index(
                fields=["organization", "stage_kind", "state", "returned_count", "year", "plan"],
                name="entry_count_idx",
            ),
            models.Index(
                fields=["organization", "-application"],
                name="entry_returned_idx",
                condition=Q(returned_count__gt=0),
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_state_display()}"


class IdentitySearchToken(models.Model):
    """Keyed blind indexes of ID-number fragments, so that a reviewer can find an applicant by
    后4位 / 后6位 / 前6位（地区码）/ 出生日期 without the number being stored in clear or
    decrypted row by row. Each token is HMAC(key, kind + ":" + fragment) via crypto.blind_index;
    see zhicheng/review/identity.py for the trade-off.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=64)  # the user's id_number_index when the tokens were made

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="one_token_per_fragment")]


class NameSearchToken(models.Model):
    """One piece (one or two characters) of an applicant's name, so that a reviewer's search by a
    fragment of a Chinese name is an index look-up instead of a scan of every user (names.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "gram"], name="one_token_per_name_piece")]
        indexes = [models.Index(fields=["gram", "user"], name="name_token_gram_idx")]


class InternalPublicity(models.Model):
    """单位内部公示: the employer's ≥5-working-day publicity of an applicant's materials, recorded
    with its 推荐意见 when the employer approves (seed 000 附件2 第4、5条; seed 001 附件3 一.4)."""

    class Result(models.TextChoices):
        NO_OBJECTION = "no_objection", "无异议"
        OBJECTION = "objection", "有异议"

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="internal_publicities",
        verbose_name="申报",
    )
    history = models.OneToOneField(
        "applications.StatusHistory",
        on_delete=models.PROTECT,
        related_name="internal_publicity",
        verbose_name="对应流转记录",
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="用人单位"
    )
    round = models.PositiveSmallIntegerField("申报轮次")
    start = models.DateField("公示开始日期")
    end = models.DateField("公示结束日期")
    working_days = models.PositiveSmallIntegerField("公示工作日数")
    result = models.CharField("公示结果", max_length=16, choices=Result.choices)
    note = models.TextField("公示情况说明", blank=True)
    recommendation = models.TextField("推荐意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField("录入时间")

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = "单位内部公示记录"
        verbose_name_plural = "单位内部公示记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="internal_publicity_ordered"
            ),
            models.CheckConstraint(condition=Q(working_days__gte=5), name="internal_publicity_5_days"),
            models.CheckConstraint(
                condition=Q(result="no_objection") | ~Q(note=""), name="internal_objection_explained"
            ),
            models.CheckConstraint(condition=~Q(recommendation=""), name="internal_publicity_recommended"),
        ]


class RecommendationBatch(models.Model):
    """审核推荐: a department sends the applications it approved to the next body in one batch."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="推荐单位"
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="+", verbose_name="申报计划"
    )
    stage = models.ForeignKey(
        "plans.PlanStage", on_delete=models.PROTECT, related_name="+", verbose_name="环节"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    submitted_at = models.DateTimeField("推荐时间")
    note = models.TextField("推荐说明", blank=True)
    size = models.PositiveIntegerField("人数")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "审核推荐批次"
        verbose_name_plural = "审核推荐批次"
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="batch_not_empty")]


class RecommendationItem(models.Model):
    batch = models.ForeignKey(RecommendationBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            # One recommendation per application, department and round: a file that comes back
            # through the department after a return may be recommended again.
            models.UniqueConstraint(
                fields=["application", "organization", "round"], name="recommended_once_per_round"
            )
        ]


class Publicity(models.Model):
    """资格审查公示 of a plan's qualified list on the portal's 评审公示 page (seed 001 三(二))."""

    class Status(models.TextChoices):
        OPEN = "open", "公示中"
        CLOSED = "closed", "已结束"

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="+", verbose_name="申报计划"
    )
    title = models.CharField("公示标题", max_length=200)
    start = models.DateField("公示开始日期")
    end = models.DateField("公示结束日期")
    working_days = models.PositiveSmallIntegerField("公示工作日数")
    contact = models.CharField("异议受理方式", max_length=200)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    created_at = models.DateTimeField(verbose_name="发起时间")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="结束人",
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    ended_notice_sent = models.BooleanField(default=False, verbose_name="已发送期满通知")

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "资格审查公示"
        verbose_name_plural = "资格审查公示"
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="publicity_ordered"),
            models.CheckConstraint(condition=Q(working_days__gte=5), name="publicity_5_working_days"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="closed_publicity_has_time"
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="publicity_portal_idx")]

    def __str__(self):
        return self.title


class PublicityEntry(models.Model):
    """One line of the public list: name, employer, specialty and level only (SECURITY.md 14),
    copied when the list is published so that the public page never reads personal records."""

    class Outcome(models.TextChoices):
        LISTED = "listed", "公示中"
        CLEARED = "cleared", "公示无异议"
        WITHDRAWN = "withdrawn", "经核实取消资格"

    publicity = models.ForeignKey(
        Publicity, on_delete=models.CASCADE, related_name="entries", verbose_name="公示"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+", verbose_name="职称申报"
    )
    name = models.CharField("姓名", max_length=50)
    employer_name = models.CharField("工作单位", max_length=100)
    specialty = models.CharField("专业", max_length=50)
    level = models.CharField("级别", max_length=50)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, default=Outcome.LISTED)

    class Meta:
        ordering = ["employer_name", "name", "id"]
        verbose_name = "公示名单"
        verbose_name_plural = "公示名单"
        constraints = [
            models.UniqueConstraint(fields=["publicity", "application"], name="listed_once_per_publicity")
        ]

    def __str__(self):
        return self.name


class Objection(models.Model):
    """异议: raised against a listed name during the period, resolved before the publicity closes."""

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        DISMISSED = "dismissed", "经核实异议不成立"
        UPHELD = "upheld", "经核实异议成立"

    class Channel(models.TextChoices):
        LETTER = "letter", "来信"
        PHONE = "phone", "来电"
        VISIT = "visit", "来访"
        ONLINE = "online", "网上反映"

    entry = models.ForeignKey(
        PublicityEntry, on_delete=models.PROTECT, related_name="objections", verbose_name="公示人员"
    )
    received_on = models.DateField("收到日期")
    channel = models.CharField("反映方式", max_length=8, choices=Channel.choices)
    content = models.TextField("异议内容")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField(verbose_name="录入时间")
    status = models.CharField("处理状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField("核查结论", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="处理人",
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(resolution="") & Q(resolved_at__isnull=False)),
                name="resolved_objection_has_conclusion",
            )
        ]


class DeadlineReminder(models.Model):
    """A reminder sent for one application at one stage before one deadline: never twice."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey("plans.PlanStage", on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "deadline"], name="remind_once_per_deadline"
            )
        ]
