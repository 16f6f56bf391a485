"""Electronic certificates, paper certificate requests and integrity records (诚信档案)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhicheng.core.fields import EncryptedCharField
from zhicheng.core.masking import mask_phone


class Certificate(models.Model):
    """An e-certificate. ``payload`` is the exact signed text (canonical JSON); the other fields are
    copies of it for queries and pages. Revocation is a status beside the signature, checked online."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"

    number = models.CharField("证书编号", max_length=32, unique=True)
    case = models.OneToOneField(
        "evaluation.EvaluationCase",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name="评审案卷",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates", verbose_name="持证人"
    )
    name = models.CharField("姓名", max_length=50)
    id_number_masked = models.CharField("身份证号（部分隐藏）", max_length=24)
    series = models.CharField("系列", max_length=50)
    title = models.CharField("资格名称", max_length=50)
    level = models.CharField("级别", max_length=20)
    level_label = models.CharField("级别名称", max_length=30)
    specialty = models.CharField("专业", max_length=50)
    committee_name = models.CharField("评审委员会", max_length=100)
    issuer_name = models.CharField("发证机关", max_length=100)
    approval_document = models.CharField("审批文号", max_length=60)
    approved_on = models.DateField("审批日期")
    issued_on = models.DateField("发证日期")
    payload = models.TextField("签名内容")
    signature = models.CharField("数字签名（Base64）", max_length=120)
    key_id = models.CharField("签名密钥标识", max_length=32)
    pdf = models.FileField("证书文件", upload_to="certificates/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, verbose_name="PDF 摘要（SHA-256）")
    status = models.CharField(
        "状态", max_length=8, choices=Status.choices, default=Status.VALID, db_index=True
    )
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_reason = models.CharField("撤销原因", max_length=300, blank=True)
    created_at = models.DateTimeField(verbose_name="生成时间")

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = "电子证书"
        verbose_name_plural = "电子证书"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="valid", revoked_on__isnull=True)
                | Q(status="revoked", revoked_on__isnull=False) & ~Q(revoked_reason=""),
                name="certificate_revocation_complete",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class CertificateSequence(models.Model):
    """The next serial number per committee and year; the row lock orders concurrent issuing."""

    committee = models.ForeignKey("organizations.Committee", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_sequence_per_year")]


class PaperRequest(models.Model):
    """纸质证书申请换发: the holder asks, the office mails it and records the EMS number."""

    class Kind(models.TextChoices):
        FIRST = "first", "申领纸质证书"
        REISSUE = "reissue", "换发（遗失、损毁或信息变更）"

    class Status(models.TextChoices):
        REQUESTED = "requested", "待办理"
        MAILED = "mailed", "已寄出"

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="paper_requests", verbose_name="证书"
    )
    kind = models.CharField("申请类别", max_length=8, choices=Kind.choices)
    reason = models.CharField("申请说明", max_length=300, blank=True)
    recipient = models.CharField("收件人", max_length=50)
    phone = EncryptedCharField("收件人手机号码")
    address = models.CharField("邮寄地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(verbose_name="申请时间")
    ems_number = models.CharField("EMS 邮件号", max_length=20, blank=True)
    mailed_on = models.DateField("寄出日期", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="办理人",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "纸质证书申请"
        verbose_name_plural = "纸质证书申请"
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"], condition=Q(status="requested"), name="one_open_paper_request"
            ),
            models.CheckConstraint(
                condition=Q(status="requested") | (~Q(ems_number="") & Q(mailed_on__isnull=False)),
                name="mailed_request_has_ems",
            ),
            models.CheckConstraint(condition=Q(postcode__regex=r"^[0-9]{6}$"), name="paper_postcode_digits"),
        ]

    @property
    def masked_phone(self) -> str:

        return mask_phone(self.phone)


class IntegrityRecord(models.Model):
    """诚信档案: fraud found (seed 001 五; seed 002 五; seed 003 六(三)). The title is revoked and the
    person may not apply from the following year for three years (从评审次年起3年内不得申报)."""

    class Kind(models.TextChoices):
        # seed 003 六(三) 1–4
        FORGED = "forged", "伪造、变造证件、证明等申报材料"
        CONCEALED = "concealed", "违纪违法行为在申报材料上未有反映"
        FAKE_PAPER = "fake_paper", "冒名或在非法期刊上发表论文"
        PLAGIARISM = "plagiarism", "剽窃他人作品和学术成果"
        IMPROPER = "improper", "以其他不正当手段取得职称或严重违反评审规定"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integrity_records",
        verbose_name="当事人",
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="记录单位"
    )
    case = models.ForeignKey(
        "evaluation.EvaluationCase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="评审案卷",
    )
    certificate = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_records",
        verbose_name="证书",
    )
    kind = models.CharField("失信情形", max_length=12, choices=Kind.choices)
    description = models.TextField("查实情况")
    decided_on = models.DateField("认定日期")
    ban_from_year = models.PositiveSmallIntegerField("禁报起始年度")
    ban_until_year = models.PositiveSmallIntegerField("禁报截止年度")
    clause = models.CharField("依据", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField(verbose_name="录入时间")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "职称诚信档案"
        verbose_name_plural = "职称诚信档案"
        constraints = [
            models.CheckConstraint(
                condition=Q(ban_until_year=F("ban_from_year") + 2), name="integrity_ban_three_years"
            ),
            models.CheckConstraint(condition=~Q(description=""), name="integrity_described"),
        ]
