from django.conf import settings
from django.db import models


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class EducationLevel(models.TextChoices):
    # Values follow the eligibility profile schema; labels follow seed 003 附件7 note 6.
    DOCTORATE = "doctorate", "研究生（博士）"
    MASTER = "master", "研究生（硕士）"
    SECOND_BACHELOR = "second_bachelor", "第二学士学位"
    BACHELOR = "bachelor", "大学本科"
    JUNIOR_COLLEGE = "junior_college", "大学专科"
    TECHNICAL_SECONDARY = "technical_secondary", "中专"
    HIGH_SCHOOL = "high_school", "高中及以下"


class PersonalInfo(models.Model):
    """个人基本信息: what the applicant keeps once and every application reuses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="personal_info"
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
    degree = models.CharField("最高学位", max_length=30, blank=True)
    photo = models.ImageField("默认证件照", upload_to="photos/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "个人基本信息"
        verbose_name_plural = "个人基本信息"

    def __str__(self):
        return self.user.masked_name
