"""Theory exam, interview (答辩) and practical assessment (实操评议): what a plan holds, when it sits, who
sat it and each examiner's mark (services/assessments.py)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .cases import EvaluationCase


class AssessmentKind(models.TextChoices):
    THEORY = "theory", "理论考试"
    INTERVIEW = "interview", "面试答辩"
    PRACTICAL = "practical", "实操评议"


class AssessmentSpec(models.Model):
    """One assessment a plan holds (seed 000 五2 理论考试和面试答辩; seed 003 二(二)2 实操评议)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="assessment_specs")
    kind = models.CharField("类别", max_length=12, choices=AssessmentKind.choices)
    name = models.CharField("名称", max_length=60)
    levels = models.JSONField("适用级别", default=list, blank=True, help_text="不选表示所有级别都参加。")
    full_mark = models.DecimalField("满分", max_digits=5, decimal_places=1, default=Decimal("100"))
    pass_mark = models.DecimalField("合格分数线", max_digits=5, decimal_places=1, default=Decimal("60"))
    min_examiners = models.PositiveSmallIntegerField("评分人数下限", default=1)
    drop_extremes = models.BooleanField(
        "去掉一个最高分和一个最低分后取平均",
        default=False,
        help_text="不勾选则取全部评分人的平均分；勾选时至少需要3位评分人。",
    )
    required = models.BooleanField("合格后方可进入综合评审", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = "考试考评项目"
        verbose_name_plural = "考试考评项目"
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="assessment_kind_once_per_plan"),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=F("full_mark")), name="assessment_pass_within_full"
            ),
            models.CheckConstraint(condition=Q(full_mark__gt=0), name="assessment_full_mark_positive"),
            models.CheckConstraint(
                condition=Q(min_examiners__gte=1), name="assessment_one_examiner_at_least"
            ),
            # seed 003 二(二)2: 组织不少于3人的专业评议组专家开展实操考评.
            models.CheckConstraint(
                condition=~Q(kind="practical") | Q(min_examiners__gte=3), name="practical_three_experts"
            ),
            models.CheckConstraint(
                condition=Q(drop_extremes=False) | Q(min_examiners__gte=3), name="trimmed_mean_needs_three"
            ),
        ]

    def __str__(self):
        return self.name

    def applies_to(self, level: str) -> bool:
        return not self.levels or level in self.levels


class AssessmentSession(models.Model):
    """A scheduled sitting: time and place, announced to the candidates."""

    spec = models.ForeignKey(AssessmentSpec, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField("开始时间")
    place = models.CharField("地点", max_length=150)
    note = models.CharField("注意事项", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "考试考评安排"
        verbose_name_plural = "考试考评安排"


class AssessmentSitting(models.Model):
    """One candidate in one assessment: the session they sit and, once scored, the averaged result."""

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="sittings")
    spec = models.ForeignKey(AssessmentSpec, on_delete=models.PROTECT, related_name="sittings")
    session = models.ForeignKey(
        AssessmentSession, null=True, blank=True, on_delete=models.PROTECT, related_name="sittings"
    )
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("是否合格", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "spec__order", "id"]
        verbose_name = "考试考评成绩"
        verbose_name_plural = "考试考评成绩"
        constraints = [
            models.UniqueConstraint(fields=["case", "spec"], name="one_sitting_per_assessment"),
            models.CheckConstraint(
                condition=Q(score__isnull=True, passed__isnull=True)
                | Q(score__isnull=False, passed__isnull=False, recorded_at__isnull=False),
                name="sitting_result_complete",
            ),
        ]


class AssessmentScore(models.Model):
    """One examiner's mark; the sitting's score is their average, computed, never typed."""

    sitting = models.ForeignKey(AssessmentSitting, on_delete=models.CASCADE, related_name="scores")
    examiner = models.CharField("评分人", max_length=50)
    score = models.DecimalField("分数", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["sitting", "id"]
        constraints = [models.UniqueConstraint(fields=["sitting", "examiner"], name="one_mark_per_examiner")]
