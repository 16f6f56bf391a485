"""The vocabularies the documents share (the archive's and the plans' codes in the forms' own words)
and the small parsers every source uses."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from zhicheng.applications.models import Status
from zhicheng.archive.kinds import KINDS
from zhicheng.plans.models import TITLE_FOR_LEVEL, StageKind

GENDER_LABEL = {"male": "男", "female": "女"}

# archive.EducationLevel → seed 003 附件7 注6. The archive keeps 博士/硕士 apart for the
# eligibility rules; the notice's list has one 研究生.
EDUCATION_FOR_LEVEL = {
    "doctorate": "研究生",
    "master": "研究生",
    "second_bachelor": "大学本科",
    "bachelor": "大学本科",
    "college": "大学专科",
    "technical_secondary": "中专",
    "high_school": "高中及以下",
}
# Highest first.
EDUCATION_RANK = (
    "doctorate",
    "master",
    "second_bachelor",
    "bachelor",
    "college",
    "technical_secondary",
    "high_school",
)
DEGREE_LABEL = {
    "bachelor_degree": "学士",
    "second_bachelor_degree": "第二学士",
    "master_degree": "硕士",
    "doctorate_degree": "博士",
}
TITLE_RANK = ("technician", "assistant", "intermediate", "associate_senior", "senior")
# plans.DeclarationType → data.DECLARATION_TYPES (the form's wording).
DECLARATION_LABEL = {
    "normal": "正常申报",
    "direct": "直接申报",
    "exceptional": "破格申报",
    "skip_level": "越级申报",
    "transfer": "转评",
    "skilled": "技能人才申报",
}
ASSESSMENT_LABEL = {
    "excellent": "优秀",
    "qualified": "合格",
    "basically_qualified": "基本合格",
    "unqualified": "不合格",
    "undetermined": "不确定等次",
}
# The 评审表's 类别 column is narrow: the archive's 24 achievement types in the form's words.
ACHIEVEMENT_CATEGORY = {
    "tech_award": "获奖",
    "product_award": "获奖",
    "design_award": "获奖",
    "consulting_award": "获奖",
    "construction_award": "获奖",
    "paper_award": "获奖",
    "skill_contest": "竞赛",
    "first_set_equipment": "首台套",
    "patent": "专利",
    "key_project": "项目",
    "research_project": "项目",
    "standard": "标准",
    "problem_solved": "技术攻关",
    "innovation_team": "团队",
    "paper": "论文",
    "book": "著作",
    "report": "技术报告",
    "tech_promotion": "技术推广",
    "renovation_plan": "技术方案",
    "tech_renovation": "技术改造",
    "service_task": "技术服务",
    "honour": "荣誉",
    "skill_honour": "荣誉",
    "high_level_talent": "人才",
}
GRADE_LABEL = {1: "一等奖", 2: "二等奖", 3: "三等奖"}
DEPARTMENT_STAGES = (StageKind.COUNTY, StageKind.CITY, StageKind.PROVINCE)
DEPARTMENT_LEVEL_TITLE = {
    StageKind.COUNTY: "县（市、区）主管部门意见",
    StageKind.CITY: "市级主管部门意见",
    StageKind.PROVINCE: "省级主管部门意见",
}
# Applications whose documents go forward: under review or 资格审查通过. Returned files are
# being changed, rejected ones go no further, drafts were never submitted.
ACTIVE_STATUSES = (Status.PENDING, Status.QUALIFIED)


# --------------------------------------------------------------------------- small parsers


def parse_date(value: Any) -> date | None:
    """Archive data keeps dates as ISO strings ("2012-06-30", months as "2012-07")."""
    if value is None or value == "":
        return None
    if type(value) is str and len(value) == 10:  # the common case, first: "2012-06-30"
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def birth_date_from_id(id_number: str) -> date | None:
    """The birth date an 18-digit resident ID number carries (GB 11643, digits 7–14)."""
    if len(id_number or "") != 18 or not id_number[6:14].isdigit():
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def as_decimal(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def qualification_name(level: str) -> str:
    return TITLE_FOR_LEVEL.get(level, level)


def declaration_label(value: str) -> str:
    return DECLARATION_LABEL.get(value or "normal", "正常申报")


def choice_label(kind: str, field_name: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    return dict(KINDS[kind].field(field_name).choices).get(value, str(value))
