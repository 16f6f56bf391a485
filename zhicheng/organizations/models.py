from django.conf import settings
from django.db import models
from django.db.models import Q

# 浙人专〔2007〕57号 categories, as seed 003 附件7 note 5 lists them.
EMPLOYER_NATURES = [
    ("机关", "机关"),
    ("社会公益类事业单位", "社会公益类事业单位"),
    ("监督管理类事业单位", "监督管理类事业单位"),
    ("中介服务类事业单位", "中介服务类事业单位"),
    ("生产经营类事业单位", "生产经营类事业单位"),
    ("国有企业", "国有企业"),
    ("集体企业", "集体企业"),
    ("私营企业和个体工商户", "私营企业和个体工商户"),
    ("外商投资企业", "外商投资企业"),
    ("港澳台投资企业", "港澳台投资企业"),
    ("其它类企业", "其它类企业"),
]


class Region(models.Model):
    """Administrative divisions by GB/T 2260 code; a code prefix is a jurisdiction."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县（市、区）"

    code = models.CharField("行政区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级地区",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self):
        return self.full_name

    @property
    def prefix(self) -> str:
        return {"province": self.code[:2], "city": self.code[:4]}.get(self.level, self.code)

    @property
    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.prefix)


class Organization(models.Model):
    class Kind(models.TextChoices):
        EMPLOYER = "employer", "用人单位"
        DEPARTMENT = "department", "主管部门"
        COMMITTEE = "committee", "评审委员会"
        HR_BUREAU = "hr_bureau", "人力资源和社会保障局"
        PLATFORM = "platform", "平台运营"

    class DepartmentKind(models.TextChoices):
        HRSS = "hrss", "人力社保部门"
        EIT = "eit", "经信部门"
        # A 学会 that reviews qualifications as one of the levels (seed 000 五1: 市机械工程学会).
        SOCIETY = "society", "学会（行业协会）"
        OTHER = "other", "其他主管部门"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices, db_index=True)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name="所在地区")
    department_kind = models.CharField(
        "主管部门类别", max_length=8, choices=DepartmentKind.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="department", department_kind__gt="") | ~Q(kind="department"),
                name="department_has_kind",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def level(self) -> str:
        return self.region.level


class Employer(models.Model):
    """A 用人单位 (legal person) and its onboarding state (委托证明 approval)."""

    class Status(models.TextChoices):
        AWAITING_LETTER = "awaiting_letter", "待上传委托证明"
        PENDING = "pending", "待平台审核"
        APPROVED = "approved", "审核通过"
        REJECTED = "rejected", "审核不通过"

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="employer", verbose_name="组织"
    )
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    nature = models.CharField("单位性质", max_length=20, choices=EMPLOYER_NATURES)
    contact_name = models.CharField("经办人姓名", max_length=50)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.AWAITING_LETTER, db_index=True
    )
    letter = models.FileField("委托证明扫描件", upload_to="employer-letters/", blank=True)
    letter_uploaded_at = models.DateTimeField(null=True, blank=True, verbose_name="证明函上传时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name="审核时间")
    reject_reason = models.CharField("不通过原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | Q(reject_reason__gt=""),
                name="employer_rejection_has_reason",
            )
        ]

    def __str__(self):
        return self.organization.name

    @property
    def name(self) -> str:
        return self.organization.name


class Committee(models.Model):
    class Level(models.TextChoices):
        JUNIOR = "junior", "初级评委会"
        INTERMEDIATE = "intermediate", "中级评委会"
        SENIOR = "senior", "高级评委会"

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="committee",
        verbose_name="组织",
    )
    series = models.CharField("系列", max_length=50, default="工程系列")
    level = models.CharField("评委会级别", max_length=16, choices=Level.choices)
    specialties = models.JSONField("评审专业", default=list)
    organizer = models.CharField("组建单位", max_length=100)
    hr_bureau = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="committees",
        limit_choices_to={"kind": "hr_bureau"},
        verbose_name="核准人社部门",
    )
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "评审委员会"
        verbose_name_plural = "评审委员会"

    def __str__(self):
        return self.organization.name
