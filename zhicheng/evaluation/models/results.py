"""The HR bureau's approval of a plan's results (发文) (services/results.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ResultApproval(models.Model):
    """The HR bureau's approval of a plan's results with its document number (发文)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="result_approvals")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField("发文文号", max_length=60, unique=True)
    approved_on = models.DateField("发文日期")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    count = models.PositiveIntegerField("通过人数")

    class Meta:
        ordering = ["-approved_at"]
        verbose_name = "评审结果审批"
        verbose_name_plural = "评审结果审批"
        constraints = [models.CheckConstraint(condition=Q(count__gt=0), name="approval_not_empty")]
