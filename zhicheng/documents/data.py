"""Typed input for every printed or exported document.

Selectors (applications, review, organisations) fill these frozen dataclasses; the
renderers in ``pdf.py`` and ``roster.py`` never touch the ORM. That keeps the layout
code testable without a database and makes the contract between the apps explicit.

Closed vocabularies that the notices prescribe (单位性质, 最高学历, 外语/计算机 results)
are checked when the object is built, so a wrong value fails where it was produced
instead of surfacing as a wrong cell in a form a committee has already received.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.conf import settings

# seed 003 附件7 注5: 单位性质 as listed in 浙人专〔2007〕57号.
EMPLOYER_NATURES: tuple[str, ...] = (
    "机关",
    "社会公益类事业单位",
    "监督管理类事业单位",
    "中介服务类事业单位",
    "生产经营类事业单位",
    "国有企业",
    "集体企业",
    "私营企业和个体工商户",
    "外商投资企业",
    "港澳台投资企业",
    "其它类企业",
)

# seed 003 附件7 注6: 最高学历 is chosen from this list only.
EDUCATION_LEVELS: tuple[str, ...] = (
    "研究生",
    "研究生班",
    "大学本科",
    "大学普通班",
    "大学专科",
    "中专",
    "高中及以下",
)

# seed 003 附件7 注9: 外语、计算机 are "合格" or "省线合格"; empty when the applicant has none
# (seed 003 二(二)4: neither is a required condition any more).
LANGUAGE_COMPUTER_RESULTS: tuple[str, ...] = ("", "合格", "省线合格")

# DESIGN.md glossary: normal / direct / exceptional / skip_level / transfer / skilled.
DECLARATION_TYPES: tuple[str, ...] = ("正常申报", "直接申报", "破格申报", "越级申报", "转评", "技能人才申报")

# seed 003 附件7 注8: 从事专业 is printed on the certificate, at most six characters.
SPECIALTY_MAX_CHARS = 6

DEFAULT_PLATFORM_NAME = settings.PLATFORM_OFFICIAL_NAME

StageKind = Literal["employer", "department", "committee_office", "committee", "hr_bureau", "other"]
Hours = Decimal | int


def _check_choice(value: str, allowed: tuple[str, ...], what: str, *, blank: bool = False) -> None:
    # blank=True: an empty value means "not recorded" and prints an empty cell; a wrong
    # value is still refused. A 10,000-row roster should not fail because one applicant
    # never filled in a field, but it must never carry a value outside the notice's list.
    if blank and value == "":
        return
    if value not in allowed:
        raise ValueError(f"{what} 必须是 {'、'.join(a or '（空）' for a in allowed)} 之一，收到 {value!r}")


# --------------------------------------------------------------------------- shared parts


@dataclass(frozen=True, slots=True)
class EducationEntry:
    """One line of 学习经历; ``level`` is a 学历 from EDUCATION_LEVELS."""

    end: date
    school: str
    major: str
    level: str
    start: date | None = None
    degree: str = ""
    mode: str = ""  # 全日制 / 非全日制 (在职)

    def __post_init__(self) -> None:
        _check_choice(self.level, EDUCATION_LEVELS, "学历")


@dataclass(frozen=True, slots=True)
class WorkEntry:
    """One line of 工作经历 (also the 简历 of the 破格审批表); ``end`` None means 至今."""

    start: date
    employer: str
    work: str  # 从事何种专业技术工作 / 岗位
    end: date | None = None
    post: str = ""  # 职务


@dataclass(frozen=True, slots=True)
class TitleEntry:
    """A professional qualification held, and when it was appointed (聘任)."""

    name: str  # e.g. 助理工程师
    obtained_on: date
    issued_by: str = ""  # 审批（评审）机构
    appointed_on: date | None = None
    certificate_no: str = ""


@dataclass(frozen=True, slots=True)
class AnnualAssessment:
    """年度考核: seed 003 附件5 三4 wants one result per year, e.g. "2019合格"."""

    year: int
    result: str  # 优秀 / 合格 / 称职 / 基本合格 / 不合格
    employer: str = ""

    @property
    def label(self) -> str:
        return f"{self.year}{self.result}"


@dataclass(frozen=True, slots=True)
class ContinuingEducationYear:
    """继续教育学时 of one year, split the way the registries count them."""

    year: int
    general_hours: Hours = 0  # 一般公需科目
    industry_hours: Hours = 0  # 行业公需科目
    professional_hours: Hours = 0  # 专业科目
    registry: str = ""  # where the hours are registered

    @property
    def total(self) -> Decimal:
        return Decimal(self.general_hours) + Decimal(self.industry_hours) + Decimal(self.professional_hours)


@dataclass(frozen=True, slots=True)
class Achievement:
    """An 业绩档案 entry the applicant chose for this application."""

    category: str  # 论文 / 著作 / 获奖 / 专利 / 项目 / 标准 / 技术报告 / 其他
    title: str
    achieved_on: date | None = None
    role: str = ""  # 本人作用或排名, e.g. 第一作者, 主要完成人（2/5）
    level: str = ""  # 级别, e.g. 市（厅）级
    source: str = ""  # 刊物、授予单位或专利号
    representative: bool = False  # 代表作 (seed 001 附件2 二5(9), seed 002 附件2 二10, seed 003 附件5 二9)


@dataclass(frozen=True, slots=True)
class PublicityRecord:
    """The employer's internal 公示 (seed 002 三(三), ≥5 working days) as entered with its opinion."""

    start: date
    end: date
    result: str = "无异议"


@dataclass(frozen=True, slots=True)
class VoteTally:
    """表决结果 of a committee or of the lower committee (花名册 下一级评委会推荐评审情况)."""

    members: int  # 评委总数
    present: int  # 出席人数
    approve: int  # 赞成
    against: int  # 反对
    abstain: int = 0  # 弃权

    def __post_init__(self) -> None:
        if self.present > self.members or self.approve + self.against + self.abstain > self.present:
            raise ValueError("表决票数不能超过出席人数，出席人数不能超过评委总数")


@dataclass(frozen=True, slots=True)
class StageOpinion:
    """One reviewing body's opinion; an empty ``opinion`` prints a blank box to fill by hand."""

    kind: StageKind
    title: str  # the box's label, e.g. 所在单位意见
    organisation: str = ""
    opinion: str = ""
    decided_on: date | None = None
    signer: str = ""  # 负责人
    publicity: PublicityRecord | None = None  # employer stage only
    votes: VoteTally | None = None  # committee stage only
    conclusion: str = ""  # committee stage: 评审结论, e.g. 通过


# --------------------------------------------------------------------------- 评审表


@dataclass(frozen=True, slots=True)
class ApplicantDetails:
    name: str
    gender: str  # 男 / 女
    birth_date: date | None
    id_number: str
    phone: str
    employer: str
    employer_nature: str  # "" when the employer never recorded it (prints blank)
    department_position: str  # 工作部门及岗位
    work_start: date | None  # 参加工作时间
    specialty_years: int  # 专业工作年限 (seed 003 附件5 三3: 实足年限)
    ethnicity: str = ""
    political_status: str = ""
    administrative_post: str = ""  # 行政职务
    photo: bytes | None = None  # JPEG (or PNG) as stored by the archive, already re-encoded

    def __post_init__(self) -> None:
        _check_choice(self.employer_nature, EMPLOYER_NATURES, "单位性质", blank=True)


@dataclass(frozen=True, slots=True)
class ReviewFormData:
    """《专业技术职务任职资格评审表》 (seed 001 附件4, seed 002 附件2, seed 003 附件5)."""

    reference: str  # 申报编号
    year: int  # 申报年度
    committee: str  # 评审委员会
    series: str  # 系列, e.g. 工程
    specialty: str  # 从事（申报）专业
    qualification: str  # 申报专业技术资格, e.g. 工程师
    level: str  # 资格级别, e.g. 中级
    declaration_type: str
    applicant: ApplicantDetails
    current_qualification: TitleEntry | None
    current_post: str  # 现聘专业技术职务
    current_post_since: date | None
    education: tuple[EducationEntry, ...]
    work_history: tuple[WorkEntry, ...]
    titles: tuple[TitleEntry, ...]
    annual_assessments: tuple[AnnualAssessment, ...]
    continuing_education: tuple[ContinuingEducationYear, ...]
    achievements: tuple[Achievement, ...]
    self_statement: str  # 本人述职, ≤1000 characters (seed 003 附件3 二3)
    opinions: tuple[StageOpinion, ...]
    generated_at: datetime
    foreign_language: str = ""
    computer: str = ""
    exceptional_basis: str = ""  # 符合破格条件 (破格申报 only)
    publicity_period: PublicityRecord | None = None  # shown on the 公示版
    # Per plan, as the notice says (Plan.watermark, Plan.review_form_copies_label): the
    # watermark text it quotes and how many copies on which paper, printed on the cover.
    watermark: str = ""
    print_note: str = ""  # e.g. 一式2份，A3纸正反面打印后中缝装订

    def __post_init__(self) -> None:
        _check_choice(self.declaration_type, DECLARATION_TYPES, "申报类型")
        _check_choice(self.foreign_language, LANGUAGE_COMPUTER_RESULTS, "外语成绩")
        _check_choice(self.computer, LANGUAGE_COMPUTER_RESULTS, "计算机成绩")


# --------------------------------------------------------------------------- 公示表


@dataclass(frozen=True, slots=True)
class PublicityRow:
    name: str
    employer: str
    specialty: str
    qualification: str  # 申报（评审通过）资格
    gender: str = ""
    education: str = ""
    current_qualification: str = ""
    declaration_type: str = ""
    achievements_summary: str = ""  # employer's internal 公示 of 业绩 (seed 003 五(一))


@dataclass(frozen=True, slots=True)
class PublicitySheetData:
    """公示表. ``audience="committee"`` is public: only name, employer, specialty and level
    are printed (SECURITY.md 14); ``"employer"`` is the internal 公示 with 业绩."""

    audience: Literal["employer", "committee"]
    subject: str  # e.g. 2022年度临平区制造业专业工程师资格评审
    issuer: str  # 公示单位
    period_start: date
    period_end: date
    contact_department: str
    contact_phone: str
    rows: tuple[PublicityRow, ...]
    issued_on: date
    stage: str = "资格审查"  # 资格审查 / 评审结果
    contact_address: str = ""
    # Free-text 异议受理方式 as the committee office typed it when opening the 公示; printed
    # instead of the department/phone sentence when given.
    contact: str = ""


# --------------------------------------------------------------------------- 破格推荐中级专业技术资格审批表


@dataclass(frozen=True, slots=True)
class Graduation:
    """ "何年何校何专业毕业"."""

    graduated_on: date
    school: str
    major: str
    level: str = ""


# Declarations whose 审批表 is filled: 破格, and 越级 as well (seed 003 附件5 三5 《破格（越级）审批表》).
EXCEPTIONAL_DECLARATIONS: tuple[str, ...] = ("exceptional", "skip_level")
# The grade the form names: seed 003 附件9 is for 中级; the senior plan's form is for 高级.
GRADE_FOR_LEVEL = {
    "technician": "初级",
    "assistant": "初级",
    "intermediate": "中级",
    "associate_senior": "高级",
    "senior": "正高级",
}


def exceptional_form_title(level: str, declaration_type: str) -> str:
    """破格推荐中级专业技术资格审批表, 破格（越级）推荐中级… for 越级, 破格推荐高级… for the senior plan."""
    grade = GRADE_FOR_LEVEL.get(level, "中级")
    head = "破格（越级）" if declaration_type == "skip_level" else "破格"
    return f"{head}推荐{grade}专业技术资格审批表"


@dataclass(frozen=True, slots=True)
class ExceptionalApprovalData:
    """破格推荐中级专业技术资格审批表 (seed 003 附件9)."""

    name: str
    gender: str
    birth_date: date | None
    employer: str
    specialty_years: int
    graduations: tuple[Graduation, ...]
    current_post: str  # 专业技术职务
    appointed_on: date | None  # 聘任时间
    qualification_sought: str  # 破格推荐何专业技术资格
    resume: tuple[WorkEntry, ...]  # 简历, one line per period
    reasons: str  # 破格推荐理由: concrete grounds, not clause numbers (seed 003 附件5 三5)
    administrative_post: str = ""
    employer_opinion: StageOpinion | None = None  # 所在单位意见
    department_opinion: StageOpinion | None = None  # 主管部门意见
    hr_opinion: StageOpinion | None = None  # 县市区人社部门意见
    # The 简历 as the applicant wrote it in the wizard (one line per period); printed
    # instead of ``resume`` when given, because it is what the applicant signed.
    resume_text: str = ""
    title: str = "破格推荐中级专业技术资格审批表"


# --------------------------------------------------------------------------- 委托评审书


@dataclass(frozen=True, slots=True)
class DelegatedPerson:
    name: str
    gender: str
    employer: str
    specialty: str
    current_qualification: str
    qualification_sought: str


@dataclass(frozen=True, slots=True)
class DelegationLetterData:
    """专业技术资格委托评审书 (seed 003 附件6) with its 委托评审名册."""

    committee: str  # e.g. 台州（温岭）机电工程师协同创新中心专业技术资格评审委员会
    delegating_unit: str  # the 人事职改部门 that signs and stamps
    qualification: str  # e.g. 工程师
    persons: tuple[DelegatedPerson, ...]
    issued_on: date
    basis: str = "根据省职改领导小组浙职改字（86）10号、浙职改字（92）1号文件有关委托评审的通知精神"

    def __post_init__(self) -> None:
        if not self.persons:
            raise ValueError("委托评审书至少需要一名被委托评审人员")


# --------------------------------------------------------------------------- 用人单位委托证明


@dataclass(frozen=True, slots=True)
class AuthorizationLetterData:
    """用人单位委托证明 (seed 000 附件2 step 2, seed 001 附件3, seed 003 附件4): the employer
    authorises one staff account to review and recommend on the platform."""

    employer_name: str
    credit_code: str  # 统一社会信用代码
    employer_nature: str
    region: tuple[str, ...]  # 单位所在地, e.g. ("浙江省", "杭州市", "上城区")
    address: str
    legal_representative: str
    account: str  # 浙江政务服务网法人账号
    agent_name: str  # 账号使用人 (经办人)
    agent_id_number: str
    agent_phone: str
    issued_on: date
    platform_name: str = DEFAULT_PLATFORM_NAME

    def __post_init__(self) -> None:
        _check_choice(self.employer_nature, EMPLOYER_NATURES, "单位性质")


# --------------------------------------------------------------------------- 邮寄纸质材料清单


@dataclass(frozen=True, slots=True)
class MailingItem:
    name: str
    copies: str  # "一式1份", "1份": copied verbatim from the plan
    note: str = ""


@dataclass(frozen=True, slots=True)
class MailingChecklistData:
    """邮寄纸质材料清单 (seed 001 附件4)."""

    plan_name: str
    applicant_name: str
    employer: str
    qualification: str
    applicant_phone: str
    items: tuple[MailingItem, ...]
    mail_to_address: str
    mail_to_contact: str
    mail_to_phone: str
    return_address: str  # where the stamped 评审表 goes back (EMS 到付)
    return_recipient: str
    return_phone: str
    issued_on: date
    notes: tuple[str, ...] = ("只有评审通过人员才需邮寄，可以单位统一邮寄。",)


def default_mailing_items(
    *, exceptional: bool, platform_name: str = DEFAULT_PLATFORM_NAME
) -> tuple[MailingItem, ...]:
    """The list of seed 001 附件4; the 破格 form only for 破格申报."""
    items = [
        MailingItem(
            name=f"带有“{platform_name}”水印的《专业技术职务任职资格评审表》",
            copies="一式1份",
        )
    ]
    if exceptional:
        items.append(
            MailingItem(name="《破格推荐中级专业技术资格审批表》", copies="1份", note="破格申报人员提供")
        )
    items.append(
        MailingItem(name="回寄地址", copies="1份", note="《评审表》盖章后通过EMS到付方式寄回"),
    )
    return tuple(items)


# --------------------------------------------------------------------------- 花名册


@dataclass(frozen=True, slots=True)
class RosterMeta:
    """Header and footer of the 评委会评审对象资格审查花名册 (seed 003 附件7)."""

    delegating_unit: str  # 委托单位（盖章）
    filled_by: str = ""  # 填报人
    # The plan's own title where its notice names one (seed 002 附件2 一2:
    # 推荐高级工程师职务任职资格人员花名册); empty: seed 003 附件7's.
    title: str = ""
    phone: str = ""
    mobile: str = ""
    fax: str = ""
    email: str = ""
    submitted_on: date | None = None  # 送评时间


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One applicant of the 花名册; 序号 is assigned by the writer."""

    name: str
    id_number: str
    employer: str  # 全称 (注4)
    employer_nature: str
    gender: str
    birth_date: date | None
    work_start: date | None
    department_position: str  # 工作部门及岗位（行政职务）
    education_level: str  # 最高学历
    degree: str  # 最高学位
    graduated_on: date | None  # 毕业院校 / 毕业时间（年月）
    school: str  # 毕业院校 / 院校名称
    major: str  # 毕业院校 / 毕业专业
    specialty: str  # 从事何专业工作 (≤6 characters, 注8)
    specialty_years: int
    current_qualification: str
    current_qualification_on: date | None
    current_post: str
    current_post_on: date | None
    recommended_qualification: str  # 推荐专业技术资格名称
    assessments: tuple[AnnualAssessment, ...]  # 单位考核情况
    ce_hours: Hours | None  # 继续教育情况（学时数）
    phone: str  # 申报人联系电话（手机必填）
    address: str
    postcode: str
    department: str  # 主管部门 (注10: as on the 评审表's stamp)
    county: str  # 所在县市区
    foreign_language: str = ""
    computer: str = ""
    lower_committee: VoteTally | None = None  # 下一级评委会推荐评审情况
    exceptional_basis: str = ""  # 符合破格条件
    prior_education: str = ""  # 注7: the matching earlier 学历 when the highest is off-specialty
    remarks: str = ""

    def __post_init__(self) -> None:
        _check_choice(self.employer_nature, EMPLOYER_NATURES, "单位性质", blank=True)
        _check_choice(self.education_level, EDUCATION_LEVELS, "最高学历", blank=True)
        _check_choice(self.foreign_language, LANGUAGE_COMPUTER_RESULTS, "外语成绩")
        _check_choice(self.computer, LANGUAGE_COMPUTER_RESULTS, "计算机成绩")
        if len(self.specialty) > SPECIALTY_MAX_CHARS:
            raise ValueError(f"从事专业最多{SPECIALTY_MAX_CHARS}个字（花名册 注8），收到 {self.specialty!r}")


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A named file produced by a renderer, used by the export jobs to build ZIPs."""

    filename: str
    content: bytes = field(repr=False)
