"""From 资格审查通过 to the HR bureau's approval: the evaluation of one qualified application.

The review chain's table (applications/workflow.py) ends at "qualified". What follows is a separate
aggregate, ``EvaluationCase``, whose status moves by its own table (``machine.py``) through the same one
engine (applications/engine.py): fees, assessments, the expert panel's scoring and vote, the results' 公示
and the bureau's approval. Its moves are rows of the application's one history (``case.history``).
Every other table here is a record beside the case, written by the services in ``services/``.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhicheng.core.fields import EncryptedCharField


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
        from django.utils import timezone

        return f"{timezone.localtime(self.opened_at).year}-{self.pk:05d}"

    @property
    def history(self):
        """This case's rows of the application's one history (applications.StatusHistory)."""
        from zhicheng.applications.models import Lifecycle, StatusHistory

        return StatusHistory.objects.filter(application_id=self.application_id, machine=Lifecycle.EVALUATION)

    @property
    def level_label(self) -> str:
        from zhicheng.plans.models import Level

        return Level(self.level).label if self.level in Level.values else self.level


# --------------------------------------------------------------------------- fees


class Provider(models.TextChoices):
    OFFLINE = "offline", "线下缴费（评委会办公室收取）"
    SANDBOX = "sandbox", "网上缴费（沙箱支付）"


class PaymentOrder(models.Model):
    """An online payment started by the applicant; the provider's callback names it by order number."""

    class Status(models.TextChoices):
        OPEN = "open", "待支付"
        PAID = "paid", "已支付"
        CLOSED = "closed", "已关闭"

    case = models.ForeignKey(EvaluationCase, on_delete=models.PROTECT, related_name="orders")
    order_number = models.CharField("订单号", max_length=40, unique=True)
    provider = models.CharField("支付方式", max_length=12, choices=Provider.choices)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "支付订单"
        verbose_name_plural = "支付订单"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive")]


class Payment(models.Model):
    """A fee received. The unique order number is what makes five deliveries of one callback one payment."""

    case = models.ForeignKey(
        EvaluationCase, on_delete=models.PROTECT, related_name="payments", verbose_name="评审案卷"
    )
    provider = models.CharField("缴费方式", max_length=12, choices=Provider.choices)
    order_number = models.CharField("订单号", max_length=40, unique=True)
    receipt_number = models.CharField("收据编号", max_length=40, unique=True)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    paid_at = models.DateTimeField("缴费时间")
    transaction_id = models.CharField("支付流水号", max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    recorded_at = models.DateTimeField(verbose_name="录入时间")
    # A second payment for a case already paid, or money arriving after the deadline, is kept
    # (the money was taken) and flagged for refund instead of being lost or counted twice.
    refund_due = models.BooleanField("待退款", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["-paid_at", "-id"]
        verbose_name = "评审费缴费记录"
        verbose_name_plural = "评审费缴费记录"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(refund_due=False), name="one_effective_payment_per_case"
            ),
        ]


class PaymentCallback(models.Model):
    """Every callback delivery as it arrived, accepted or not (SECURITY.md 23)."""

    class Outcome(models.TextChoices):
        RECORDED = "recorded", "已入账"
        DUPLICATE = "duplicate", "重复通知"
        IGNORED = "ignored", "非成功状态，忽略"
        REFUSED = "refused", "签名无效，拒绝"
        MISMATCH = "mismatch", "金额不符，拒绝"
        UNKNOWN = "unknown", "订单不存在"

    provider = models.CharField(max_length=12, choices=Provider.choices, verbose_name="支付方式")
    received_at = models.DateTimeField(db_index=True, verbose_name="接收时间")
    order_number = models.CharField(max_length=40, blank=True, db_index=True, verbose_name="订单号")
    notify_id = models.CharField(max_length=64, blank=True, verbose_name="通知编号")
    trade_status = models.CharField(max_length=24, blank=True, verbose_name="交易状态")
    signature_ok = models.BooleanField(verbose_name="签名有效")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, verbose_name="处理结果")
    body_sha256 = models.CharField(max_length=64, verbose_name="报文摘要（SHA-256）")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "支付回调记录"
        verbose_name_plural = "支付回调记录"


# --------------------------------------------------------------------------- assessments


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


# --------------------------------------------------------------------------- experts


class ExpertProfile(models.Model):
    """An expert in a committee's pool (评审专家库)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_profile",
        verbose_name="专家账号",
    )
    committee = models.ForeignKey(
        "organizations.Committee",
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name="所属评委会专家库",
    )
    specialty = models.CharField("专业", max_length=50)
    level = models.CharField("职称级别", max_length=20)
    title = models.CharField("职称名称", max_length=50)
    organization_name = models.CharField("工作单位", max_length=100)
    employer = models.ForeignKey(
        "organizations.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="工作单位（平台内）",
    )
    active = models.BooleanField("在库", default=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        ordering = ["committee", "specialty", "id"]
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"

    def __str__(self):
        return f"{self.user.real_name}（{self.specialty}）"


class ExpertAffiliation(models.Model):
    """Where the expert worked before: the basis of "same organisation in the last N years"."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="affiliations")
    organization_name = models.CharField("单位名称", max_length=100)
    employer = models.ForeignKey("organizations.Employer", null=True, blank=True, on_delete=models.SET_NULL)
    start_year = models.PositiveSmallIntegerField("起始年份")
    end_year = models.PositiveSmallIntegerField("结束年份", null=True, blank=True)

    class Meta:
        ordering = ["expert", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="affiliation_ordered",
            )
        ]


class ExpertRelation(models.Model):
    """A person the expert must not judge (亲属、师生等), declared in the profile."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        KIN = "kin", "直系血亲或近姻亲"
        TEACHER = "teacher", "师生关系"
        COLLEAGUE = "colleague", "合作研究或同一项目组"
        OTHER = "other", "其他利害关系"

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("关系", max_length=12, choices=Kind.choices)
    person_name = models.CharField("姓名", max_length=50)
    id_number = EncryptedCharField("身份证号", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["expert", "id"]

    def save(self, *args, **kwargs):
        from zhicheng.core import crypto

        self.id_number_index = crypto.blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)


class Panel(models.Model):
    """评审组: experts formed for a plan or one specialty group of it."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="panels")
    name = models.CharField("评审组名称", max_length=60)
    specialty_group = models.CharField("专业组", max_length=60, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "评审组"
        verbose_name_plural = "评审组"
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="panel_name_once_per_plan")]

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="memberships")
    is_chair = models.BooleanField("组长", default=False)

    class Meta:
        ordering = ["panel", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="expert_once_per_panel"),
            models.UniqueConstraint(fields=["panel"], condition=Q(is_chair=True), name="one_chair_per_panel"),
        ]


class ConflictOfInterest(models.Model):
    """回避: found automatically or declared by the expert. An active one hides the case from the expert."""

    class Source(models.TextChoices):
        SAME_EMPLOYER = "same_employer", "与申报人同一工作单位"
        PAST_EMPLOYER = "past_employer", "近年曾在申报人现单位工作"
        RELATION = "relation", "与申报人有登记的亲属或利害关系"
        DECLARED = "declared", "专家本人申请回避"

    class Status(models.TextChoices):
        ACTIVE = "active", "回避"
        DISMISSED = "dismissed", "经核实无需回避"

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="conflicts")
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    detail = models.CharField("说明", max_length=300)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    found_at = models.DateTimeField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_reason = models.CharField("核实说明", max_length=300, blank=True)

    class Meta:
        ordering = ["case", "expert", "source"]
        verbose_name = "回避记录"
        verbose_name_plural = "回避记录"
        constraints = [
            models.UniqueConstraint(fields=["case", "expert", "source"], name="conflict_once_per_source"),
            models.CheckConstraint(
                condition=Q(status="active") | (~Q(dismissed_reason="") & Q(dismissed_at__isnull=False)),
                name="dismissed_conflict_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="declared") | Q(status="active"), name="declared_conflict_not_dismissed"
            ),
        ]
        indexes = [models.Index(fields=["expert", "status"], name="conflict_expert_idx")]


# --------------------------------------------------------------------------- scoring and votes


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


class Meeting(models.Model):
    """评审会议: the panel meets, attendance is taken and the members vote on each case."""

    class Status(models.TextChoices):
        OPEN = "open", "表决中"
        CLOSED = "closed", "已结束"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=150)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "评审会议"
        verbose_name_plural = "评审会议"
        constraints = [
            models.UniqueConstraint(
                fields=["panel"], condition=Q(status="open"), name="one_open_meeting_per_panel"
            )
        ]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="attend_once")]


class Vote(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", "赞成"
        NO = "no", "反对"
        ABSTAIN = "abstain", "弃权"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="votes")
    case = models.ForeignKey(EvaluationCase, on_delete=models.PROTECT, related_name="votes")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField("表决意见", max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = "表决票"
        verbose_name_plural = "表决票"
        constraints = [
            # SECURITY.md 7: each expert votes once on a case at a meeting; a second ballot is refused by the database.
            models.UniqueConstraint(fields=["meeting", "case", "expert"], name="one_vote_per_expert")
        ]


class VoteTally(models.Model):
    """The computed result of one case's vote at one meeting (the 花名册's 总人数/出席人数/赞成数/反对数)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tallies")
    case = models.ForeignKey(EvaluationCase, on_delete=models.PROTECT, related_name="tallies")
    members = models.PositiveSmallIntegerField("评委总人数")
    present = models.PositiveSmallIntegerField("出席人数")
    yes = models.PositiveSmallIntegerField("赞成数")
    no = models.PositiveSmallIntegerField("反对数")
    abstain = models.PositiveSmallIntegerField("弃权数")
    quorum_met = models.BooleanField("达到出席人数要求")
    passed = models.BooleanField("表决通过")
    rule = models.CharField("表决规则", max_length=200)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "-closed_at"]
        verbose_name = "表决结果"
        verbose_name_plural = "表决结果"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="one_tally_per_meeting_and_case"),
            models.CheckConstraint(
                condition=Q(present__lte=F("members")), name="tally_present_within_members"
            ),
            models.CheckConstraint(
                condition=Q(yes=F("present") - F("no") - F("abstain")), name="tally_votes_add_up"
            ),
            models.CheckConstraint(
                condition=Q(passed=False) | Q(quorum_met=True), name="tally_pass_needs_quorum"
            ),
        ]


# --------------------------------------------------------------------------- results, approval


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
