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
