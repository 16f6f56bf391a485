"""Background exports: a whole plan's 花名册, or all 评审表 of a plan as one ZIP."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def export_upload_to(job: ExportJob, filename: str) -> str:
    # Generated names only (SECURITY.md 19): the user-facing name is kept in `filename`
    # and only sent in Content-Disposition by the permission-checking download view.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    # Not a choices field: kinds come from the export registry, which other apps extend
    # (applications, review) without a migration here.
    kind = models.CharField("导出类型", max_length=60, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # an export of personal data keeps its requester (audit)
        related_name="export_jobs",
        verbose_name="申请人",
    )
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    row_count = models.PositiveIntegerField("行数/份数", default=0)
    file = models.FileField("文件", upload_to=export_upload_to, blank=True, max_length=200)
    filename = models.CharField("下载文件名", max_length=200, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="exportjob_progress_at_most_100"),
            # A finished job always has its file; a failed one always says why.
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="exportjob_done_has_file"),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="exportjob_failed_has_error"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class MailingInstructions(models.Model):
    """Where a plan's paper materials go (seed 001 附件4 邮寄纸质材料清单), set by the committee
    office; every applicant's checklist of that plan prints it."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="mailing_instructions", verbose_name="申报计划"
    )
    address = models.CharField("邮寄地址", max_length=200)
    recipient = models.CharField("收件人（联系人）", max_length=50)
    # An office number, not a person's: printed in full on every checklist.
    phone = models.CharField("联系电话", max_length=30)
    review_form_copies = models.PositiveSmallIntegerField("评审表份数", default=1)
    a3_booklet = models.BooleanField("评审表须A3纸正反面打印、中缝装订", default=False)
    extra_items = models.TextField("其他须邮寄的材料（每行一项）", blank=True)
    notes = models.TextField(
        "注意事项（每行一条）", blank=True, default="只有评审通过人员才需邮寄，可以单位统一邮寄。"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="更新人"
    )
    updated_at = models.DateTimeField("最近修改", default=timezone.now)

    class Meta:
        verbose_name = "纸质材料邮寄设置"
        verbose_name_plural = "纸质材料邮寄设置"
        constraints = [
            models.CheckConstraint(
                condition=Q(review_form_copies__gte=1, review_form_copies__lte=10),
                name="mailing_review_form_copies_1_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} 邮寄设置"


def rendered_upload_to(document: RenderedDocument, filename: str) -> str:
    # Generated names only (SECURITY.md 19), like the exports: the download name is sent by the view.
    return f"rendered/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class RenderedDocument(models.Model):
    """A per-application PDF rendered once, after commit, by a worker (issue 15): the 评审表 in the
    plan's layout, masked and with full numbers, and the 破格 审批表. ``key`` is what the content rests
    on (rendered.document_key: the application's version and the last changes of the application, the
    applicant's personal information and the plan); a request whose key differs renders afresh."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="rendered_documents"
    )
    kind = models.CharField(max_length=40)
    variant = models.CharField(max_length=16, blank=True)
    revealed = models.BooleanField(default=False)
    key = models.CharField(max_length=40)
    file = models.FileField(upload_to=rendered_upload_to, max_length=200)
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "已生成的文书"
        verbose_name_plural = "已生成的文书"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "variant", "revealed"], name="rendered_document_once"
            )
        ]
