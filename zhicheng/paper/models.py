"""Paper materials as steps of a plan (issue 13 §2): before review, 原件核查 in a window at an address, checked
item by item by the office (seed 003 四, 附件5); after passing, mailed by EMS with a tracking number, received
by the office, the stamped 评审表 sent back (seed 001 二3, 附件4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class PaperWhen(models.TextChoices):
    BEFORE_REVIEW = "before_review", "评审前报送、核查原件"
    AFTER_PASS = "after_pass", "评审通过后邮寄"


class PaperStep(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="paper_steps", verbose_name="申报计划"
    )
    when = models.CharField("时点", max_length=16, choices=PaperWhen.choices)
    title = models.CharField("名称", max_length=40, help_text="如：原件核查、邮寄纸质材料")
    start = models.DateField("开始日期", null=True, blank=True)
    end = models.DateField("截止日期", null=True, blank=True)
    address = models.CharField("地址", max_length=150)
    contact = models.CharField("联系人及电话", max_length=80, blank=True)
    items = models.JSONField("材料清单", default=list, help_text="每行一项，办理时逐项核对")
    copies = models.PositiveSmallIntegerField("评审表份数", default=1)
    stamp_and_return = models.BooleanField("盖章后寄回评审表", default=False)
    clause = models.CharField("通知依据", max_length=60, blank=True)

    class Meta:
        verbose_name = "纸质材料环节"
        verbose_name_plural = "纸质材料环节"
        constraints = [
            models.UniqueConstraint(fields=["plan", "when"], name="paper_step_once_per_when"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="paper_window_ordered",
            ),
            models.CheckConstraint(condition=Q(copies__gte=1), name="paper_copies_positive"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.title}"

    @property
    def window_label(self) -> str:
        if self.start and self.end:
            return f"{self.start:%Y年%-m月%-d日}至{self.end:%Y年%-m月%-d日}"
        return f"{self.end:%Y年%-m月%-d日}前" if self.end else ""


class PaperCheck(models.Model):
    """The office's item-by-item check of one applicant's originals (before review)."""

    class State(models.TextChoices):
        PASSED = "passed", "核查通过"
        INCOMPLETE = "incomplete", "材料不全，待补正"

    step = models.ForeignKey(PaperStep, on_delete=models.PROTECT, related_name="checks", verbose_name="环节")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="paper_checks", verbose_name="申报"
    )
    state = models.CharField("结果", max_length=12, choices=State.choices)
    checked_items = models.JSONField("已核对材料", default=list)
    note = models.CharField("说明", max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("核查时间")

    class Meta:
        verbose_name = "原件核查"
        verbose_name_plural = "原件核查"
        constraints = [
            models.UniqueConstraint(fields=["step", "application"], name="one_paper_check_per_application"),
            models.CheckConstraint(
                condition=Q(state="passed") | Q(note__gt=""), name="paper_incomplete_says_what"
            ),
        ]


class PaperMailing(models.Model):
    """One passed applicant's mailing (after passing): tracking number in, receipt, stamped form back."""

    step = models.ForeignKey(
        PaperStep, on_delete=models.PROTECT, related_name="mailings", verbose_name="环节"
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="paper_mailings",
        verbose_name="申报",
    )
    tracking_number = models.CharField("EMS单号", max_length=20)
    mailed_at = models.DateTimeField("登记邮寄时间")
    received_at = models.DateTimeField("收到时间", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_tracking_number = models.CharField("回寄EMS单号", max_length=20, blank=True)
    returned_at = models.DateTimeField("回寄时间", null=True, blank=True)

    class Meta:
        verbose_name = "纸质材料邮寄"
        verbose_name_plural = "纸质材料邮寄"
        constraints = [
            models.UniqueConstraint(fields=["step", "application"], name="one_paper_mailing_per_application"),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(received_at__isnull=False),
                name="paper_returned_after_received",
            ),
        ]

    @property
    def state_label(self) -> str:
        if self.returned_at:
            return "评审表已盖章寄回"
        return "办理单位已收到" if self.received_at else "已寄出，待办理单位签收"
