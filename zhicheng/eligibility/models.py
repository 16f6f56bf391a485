from django.conf import settings
from django.db import models


class EligibilityCheck(models.Model):
    """The stored verdict on an application, so that queues can filter by outcome without re-evaluating.

    Written at 提交 and by the committee office's re-run of a whole plan. A detail page shows it while
    its basis (checks.verdict_basis: what the verdict rests on) is current, and evaluates afresh only
    when the archive, the answers or the rule set changed (checks.current_check).
    """

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", "符合申报条件"
        INELIGIBLE = "ineligible", "不符合申报条件"
        NEEDS_REVIEW = "needs_review", "部分条件需人工审核"
        UNAVAILABLE = "unavailable", "无法自动核对"

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="eligibility"
    )
    ruleset_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField("核对结果", max_length=16, choices=Outcome.choices, db_index=True)
    result = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    evaluated_at = models.DateTimeField()
    basis = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = "资格条件核对结果"
        verbose_name_plural = "资格条件核对结果"


class EligibilityRun(models.Model):
    """A committee office's background re-run of every application of a plan."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "核对中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="eligibility_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    @property
    def percent(self) -> int:
        return (
            100 if self.status == self.Status.DONE else int(self.done * 100 / self.total) if self.total else 0
        )


class EligibilityRunChunk(models.Model):
    """One slice of a re-run (a range of application ids), evaluated by one Celery task with bulk writes,
    so that the workers share a plan. A chunk is claimed once (queued → running); a chunk whose message
    was lost, or whose worker died, is dispatched again by tasks.eligibility_relay."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "核对中"
        DONE = "done", "已完成"

    run = models.ForeignKey(EligibilityRun, on_delete=models.CASCADE, related_name="chunks")
    first_id = models.PositiveBigIntegerField()
    last_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_id"]
        indexes = [models.Index(fields=["status", "created_at"], name="elig_chunk_status_created")]


class PracticalAssessment(models.Model):
    """The 实操评议 result of an application (seed 003 二(二)2; 附件1 五 "成绩合格后才能参加当年度的职称评审").

    Written by the evaluation when the practical assessment is scored, through
    services.practical_assessment_record: evaluation sits above eligibility, so it hands the result
    down and the profile reads it here as ``practical_assessment``; nothing here imports evaluation.
    """

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="practical_assessment"
    )
    passed = models.BooleanField("是否合格")
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "实操评议结果"
        verbose_name_plural = "实操评议结果"
