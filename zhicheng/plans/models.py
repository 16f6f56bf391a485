from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhicheng.organizations.models import Organization


class Level(models.TextChoices):
    TECHNICIAN = "technician", "员级（技术员）"
    ASSISTANT = "assistant", "助理级（助理工程师）"
    INTERMEDIATE = "intermediate", "中级（工程师）"
    ASSOCIATE_SENIOR = "associate_senior", "副高级（高级工程师）"
    SENIOR = "senior", "正高级（正高级工程师）"


TITLE_FOR_LEVEL = {
    "technician": "技术员",
    "assistant": "助理工程师",
    "intermediate": "工程师",
    "associate_senior": "高级工程师",
    "senior": "正高级工程师",
}


class DeclarationType(models.TextChoices):
    NORMAL = "normal", "正常申报"
    DIRECT = "direct", "直接申报"
    EXCEPTIONAL = "exceptional", "破格申报"
    SKIP_LEVEL = "skip_level", "越级申报"
    TRANSFER = "transfer", "转评"
    SKILLED = "skilled", "技能人才贯通"


class StageKind(models.TextChoices):
    EMPLOYER = "employer", "用人单位审核"
    COUNTY = "county", "县级主管部门审核"
    CITY = "city", "市级主管部门审核"
    PROVINCE = "province", "省级主管部门审核"
    COMMITTEE_OFFICE = "committee_office", "评委会办公室资格审查"


# A department review sits at a region level (the kind above); these may occur any number of times in a
# plan, each held by a named kind of office (seed 000 五1: 县级人力社保部门 → 市机械工程学会 → 市人力社保局).
DEPARTMENT_STAGE_KINDS = (StageKind.COUNTY, StageKind.CITY, StageKind.PROVINCE)
SINGLE_STAGE_KINDS = (StageKind.EMPLOYER, StageKind.COMMITTEE_OFFICE)
LEVEL_WORD = {StageKind.COUNTY: "县级", StageKind.CITY: "市级", StageKind.PROVINCE: "省级"}


DEFAULT_WATERMARK = settings.PLATFORM_OFFICIAL_NAME
DEFAULT_ROSTER_TITLE = "评委会评审对象资格审查花名册"


class ReviewFormPaper(models.TextChoices):
    A4 = "A4", "A4纸打印"
    A3 = "A3", "A3纸正反面打印后中缝装订"


class ReviewFormRelease(models.TextChoices):
    """The step after which the applicant may print the 评审表 (the notice names it)."""

    SUBMITTED = "submitted", "提交申报后"
    EMPLOYER_APPROVED = "employer_approved", "用人单位审核通过后"
    QUALIFIED = "qualified", "评委会办公室资格审核通过后"


class Plan(models.Model):
    """A 申报计划: who may apply, when, through which chain of reviewers, under which rule set."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        CLOSED = "closed", "已结束"

    class Resubmit(models.TextChoices):
        RETURNING_STAGE = "returning_stage", "退回后重新提交至退回环节"
        START = "start", "退回后重新提交至第一环节"

    year = models.PositiveIntegerField("年度")
    name = models.CharField("计划名称", max_length=120)
    committee = models.ForeignKey(
        "organizations.Committee", on_delete=models.PROTECT, related_name="plans", verbose_name="评审委员会"
    )
    series = models.CharField("系列", max_length=50, default="工程系列")
    specialty = models.CharField("评审专业", max_length=50)
    levels = models.JSONField("申报级别", default=list)
    allowed_specialties = models.JSONField("可申报从事专业", default=list, blank=True)
    excluded_specialties = models.JSONField("不受理的专业", default=list, blank=True)
    declaration_types = models.JSONField("可选申报类型", default=list)
    intake_departments = models.ManyToManyField(
        "organizations.Organization",
        related_name="intake_plans",
        blank=True,
        limit_choices_to={"kind": "department"},
        verbose_name="受理点",
    )
    ruleset_id = models.CharField("资格条件规则集", max_length=64, blank=True)
    seniority_cutoff = models.DateField("资历计算截止日")
    achievements_cutoff = models.DateField("业绩材料截止日", null=True, blank=True)
    apply_start = models.DateField("个人申报开始")
    apply_end = models.DateField("个人申报截止")
    employer_deadline = models.DateField("单位审核截止", null=True, blank=True)
    department_deadline = models.DateField("主管部门推荐截止", null=True, blank=True)
    paper_start = models.DateField("原件核查/纸质材料开始", null=True, blank=True)
    paper_end = models.DateField("原件核查/纸质材料截止", null=True, blank=True)
    review_start = models.DateField("评审开始", null=True, blank=True)
    review_end = models.DateField("评审结束", null=True, blank=True)
    resubmit_to = models.CharField(
        "退回后重新提交", max_length=20, choices=Resubmit.choices, default=Resubmit.RETURNING_STAGE
    )
    suggested_max_achievements = models.PositiveSmallIntegerField("建议业绩条数上限", default=5)
    # How the notice wants the 评审表 printed and when (seed 000 四(一), seed 001 附件2 二8 and
    # 附件4, seed 002 附件2 二1, seed 003 附件5 一2): printed on the form's cover.
    review_form_copies = models.PositiveSmallIntegerField("评审表份数", default=2)
    review_form_paper = models.CharField(
        "评审表纸张", max_length=2, choices=ReviewFormPaper.choices, default=ReviewFormPaper.A4
    )
    watermark = models.CharField("评审表水印文字", max_length=60, default=DEFAULT_WATERMARK)
    review_form_after = models.CharField(
        "申报人可打印评审表",
        max_length=20,
        choices=ReviewFormRelease.choices,
        default=ReviewFormRelease.SUBMITTED,
    )
    representative_is_writing = models.BooleanField(
        "代表作须为论文、著作或技术报告",
        default=False,
        help_text="通知要求在任现职以来的著作、论文、项目可行性研究设计报告中确定一篇代表作的，勾选",
    )
    roster_title = models.CharField(
        "花名册标题", max_length=60, blank=True, help_text=f"留空则为《{DEFAULT_ROSTER_TITLE}》"
    )
    notes = models.TextField("说明", blank=True)
    notice = models.ForeignKey(
        "portal.Notice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        verbose_name="通知文件",
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        ordering = ["-year", "-apply_start"]
        verbose_name = "申报计划"
        verbose_name_plural = "申报计划"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "name"], name="plan_unique_name_per_committee_year"
            ),
            models.CheckConstraint(
                condition=Q(apply_end__gte=models.F("apply_start")), name="plan_apply_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(review_form_copies__gte=1) & Q(review_form_copies__lte=10),
                name="plan_review_form_copies_sane",
            ),
        ]

    def __str__(self):
        return self.name

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.PUBLISHED and self.apply_start <= today <= self.apply_end

    @property
    def review_form_copies_label(self) -> str:
        """e.g. 一式2份，A3纸正反面打印后中缝装订 — printed on the cover and the mailing list."""
        return f"一式{self.review_form_copies}份，{ReviewFormPaper(self.review_form_paper).label}"

    @property
    def roster_heading(self) -> str:
        return self.roster_title or DEFAULT_ROSTER_TITLE

    @property
    def level_labels(self) -> list[str]:
        return [TITLE_FOR_LEVEL.get(level, level) for level in self.levels]

    @property
    def declaration_type_labels(self) -> list[str]:
        return [DeclarationType(t).label for t in self.declaration_types if t in DeclarationType.values]


class PlanStage(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stages", verbose_name="申报计划")
    order = models.PositiveSmallIntegerField("顺序")
    kind = models.CharField("环节", max_length=20, choices=StageKind.choices)
    # Department reviews only: which kind of office holds the step (人社, 经信, 学会…), or the one
    # organisation the notice names; neither set means any department of that level.
    office_kind = models.CharField(
        "审核单位类别",
        max_length=8,
        blank=True,
        choices=Organization.DepartmentKind.choices,
        help_text="主管部门审核环节：由哪一类部门审核；留空表示该层级的任一主管部门",
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_plan_stages",
        limit_choices_to={"kind": "department"},
        verbose_name="指定审核单位",
        help_text="通知指定由某一单位审核时选择（如市机械工程学会）；留空则按申报人所在地区分派",
    )
    non_public_direct = models.BooleanField(
        "无主管部门的非公企业直接报送",
        default=False,
        help_text="勾选后，未选择受理点的民营等非公企业申报人跳过本环节（如温岭通知三）",
    )
    title = models.CharField("环节名称", max_length=40, blank=True, help_text="如：资格审查；留空用默认名称")
    deadline = models.DateField("本环节截止", null=True, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="stage_order_unique"),
            # The employer and the committee office review once; department reviews any number of times.
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=Q(kind__in=["employer", "committee_office"]),
                name="stage_kind_once_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["county", "city", "province"])
                | (Q(office_kind="") & Q(organization__isnull=True) & Q(non_public_direct=False)),
                name="stage_office_only_for_departments",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_department(self) -> bool:
        return self.kind in DEPARTMENT_STAGE_KINDS

    @property
    def holder_label(self) -> str:
        """Who holds the step, in the notice's words: 县级人力社保部门, 温州市机械工程学会, 评委会办公室."""
        if not self.is_department:
            return {StageKind.EMPLOYER: "用人单位", StageKind.COMMITTEE_OFFICE: "评委会办公室"}[self.kind]
        if self.organization_id:
            return self.organization.name
        office = Organization.DepartmentKind(self.office_kind).label if self.office_kind else "主管部门"
        return f"{LEVEL_WORD[self.kind]}{office}"

    @property
    def label(self) -> str:
        if not self.is_department:
            return self.title or self.get_kind_display()
        return f"{self.holder_label}{self.title or '审核'}"


class PlanFee(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="fees", verbose_name="申报计划")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    amount = models.DecimalField("评审费（元）", max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = "评审收费"
        verbose_name_plural = "评审收费"
        constraints = [
            models.UniqueConstraint(fields=["plan", "level"], name="fee_once_per_level"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_not_negative"),
        ]


class AttachmentCondition(models.TextChoices):
    """Of whom a notice asks an attachment: a small vocabulary evaluated against the application
    by ``plans.requirements`` (the notices' own words: "如在外省交纳社保的", "事业单位申报人员",
    "破格晋升人员")."""

    EVERYONE = "", "所有申报人员"
    OUT_OF_PROVINCE_INSURANCE = "out_of_province_insurance", "有省外缴纳社保记录的人员"
    PUBLIC_INSTITUTION = "public_institution", "事业单位人员"
    EXCEPTIONAL = "exceptional", "破格申报人员"
    EXCEPTIONAL_OR_SKIP_LEVEL = "exceptional_or_skip_level", "破格、越级申报人员"
    SKIP_LEVEL = "skip_level", "越级申报人员"
    SKILLED = "skilled", "技能人才申报人员"
    TRANSFER = "transfer", "转评人员"


class AttachmentDelivery(models.TextChoices):
    """How and when the material reaches the office: only uploads are checked at 提交."""

    UPLOAD = "upload", "网上上传（提交时检查）"
    PAPER_AFTER_PASS = "paper_after_pass", "评审通过后邮寄纸质材料"
    PAPER_AT_INTERVIEW = "paper_at_interview", "参加面试时提交纸质材料"


class PlanAttachment(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="attachments", verbose_name="申报计划"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("附件名称", max_length=100)
    required = models.BooleanField("必须上传", default=True)
    condition = models.CharField(
        "适用人员", max_length=32, choices=AttachmentCondition.choices, default="", blank=True
    )
    condition_years = models.PositiveSmallIntegerField(
        "适用年限（近N年内）",
        null=True,
        blank=True,
        help_text="仅对“有省外缴纳社保记录的人员”有效：如近1年内、近3年内；留空表示不限年限",
    )
    delivery = models.CharField(
        "报送方式", max_length=20, choices=AttachmentDelivery.choices, default=AttachmentDelivery.UPLOAD
    )
    clause = models.CharField("通知依据", max_length=100, blank=True, help_text="如：附件2 二5(3)")
    note = models.CharField("说明", max_length=200, blank=True)
    allowed_types = models.JSONField("允许格式", default=list)  # subset of ["pdf", "jpeg", "png"]
    max_mb = models.PositiveSmallIntegerField("大小上限（MB）", default=10)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = "所需附件"
        verbose_name_plural = "所需附件"
        constraints = [
            models.CheckConstraint(
                condition=Q(max_mb__gte=1) & Q(max_mb__lte=50), name="attachment_size_sane"
            )
        ]

    @property
    def applies_to(self) -> str:
        """适用人员 as printed next to the attachment, e.g. 近1年内有省外缴纳社保记录的人员."""
        label = AttachmentCondition(self.condition).label
        if self.condition == AttachmentCondition.OUT_OF_PROVINCE_INSURANCE and self.condition_years:
            return f"近{self.condition_years}年内{label}"
        return label

    @property
    def allowed_labels(self) -> str:
        return "、".join({"pdf": "PDF", "jpeg": "JPG", "png": "PNG"}.get(t, t) for t in self.allowed_types)
