"""Online scoring on the plan's scoring form, and the reminders before the due date (services/scoring.py)."""

from django.db import models
from django.db.models import Q

from .cases import EvaluationCase
from .experts import ExpertProfile, Panel


class ExpertScore(models.Model):
    """One expert's scoring of one case on the plan's scoring form; the total is computed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "暂存"
        SUBMITTED = "submitted", "已提交"

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="scores")
    marks = models.JSONField("各项得分", default=dict)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("评审意见", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "expert"]
        verbose_name = "专家评分"
        verbose_name_plural = "专家评分"
        constraints = [
            models.UniqueConstraint(fields=["case", "expert"], name="one_score_per_expert_and_case"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(total__isnull=False, submitted_at__isnull=False),
                name="submitted_score_complete",
            ),
        ]


class ScoreReminder(models.Model):
    """A reminder sent to one expert for one panel's due date: never twice."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="+")
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="+")
    due = models.DateField()
    pending = models.PositiveIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "panel", "due"], name="score_reminder_once_per_due")
        ]
