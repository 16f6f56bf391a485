"""The case itself: its statuses and actions (moved by ``machine.py``), and the plan's rules for the road
after qualification (services/cases.py)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from zhicheng.applications.models import Lifecycle, StatusHistory
from zhicheng.plans.models import Level


class CaseStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "待缴评审费"
    UNPAID_EXPIRED = "unpaid_expired", "逾期未缴费"
    IN_ASSESSMENT = "in_assessment", "考试考评中"
    ASSESSMENT_FAILED = "assessment_failed", "考试考评未通过"
    AWAITING_REVIEW = "awaiting_review", "待专家评审"
    UNDER_REVIEW = "under_review", "专家评审中"
    REVIEW_PASSED = "review_passed", "评审表决通过"
    REVIEW_FAILED = "review_failed", "评审表决未通过"
    IN_PUBLICITY = "in_publicity", "评审结果公示中"
    AWAITING_APPROVAL = "awaiting_approval", "待人社部门审批"
    NOT_APPROVED = "not_approved", "审批未通过"
    APPROVED = "approved", "已审批发文"
    PUBLISHED_APPROVED = "published_approved", "审批结果公示无异议，待发证"
    CERTIFIED = "certified", "已发放电子证书"
    CANCELLED = "cancelled", "已取消评审资格"
    REVOKED = "revoked", "资格已撤销"


class CaseAction(models.TextChoices):
    PAY = "pay", "缴纳评审费"
    NO_FEE = "no_fee", "本计划不收评审费"
    EXPIRE = "expire", "逾期未缴费"
    ASSESSMENT_PASS = "assessment_pass", "考试考评合格"
    ASSESSMENT_FAIL = "assessment_fail", "考试考评不合格"
    ASSIGN = "assign", "分配评审组"
    UNASSIGN = "unassign", "撤回分组"
    PASS_REVIEW = "pass_review", "评审表决通过"
    FAIL_REVIEW = "fail_review", "评审表决未通过"
    PUBLISH = "publish", "公示评审结果"
    CLEAR = "clear", "公示期满无异议"
    CANCEL = "cancel", "取消评审资格"
    APPROVE = "approve", "审批通过"
    DECLINE = "decline", "审批不通过"
    CERTIFY = "certify", "发放电子证书"
    REVOKE = "revoke", "撤销资格"


class EvaluationRules(models.Model):
    """A plan's rules for the road after qualification, as data (DESIGN.md §4.8).

    Saved the first time the committee office saves its rules; until then services read the defaults below.
    """

    class VoteBase(models.TextChoices):
        PRESENT = "present", "出席人数"
        MEMBERS = "members", "评委总人数"

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="evaluation_rules", verbose_name="申报计划"
    )
    # Fees (seed 000 附件1 8; seed 001 附件2 7: 在规定时间内缴纳评审费).
    payment_working_days = models.PositiveSmallIntegerField(
        "缴费期限（工作日）",
        default=10,
        help_text="资格审查通过后多少个工作日内缴费；填写了缴费截止日期时以截止日期为准。",
    )
    fee_deadline = models.DateField("缴费截止日期", null=True, blank=True)
    online_payment = models.BooleanField("开通网上缴费", default=True)
    offline_payment = models.BooleanField("接受线下缴费（评委会办公室收取）", default=True)
    fee_collector = models.CharField(
        "收费单位", max_length=100, blank=True, help_text="收据上的收款单位；不填时为评委会组建单位。"
    )
    # Expert review.
    blind_review = models.BooleanField(
        "盲审（专家看不到姓名、身份证号、手机号、工作单位、照片）", default=True
    )
    conflict_years = models.PositiveSmallIntegerField(
        "回避年限", default=3, help_text="专家近几年内在申报人现单位任职的，自动列为需回避。"
    )
    scoring_form = models.JSONField("评分表", default=list, blank=True)
    scoring_due = models.DateField("专家评分截止日期", null=True, blank=True)
    reminder_working_days = models.PositiveSmallIntegerField("截止前几个工作日提醒专家", default=2)
    # Meeting vote (seed 003 附件7 花名册: 总人数 / 出席人数 / 赞成数 / 反对数).
    quorum_numerator = models.PositiveSmallIntegerField("出席人数下限（分子）", default=2)
    quorum_denominator = models.PositiveSmallIntegerField("出席人数下限（分母）", default=3)
    pass_numerator = models.PositiveSmallIntegerField("赞成票下限（分子）", default=2)
    pass_denominator = models.PositiveSmallIntegerField("赞成票下限（分母）", default=3)
    pass_base = models.CharField(
        "赞成票比例的基数", max_length=8, choices=VoteBase.choices, default=VoteBase.PRESENT
    )

    # The order of the last steps (seed 000 五: 温州 approves first, then publishes the approved results).
    class ResultsOrder(models.TextChoices):
        PUBLICITY_FIRST = "publicity_first", "先公示评审结果，公示无异议后报人社部门审批"
        APPROVAL_FIRST = "approval_first", "先报人社部门审批，审批结果公示无异议后发文发证"

    results_order = models.CharField(
        "结果公示与审批的顺序",
        max_length=16,
        choices=ResultsOrder.choices,
        default=ResultsOrder.PUBLICITY_FIRST,
    )
    # Results publicity (seed 001 三(三): 不少于五个工作日).
    publicity_working_days = models.PositiveSmallIntegerField("评审结果公示工作日数", default=5)
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        verbose_name = "评审规则"
        verbose_name_plural = "评审规则"
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0, pass_denominator__gt=0),
                name="rules_denominators_positive",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=F("quorum_denominator"))
                & Q(pass_numerator__lte=F("pass_denominator"))
                & Q(pass_numerator__gt=0),
                name="rules_fractions_at_most_one",
            ),
            models.CheckConstraint(condition=Q(publicity_working_days__gte=5), name="rules_publicity_5_days"),
            models.CheckConstraint(
                condition=Q(payment_working_days__gte=1), name="rules_payment_days_positive"
            ),
        ]

    def __str__(self):
        return f"{self.plan} 评审规则"


class EvaluationCase(models.Model):
    """One qualified application on its way to a certificate. Status changes only in machine.transition()."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="evaluation", verbose_name="申报"
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="evaluation_cases", verbose_name="评审方案"
    )
    level = models.CharField("申报级别", max_length=20)
    specialty = models.CharField("专业", max_length=50, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.AWAITING_PAYMENT, db_index=True
    )
    version = models.PositiveIntegerField(default=0, verbose_name="版本号")
    fee_amount = models.DecimalField("评审费（元）", max_digits=8, decimal_places=2)
    fee_deadline = models.DateField("缴费截止日期")
    panel = models.ForeignKey(
        "Panel", null=True, blank=True, on_delete=models.PROTECT, related_name="cases", verbose_name="评审组"
    )
    opened_at = models.DateTimeField("资格审查通过后开始时间")
    status_changed_at = models.DateTimeField("状态变更时间")

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "评审案卷"
        verbose_name_plural = "评审案卷"
        constraints = [
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="case_fee_not_negative"),
            models.CheckConstraint(
                condition=~Q(status="under_review") | Q(panel__isnull=False),
                name="case_under_review_has_panel",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="case_plan_status_idx")]

    def __str__(self):
        return f"评审案卷 {self.code}"

    @property
    def code(self) -> str:
        """The case's number for experts and the office: the year it opened and its key, no personal data
        (blind review), and no join needed to print it in a list."""
        return f"{timezone.localtime(self.opened_at).year}-{self.pk:05d}"

    @property
    def history(self):
        """This case's rows of the application's one history (applications.StatusHistory)."""
        return StatusHistory.objects.filter(application_id=self.application_id, machine=Lifecycle.EVALUATION)

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level in Level.values else self.level
