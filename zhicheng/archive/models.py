"""个人基本信息 and 业绩档案.

Versioned rows, not snapshots: an ``Entry`` is the lasting thing ("my bachelor's degree"), each change
is a new immutable ``EntryVersion`` that the employer approves or returns. Applications point at the
exact versions they used (``applications.ApplicationEntry`` → ``EntryVersion``, PROTECT), so:

- an approved version never changes and never disappears while an application uses it — the reviewers
  read the same row the employer approved, with the same evidence files;
- a change after approval does not touch a submitted application, and the old approved version stays
  usable while the new one waits for the employer ("只有审核通过的业绩才能使用");
- no data is copied: a snapshot of every entry into every application (and every round) would
  duplicate evidence files and make "which version did the employer approve?" a comparison problem.

The fields of each kind live in ``kinds.py`` as data; ``EntryVersion.data`` holds them in the
eligibility profile's own names and units, validated by the generated forms.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class EducationLevel(models.TextChoices):
    # Values are the eligibility profile schema's; labels follow seed 003 附件7 note 6.
    DOCTORATE = "doctorate", "研究生（博士）"
    MASTER = "master", "研究生（硕士）"
    SECOND_BACHELOR = "second_bachelor", "第二学士学位"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    TECHNICAL_SECONDARY = "technical_secondary", "中专"
    HIGH_SCHOOL = "high_school", "高中及以下"


class Degree(models.TextChoices):
    NONE = "none", "无学位"
    BACHELOR = "bachelor_degree", "学士学位"
    SECOND_BACHELOR = "second_bachelor_degree", "第二学士学位"
    MASTER = "master_degree", "硕士学位"
    DOCTORATE = "doctorate_degree", "博士学位"


class Establishment(models.TextChoices):
    NONE = "none", "无编制（企业人员、非编人员）"
    CIVIL_SERVICE = "civil_service", "行政编制"
    CIVIL_SERVICE_MANAGED = "civil_service_managed", "参照公务员法管理"
    PUBLIC_INSTITUTION = "public_institution", "事业编制"


class EmployerCategory(models.TextChoices):
    # The profile's employer_type; blank means "derive it from the employer's 单位性质".
    PRIVATE = "private", "民营企业"
    STATE_OWNED = "state_owned", "国有企业"
    COLLECTIVE = "collective", "集体企业"
    FOREIGN = "foreign", "外资（港澳台资）企业"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    CIVIL_SERVICE_MANAGED_INSTITUTION = "civil_service_managed_institution", "参照公务员法管理的事业单位"
    CENTRAL_SOE_BRANCH = "central_soe_branch", "中央企业驻浙分支机构"
    PROVINCIAL_SOE = "provincial_soe", "省属国有企业"
    POWER_TRANSPORT_HIGHWAY_SOE = "power_transport_highway_soe", "电力、交通、公路国有企业"
    OTHER = "other", "其他"


class PoliticalStatus(models.TextChoices):
    CPC_MEMBER = "中共党员", "中共党员"
    CPC_PROBATIONARY = "中共预备党员", "中共预备党员"
    CYL_MEMBER = "共青团员", "共青团员"
    DEMOCRATIC_PARTY = "民主党派", "民主党派"
    NON_PARTISAN = "无党派人士", "无党派人士"
    MASSES = "群众", "群众"


class LanguageComputerResult(models.TextChoices):
    # seed 003 附件7 注9: 外语、计算机 are "合格" or "省线合格" (blank: none; 二(二)4 no longer requires them).
    QUALIFIED = "合格", "合格"
    PROVINCIAL_LINE = "省线合格", "省线合格"


class PersonalInfo(models.Model):
    """个人基本信息: what the applicant keeps once and every application reuses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="personal_info",
        verbose_name="用户",
    )
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    employer = models.ForeignKey(
        "organizations.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_infos",
        verbose_name="现工作单位",
    )
    department = models.CharField("所在部门", max_length=100, blank=True)
    post = models.CharField("岗位/职务", max_length=100, blank=True)
    work_start = models.DateField("参加工作时间", null=True, blank=True)
    education_level = models.CharField("最高学历", max_length=24, choices=EducationLevel.choices, blank=True)
    degree = models.CharField("最高学位", max_length=30, choices=Degree.choices, blank=True)
    specialty = models.CharField("现从事专业", max_length=50, blank=True)
    establishment = models.CharField(
        "编制情况", max_length=24, choices=Establishment.choices, default=Establishment.NONE
    )
    employer_category = models.CharField(
        "单位类别（资格条件用）", max_length=40, choices=EmployerCategory.choices, blank=True
    )
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=10, choices=PoliticalStatus.choices, blank=True
    )
    foreign_language = models.CharField(
        "职称外语", max_length=8, choices=LanguageComputerResult.choices, blank=True
    )
    computer = models.CharField(
        "计算机应用能力", max_length=8, choices=LanguageComputerResult.choices, blank=True
    )
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    annual_salary = models.DecimalField(
        "上年度年薪（含税，元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    annual_salary_year = models.PositiveSmallIntegerField("年薪所属年度", null=True, blank=True)
    photo = models.ImageField("默认证件照", upload_to="photos/", blank=True)
    photo_updated_at = models.DateTimeField(null=True, blank=True, verbose_name="照片更新时间")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        verbose_name = "个人基本信息"
        verbose_name_plural = "个人基本信息"
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{6}$"), name="personal_postcode_digits"
            )
        ]

    def __str__(self):
        return self.user.masked_name


class EvidenceFile(models.Model):
    """A checked, re-encoded file under a generated name; shared by the versions that cite it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="archive-evidence/")
    original_name = models.CharField("原文件名", max_length=120, blank=True)
    kind = models.CharField(max_length=8)  # pdf | jpeg | png
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self):
        return self.original_name or self.file.name


class Entry(models.Model):
    """One item of the archive across its versions."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="archive_entries",
        verbose_name="所有人",
    )
    kind = models.CharField("类别", max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name="删除时间")
    latest_version = models.ForeignKey(
        "EntryVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="最新版本",
    )
    approved_version = models.ForeignKey(
        "EntryVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="已审核版本",
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = "业绩档案条目"
        verbose_name_plural = "业绩档案条目"
        indexes = [models.Index(fields=["owner", "kind"], name="entry_owner_kind_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def kind_spec(self):
        # cycle: archive.kinds imports archive.models
        from .kinds import KINDS

        return KINDS[self.kind]


class EntryVersion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待单位审核"
        APPROVED = "approved", "审核通过"
        RETURNED = "returned", "退回修改"
        WITHDRAWN = "withdrawn", "已撤回"

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="versions", verbose_name="档案条目"
    )
    number = models.PositiveIntegerField("版本")
    data = models.JSONField("内容", default=dict)
    files = models.ManyToManyField(EvidenceFile, blank=True, related_name="versions", verbose_name="附件")
    status = models.CharField(
        "审核状态", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_org = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核单位",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name="审核时间")
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    review_data = models.JSONField("审核确认", default=dict, blank=True)  # e.g. 学信网核验 by the employer

    class Meta:
        ordering = ["entry", "number"]
        verbose_name = "业绩档案版本"
        verbose_name_plural = "业绩档案版本"
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="entry_version_number_unique"),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="pending"), name="entry_one_pending_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="entry_return_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "returned"]) | Q(reviewed_by__isnull=False),
                name="entry_decision_has_reviewer",
            ),
        ]

    def __str__(self):
        return f"{self.entry} v{self.number}"

    @property
    def kind_spec(self):
        return self.entry.kind_spec

    @property
    def merged_data(self) -> dict:
        return {**self.data, **self.review_data}

    @property
    def summary(self) -> str:
        # cycle: archive.kinds imports archive.models
        from .kinds import summary

        return summary(self.kind_spec, self.merged_data)

    @property
    def display_rows(self):
        # cycle: archive.kinds imports archive.models
        from .kinds import display_rows

        return display_rows(self.kind_spec, self.merged_data)
