"""One model of a 公示 for the whole platform (issue 13 §1): the employer's internal 公示 (单位内部公示),
the committee office's 资格审查公示 and the 评审结果公示, each with its entries (the public lines) and the
objections raised against them. The rule that governs objections and closing is in rules.py; every write
is in services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhicheng.core.workdays import MIN_PUBLICITY_WORKING_DAYS


class Kind(models.TextChoices):
    INTERNAL = "internal", "单位内部公示"
    QUALIFICATION = "qualification", "资格审查公示"
    RESULTS = "results", "评审结果公示"


class Publicity(models.Model):
    """One 公示: who published what, for which period (computed in working days, changeable while open),
    and how it ended.

    The internal 公示 is held by the employer off the platform and recorded when the employer approves
    (seed 000 三(三), seed 003 五(一): 公示情况在填写审核意见时录入系统): it is stored closed, with its
    result, its note and the employer's 推荐意见, beside the status-history row of that approval.
    """

    class Status(models.TextChoices):
        OPEN = "open", "公示中"
        CLOSED = "closed", "已结束"

    class Result(models.TextChoices):
        NO_OBJECTION = "no_objection", "无异议"
        OBJECTION = "objection", "有异议"

    kind = models.CharField("公示类别", max_length=16, choices=Kind.choices)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="+", verbose_name="申报计划"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="公示单位",
    )
    title = models.CharField("公示标题", max_length=200)
    start = models.DateField("公示开始日期")
    end = models.DateField("公示结束日期")
    working_days = models.PositiveSmallIntegerField("公示工作日数")
    min_working_days = models.PositiveSmallIntegerField(
        "最少公示工作日数", default=MIN_PUBLICITY_WORKING_DAYS
    )
    contact = models.CharField("异议受理方式", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    result = models.CharField("公示结果", max_length=16, choices=Result.choices, blank=True)
    note = models.TextField("公示情况说明", blank=True)
    # Internal 公示 only: the file, its round and the approval it was recorded with.
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="internal_publicities",
        verbose_name="申报",
    )
    history = models.OneToOneField(
        "applications.StatusHistory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internal_publicity",
        verbose_name="对应流转记录",
    )
    round = models.PositiveSmallIntegerField("申报轮次", null=True, blank=True)
    recommendation = models.TextField("推荐意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    created_at = models.DateTimeField("发起时间")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="结束人",
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    ended_notice_sent = models.BooleanField("已发送期满通知", default=False)
    # Where a row carried over from the three former tables came from ("review.publicity:12"): the case
    # history of the results 公示 still names the former ids.
    legacy_ref = models.CharField("原记录", max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "公示"
        verbose_name_plural = "公示"
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="publicity_period_ordered"),
            models.CheckConstraint(
                condition=Q(working_days__gte=F("min_working_days")), name="publicity_minimum_working_days"
            ),
            models.CheckConstraint(
                condition=Q(min_working_days__gte=MIN_PUBLICITY_WORKING_DAYS),
                name="publicity_at_least_5_days",
            ),
            models.CheckConstraint(
                condition=Q(status="open", result="")
                | Q(status="closed", closed_at__isnull=False) & ~Q(result=""),
                name="publicity_closed_has_time_and_result",
            ),
            models.CheckConstraint(
                condition=~Q(result="objection") | ~Q(note="") | ~Q(kind="internal"),
                name="internal_publicity_objection_explained",
            ),
            models.CheckConstraint(
                condition=~Q(kind="internal")
                | Q(application__isnull=False, history__isnull=False, status="closed")
                & ~Q(recommendation=""),
                name="internal_publicity_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind", "start"], name="publicity_public_idx"),
            models.Index(fields=["plan", "kind", "status"], name="publicity_plan_kind_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Entry(models.Model):
    """One line of the public list: name, employer, specialty and level only (SECURITY.md 14), copied
    when the list is published so that the public page never reads personal records."""

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
            models.UniqueConstraint(fields=["publicity", "application"], name="publicity_lists_a_file_once")
        ]
        indexes = [models.Index(fields=["application", "outcome"], name="publicity_entry_app_idx")]

    def __str__(self):
        return self.name


class QualificationEntryManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(publicity__kind=Kind.QUALIFICATION)


class QualificationEntry(Entry):
    """The lines of 资格审查公示 only, for the evaluation's gate (seed 001 三(二): 公示无异议后，组织专家评审)."""

    objects = QualificationEntryManager()

    class Meta:
        proxy = True
        verbose_name = "资格审查公示名单"
        verbose_name_plural = "资格审查公示名单"


class Objection(models.Model):
    """异议: raised against a listed name within the period, resolved before the 公示 closes (rules.py)."""

    class Status(models.TextChoices):
        OPEN = "open", "待核查"
        DISMISSED = "dismissed", "经核实异议不成立"
        UPHELD = "upheld", "经核实异议成立"

    class Channel(models.TextChoices):
        LETTER = "letter", "来信"
        PHONE = "phone", "来电"
        VISIT = "visit", "来访"
        ONLINE = "online", "网上反映"

    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, related_name="objections", verbose_name="公示人员"
    )
    received_on = models.DateField("收到日期")
    channel = models.CharField("反映方式", max_length=8, choices=Channel.choices)
    content = models.TextField("异议内容")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField("录入时间")
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
    legacy_ref = models.CharField("原记录", max_length=40, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(resolution="") & Q(resolved_at__isnull=False)),
                name="publicity_objection_resolved_has_conclusion",
            )
        ]
