"""The kinds of 业绩档案 entries and their fields, as data.

Each kind mirrors one array of the eligibility profile (shared/eligibility/profile.schema.json):
a field whose ``profile`` flag is true is copied into the profile under the same name and in the
schema's units, so ``profile.build_profile`` is a plain projection and the mapping is one-to-one.
Fields with ``profile=False`` are what reviewers read (school, employer name, certificate number…)
but no rule set looks at. The forms, the API and the employer's review page are all generated
from this table, so a field is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import EducationLevel


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str  # text | textarea | date | month | year | int | decimal | bool | choice
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    profile: bool = True
    profile_name: str = ""  # when the schema's name differs from ours (achievement "type" → "kind")
    default: object = None
    min_value: float | None = None
    max_value: float | None = None
    max_length: int = 200
    only_for: tuple[str, ...] = ()  # achievement sub-kinds the field applies to (empty = all)

    @property
    def key(self) -> str:
        return self.profile_name or self.name


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    profile_key: str  # the array of the profile this kind feeds
    fields: tuple[Field, ...]
    summary: str  # format string over the data for one-line lists
    sort_key: str  # field the profile array is sorted by (oldest first)
    help: str = ""
    selectable: bool = False  # picked in 选择相关业绩 (others are extracted automatically)
    evidence_hint: str = "上传证书、聘书或证明材料的扫描件（PDF 或 JPG）"
    extra: dict = field(default_factory=dict)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


LEVEL_CHOICES = (
    ("technician", "员级（技术员）"),
    ("assistant", "助理级（助理工程师）"),
    ("intermediate", "中级（工程师）"),
    ("associate_senior", "副高级（高级工程师）"),
    ("senior", "正高级（正高级工程师）"),
)
DEGREE_CHOICES = (
    ("none", "无学位"),
    ("bachelor_degree", "学士学位"),
    ("second_bachelor_degree", "第二学士学位"),
    ("master_degree", "硕士学位"),
    ("doctorate_degree", "博士学位"),
)
VOCATIONAL_CHOICES = (
    ("intermediate_worker_class", "技工院校中级工班（相当于中专）"),
    ("senior_worker_class", "技工院校高级工班（相当于大专）"),
    ("technician_class", "技工院校预备技师（技师）班（相当于本科）"),
)
XUEXIN_CHOICES = (
    ("not_checked", "待核验"),
    ("verified", "学信网已核验"),
    ("not_found", "学信网无法查询（已上传认证材料）"),
    ("foreign_certified", "国外（港澳台）学历，已上传认证书"),
)
ASSESSMENT_CHOICES = (
    ("excellent", "优秀"),
    ("qualified", "合格（称职）"),
    ("basically_qualified", "基本合格"),
    ("unqualified", "不合格"),
    ("undetermined", "不确定等次"),
)
CE_CATEGORY_CHOICES = (
    ("general_public", "一般公需科目"),
    ("industry_public", "行业公需科目"),
    ("professional", "专业科目"),
)
# How the hours were earned. "registry" = hours as the registration system (学时登记系统) printed them,
# already credited; every other value is a route of the CE ledger (eligibility/ledger.py; seed 003 附件8,
# 台经信人教〔2018〕90号 第六条、第七条), which credits the hours itself: per day, per level, rank weights,
# at most 36 hours per route and year unless the plan's rule set lifts the cap (seed 002 四(四)).
CE_ROUTE_CHOICES = (
    ("registry", "学时登记系统登记（按登记证明所载学时）"),
    ("advanced_seminar", "工程类高研班（第六条(一)）"),
    ("filed_training", "备案的工程类培训班、研修班（每天6学时）"),
    ("overseas_training", "国（境）外工程类培训进修、学术研讨（每天6学时）"),
    ("specialty_training", "本专业工程类培训进修、学术研讨（每天4学时）"),
    ("online_course", "继续教育基地面授课程、网络课件（按标定学时）"),
    ("research", "本专业工程类立法、课题研究、规划标准制定（按级别、排名加权）"),
    ("publication", "发表本专业工程类论文（按刊物级别、排名加权）"),
    ("qualification_exam", "本专业工程类资格考试（每科6学时）"),
    ("degree_course", "本专业工程类在职学历（学位）教育（每门3学时）"),
    ("service", "兼职教师、对口支援、服务基层企业（每天4学时）"),
    ("public_course", "公需科目课程（第七条）"),
)
CE_LEVEL_CHOICES = (
    ("national", "国家级"),
    ("province", "省部级"),
    ("city", "市（厅）级"),
    ("county", "县（处）级"),
)
CE_VENUE_CHOICES = (
    ("core", "核心刊物"),
    ("national", "全国性刊物"),
    ("province", "省级刊物"),
    ("other", "其他期刊或论文集"),
)
EMPLOYER_KIND_CHOICES = (("enterprise", "企业"), ("public_institution", "事业单位"), ("other", "其他"))
SERIES_CHOICES = (("engineering", "工程系列"), ("other", "其他系列"))
SKILL_LEVEL_CHOICES = (("senior_worker", "高级工"), ("technician", "技师"), ("senior_technician", "高级技师"))

ACHIEVEMENT_TYPES = (
    ("tech_award", "科技进步奖、科研成果奖"),
    ("product_award", "新产品奖"),
    ("design_award", "优秀设计奖"),
    ("consulting_award", "优秀工程咨询成果奖"),
    ("construction_award", "优质工程奖"),
    ("first_set_equipment", "首台（套）装备"),
    ("patent", "专利"),
    ("key_project", "重点项目（课题）"),
    ("research_project", "科研项目"),
    ("standard", "标准"),
    ("problem_solved", "解决关键技术问题"),
    ("innovation_team", "创新团队"),
    ("paper", "论文"),
    ("paper_award", "优秀论文奖"),
    ("book", "著作"),
    ("report", "技术报告、可行性研究报告"),
    ("tech_promotion", "技术推广"),
    ("renovation_plan", "技术改造方案"),
    ("tech_renovation", "技术改造、技术革新"),
    ("service_task", "技术服务任务"),
    ("honour", "荣誉称号"),
    ("skill_contest", "技能竞赛"),
    ("skill_honour", "技能人才荣誉"),
    ("high_level_talent", "高层次人才"),
)
AWARD_TYPES = (
    "tech_award",
    "product_award",
    "design_award",
    "consulting_award",
    "construction_award",
    "paper_award",
    "skill_contest",
)
ACHIEVEMENT_LEVEL_CHOICES = (
    ("enterprise", "企业"),
    ("county", "县（市、区）"),
    ("city", "市（厅）"),
    ("province", "省部"),
    ("national", "国家"),
    ("international", "国际"),
)
ISSUER_CHOICES = (
    ("government", "政府颁发"),
    ("department", "主管部门"),
    ("association", "协会、学会等团体"),
    ("other", "其他"),
)
ROLE_CHOICES = (
    ("lead", "主持、负责人"),
    ("backbone", "主要骨干"),
    ("participant", "参与"),
    ("member", "成员"),
    ("first_author", "第一作者"),
    ("second_author", "第二作者"),
    ("drafter", "主要起草人"),
    ("independent", "独著、独立完成"),
)
SUBTYPES: dict[str, tuple[tuple[str, str], ...]] = {
    "patent": (("invention", "发明专利"), ("utility", "实用新型专利"), ("design", "外观设计专利")),
    "standard": (
        ("international", "国际标准"),
        ("national", "国家标准"),
        ("industry", "行业标准"),
        ("group", "团体标准"),
        ("local", "地方标准"),
        ("enterprise", "企业标准"),
    ),
    "honour": (
        ("model_worker", "劳动模范"),
        ("tech_advanced_worker", "科技先进工作者"),
        ("advanced_worker", "先进工作者"),
        ("excellent_tech_worker", "优秀科技工作者"),
    ),
    "skill_honour": (
        ("provincial_master_studio", "省级技能大师工作室领办人"),
        ("provincial_chief_technician", "省首席技师"),
        ("national_technical_expert", "全国技术能手"),
        ("worldskills_award", "世界技能大赛优胜奖"),
        ("top_talent", "拔尖技能人才"),
    ),
    "first_set_equipment": (
        ("city", "市级首台（套）"),
        ("province_first", "省内首台（套）"),
        ("national_first", "国内首台（套）"),
    ),
}
SUBTYPE_CHOICES = tuple(
    (value, f"{dict(ACHIEVEMENT_TYPES)[kind]}：{label}")
    for kind, options in SUBTYPES.items()
    for value, label in options
)
VENUE_CHOICES = (
    ("journal", "期刊"),
    ("conference", "学术会议"),
    ("collection", "论文集"),
    ("publisher", "出版社"),
)
SANCTION_CHOICES = (
    ("fine", "罚款"),
    ("technical_accident", "技术事故"),
    ("fraud", "弄虚作假"),
    ("discipline_under_investigation", "违纪违法正在接受调查"),
    ("serious_discipline", "严重违纪违法"),
    ("exam_misconduct", "考试违纪违规"),
    ("party_discipline", "党纪处分"),
    ("administrative_penalty", "政务（行政）处分"),
    ("criminal_penalty", "刑事处罚"),
)

EDUCATION = Kind(
    code="education",
    label="学历学位",
    profile_key="education",
    sort_key="graduated_on",
    summary="{graduated_on} {school} {major}（{level_label}）",
    help="每个学历一条。1990 年以后取得的国内大专及以上学历须可在学信网查询，否则请上传认证材料。",
    evidence_hint="上传毕业证书、学位证书；学信网无法查询的，上传《教育部学历证书电子注册备案表》或认证报告",
    fields=(
        Field("level", "学历", "choice", True, tuple(EducationLevel.choices)),
        Field("school", "毕业院校", "text", True, profile=False),
        Field("major", "所学专业", "text", True, help="与毕业证书一致，如“机械工程”"),
        Field("enrolled_on", "入学时间", "date", profile=False),
        Field("graduated_on", "毕业时间", "date", True),
        Field("full_time", "全日制", "bool", profile=False, default=True),
        Field("degree", "学位", "choice", choices=DEGREE_CHOICES, default="none"),
        Field(
            "vocational",
            "技工院校班级",
            "choice",
            choices=VOCATIONAL_CHOICES,
            help="仅技工院校毕业填写；中级工班、高级工班、预备技师班分别相当于中专、大专、本科",
        ),
        Field(
            "converted_by_ce",
            "经一年以上本专业脱产继续教育认定为本专业或相近专业",
            "bool",
            default=False,
        ),
        Field(
            "xuexin_status",
            "学信网核验",
            "choice",
            choices=XUEXIN_CHOICES,
            default="not_checked",
            profile=False,
            help="“学信网已核验”由单位审核时确认",
        ),
        Field("certificate_no", "毕业证书编号", "text", profile=False),
    ),
)

WORK = Kind(
    code="work",
    label="工作经历",
    profile_key="work",
    sort_key="from",
    summary="{from}—{to_or_now} {employer_name} {post}",
    help="按时间逐段填写；“至今”请将结束时间留空。",
    evidence_hint="上传劳动（聘用）合同或能反映当时工作单位的社保参保记录",
    fields=(
        Field("employer_name", "工作单位", "text", True, profile=False),
        Field("post", "部门及岗位（职务）", "text", profile=False),
        Field("from", "开始时间", "date", True),
        Field("to", "结束时间", "date", help="仍在该单位工作的请留空（至今）"),
        Field("professional", "从事工程技术（专业技术）工作", "bool", default=True),
        Field("related", "与申报专业相同或相近", "bool", default=True),
        Field("employer_kind", "单位类别", "choice", choices=EMPLOYER_KIND_CHOICES, default="enterprise"),
        Field("description", "主要工作内容", "textarea", profile=False, max_length=500),
    ),
)

TITLE = Kind(
    code="title",
    label="专业技术资格及聘任",
    profile_key="titles",
    sort_key="obtained_on",
    summary="{obtained_on} {specialty} {level_label}",
    help="已取得的专业技术资格及实际聘任起止时间；外省、外市取得的资格须已完成调入审定确认。",
    evidence_hint="上传资格证书和聘书（申报当年须在聘）",
    fields=(
        Field("level", "资格级别", "choice", True, LEVEL_CHOICES),
        Field("series", "系列", "choice", choices=SERIES_CHOICES, default="engineering"),
        Field("specialty", "专业", "text", True),
        Field("obtained_on", "取得时间", "date", True),
        Field("appointed_from", "聘任开始", "date", help="实际聘任开始时间；不填则按取得时间计算"),
        Field("appointed_to", "聘任结束", "date", help="仍在聘的请留空"),
        Field("issued_by", "审批（评审）机构", "text", profile=False),
        Field("certificate_no", "证书编号", "text", profile=False),
        Field("issuer_province", "发证省份", "text", default="浙江省"),
        Field("confirmed", "已完成调入审定确认（本省取得的勾选）", "bool", default=True),
        Field("transferred_on", "转评时间", "date", help="转评到现专业的，填写转评时间"),
    ),
)

QUALIFICATION = Kind(
    code="registered_qualification",
    label="注册类执业资格",
    profile_key="registered_qualifications",
    sort_key="obtained_on",
    summary="{obtained_on} {name}（{specialty}）",
    fields=(
        Field("name", "资格名称", "text", True, help="如：注册电气工程师"),
        Field("specialty", "专业", "text"),
        Field("obtained_on", "取得时间", "date", True),
        Field("certificate_no", "证书编号", "text", profile=False),
    ),
)

SKILL = Kind(
    code="skill_certificate",
    label="职业资格（技能等级）",
    profile_key="skill_certificates",
    sort_key="obtained_on",
    summary="{obtained_on} {occupation} {level_label}",
    fields=(
        Field("level", "等级", "choice", True, SKILL_LEVEL_CHOICES),
        Field("occupation", "职业（工种）", "text", True),
        Field("obtained_on", "取得时间", "date", True),
        Field("certificate_no", "证书编号", "text", profile=False),
    ),
)

ASSESSMENT = Kind(
    code="assessment",
    label="年度考核",
    profile_key="annual_assessments",
    sort_key="year",
    summary="{year}年度 {result_label}",
    help="逐年填写考核结果，如“2021 年合格”；上传当年年度考核登记表。",
    evidence_hint="上传当年《专业技术人员年度考核登记表》",
    fields=(
        Field("year", "考核年度", "year", True, min_value=1950, max_value=2100),
        Field("result", "考核等次", "choice", True, ASSESSMENT_CHOICES),
        Field("employer_name", "考核单位", "text", profile=False),
    ),
)

CONTINUING_EDUCATION = Kind(
    code="continuing_education",
    label="继续教育",
    profile_key="continuing_education",
    sort_key="year",
    summary="{year}年 {category_label} {amount}",
    help="按登记证明逐条填写学时（或学分）。",
    evidence_hint="上传继续教育学时登记证明（登记系统打印件）",
    fields=(
        Field("year", "年度", "year", True, min_value=1950, max_value=2100),
        Field("category", "科目类别", "choice", True, CE_CATEGORY_CHOICES),
        Field("hours", "学时", "decimal", min_value=0, max_value=2000, help="学时或学分至少填一项"),
        Field("credits", "学分", "decimal", min_value=0, max_value=2000),
        Field("route", "学习途径", "choice", True, CE_ROUTE_CHOICES, default="registry"),
        # What the ledger needs for the route chosen; the rule sets count the hours it credits.
        Field("days", "培训天数", "int", min_value=0, max_value=366, help="按天计学时的途径填写"),
        Field("level", "项目（高研班）级别", "choice", choices=CE_LEVEL_CHOICES, help="高研班、课题研究填写"),
        Field("rank", "本人排名", "int", min_value=1, max_value=1000, help="课题研究、论文填写"),
        Field("participants", "参与人数", "int", min_value=1, max_value=1000, help="课题研究、论文填写"),
        Field("venue", "发表刊物级别", "choice", choices=CE_VENUE_CHOICES, help="发表论文填写"),
        Field("subjects", "合格科目数", "int", min_value=0, max_value=20, help="资格考试填写"),
        Field("courses", "合格课程数", "int", min_value=0, max_value=100, help="在职学历教育填写"),
        Field("provider", "主办单位", "text", profile=False),
        Field("content", "学习内容", "text", profile=False),
    ),
)

SOCIAL_INSURANCE = Kind(
    code="social_insurance",
    label="社保缴纳",
    profile_key="social_insurance",
    sort_key="from",
    summary="{from}—{to_or_now} {city} {employer_name}",
    help="本省内的社保记录可由系统获取；省外缴纳的请上传证明。按月份填写。",
    evidence_hint="省外缴纳社保的，上传社保缴纳证明",
    fields=(
        Field("from", "起始月份", "month", True),
        Field("to", "截止月份", "month", help="仍在缴纳的请留空"),
        Field("city", "参保城市", "text", True, help="如：温州市"),
        Field("province", "参保省份", "text", default="浙江省"),
        Field("employer_name", "缴费单位", "text", profile=False),
        Field("current_employer", "由现工作单位缴纳", "bool", default=True),
    ),
)

ACHIEVEMENT = Kind(
    code="achievement",
    label="业绩成果",
    profile_key="achievements",
    sort_key="date",
    selectable=True,
    summary="{date} {type_label}：{title}",
    help="获奖、专利、项目、论文、标准、报告、技术推广、荣誉等。集体项目请上传本人系主要贡献者的依据。",
    evidence_hint="上传证书、文件或成果材料，并在本人姓名处加标注；论文须附第三方检索报告（含相似度检测）",
    fields=(
        Field("type", "成果类别", "choice", True, ACHIEVEMENT_TYPES, profile_name="kind"),
        Field("title", "名称", "text", True, max_length=200),
        Field("date", "取得（完成、发表）时间", "date", True),
        Field("level", "级别", "choice", choices=ACHIEVEMENT_LEVEL_CHOICES),
        Field("issuer", "颁发（认定）机构类别", "choice", choices=ISSUER_CHOICES, default="government"),
        Field("issuer_region", "颁发单位", "text", help="如：杭州市人民政府、温岭市"),
        Field(
            "grade",
            "获奖等级",
            "int",
            min_value=1,
            max_value=10,
            help="1 表示一等奖，2 表示二等奖，3 表示三等奖",
            only_for=AWARD_TYPES,
        ),
        Field("rank", "本人排名", "int", min_value=1, max_value=1000, help="主要完成者为前三名"),
        Field("role", "本人角色", "choice", choices=ROLE_CHOICES),
        Field(
            "subtype",
            "细分类别",
            "choice",
            choices=SUBTYPE_CHOICES,
            only_for=tuple(SUBTYPES),
            help="专利、标准、荣誉、技能荣誉、首台（套）须选择",
        ),
        Field("count", "数量（项）", "int", min_value=1, max_value=1000, default=1),
        Field("accepted", "已通过验收（评审）、颁布实施或专利已授权", "bool", default=True),
        Field(
            "similarity",
            "检测相似度",
            "decimal",
            min_value=0,
            max_value=1,
            help="填写 0 到 1 之间的小数，如 0.12 表示 12%",
            only_for=("paper",),
        ),
        Field("has_retrieval_report", "已附第三方检索报告（含相似度检测）", "bool", only_for=("paper",)),
        Field(
            "venue", "发表载体", "choice", choices=VENUE_CHOICES, only_for=("paper", "paper_award", "book")
        ),
        Field("words", "本人撰写字数", "int", min_value=0, max_value=10_000_000, only_for=("book",)),
        Field("in_specialty", "属于申报专业领域", "bool", default=True),
        Field("description", "本人作用及简要说明", "textarea", profile=False, max_length=1000),
    ),
)

EXPERIENCE = Kind(
    code="experience_claim",
    label="经历与能力",
    profile_key="experience_claims",
    sort_key="clause",
    selectable=True,
    summary="{clause} {text_short}",
    help="评价条件中由专家判断的经历和能力（如指导助理工程师工作），写明事实并上传佐证。",
    fields=(
        Field("clause", "对应条件", "text", True, help="如：具有指导助理工程师工作和学习的经历和能力"),
        Field("text", "具体情况", "textarea", True, max_length=1000),
    ),
)

SANCTION = Kind(
    code="sanction",
    label="处分处罚记录",
    profile_key="sanctions",
    sort_key="decided_on",
    summary="{decided_on} {kind_label}",
    help="任现职期间受到的处分、处罚或正在接受的调查须如实填写。",
    evidence_hint="上传处分（处罚）决定书或解除文件",
    fields=(
        Field("kind", "类别", "choice", True, SANCTION_CHOICES),
        Field("decided_on", "决定时间", "date", True),
        Field("ends_on", "期满（解除）时间", "date"),
        Field("amount", "罚款金额（元）", "decimal", min_value=0, max_value=100_000_000),
        Field("circulated", "通报批评", "bool", default=False),
        Field("direct_responsibility", "技术事故直接责任者", "bool", default=False),
        Field("description", "情况说明", "textarea", profile=False, max_length=500),
    ),
)

KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        EDUCATION,
        WORK,
        TITLE,
        QUALIFICATION,
        SKILL,
        ASSESSMENT,
        CONTINUING_EDUCATION,
        SOCIAL_INSURANCE,
        ACHIEVEMENT,
        EXPERIENCE,
        SANCTION,
    )
}
KIND_CHOICES = [(k.code, k.label) for k in KINDS.values()]
SELECTABLE_KINDS = tuple(k.code for k in KINDS.values() if k.selectable)
AUTOMATIC_KINDS = tuple(k.code for k in KINDS.values() if not k.selectable)


def relevant(f: Field, data: dict) -> bool:
    return not f.only_for or data.get("type") in f.only_for


def display_value(f: Field, value) -> str:
    if value is None or value == "":
        return ""
    if f.type == "bool":
        return "是" if value else "否"
    if f.type == "choice":
        return dict(f.choices).get(value, str(value))
    if f.type == "decimal" and f.name == "similarity":
        return f"{float(value) * 100:.1f}%"
    return str(value)


def display_rows(kind: Kind, data: dict) -> list[tuple[str, str]]:
    """(label, text) pairs for reviewers, leaving out empty and irrelevant fields."""
    rows = []
    for f in kind.fields:
        if not relevant(f, data):
            continue
        text = display_value(f, data.get(f.name))
        if text:
            rows.append((f.label, text))
    return rows


def summary(kind: Kind, data: dict) -> str:
    values = {k: ("" if v is None else v) for k, v in data.items()}
    for f in kind.fields:
        values.setdefault(f.name, "")
        if f.type == "choice":
            values[f"{f.name}_label"] = display_value(f, data.get(f.name))
    values["to_or_now"] = data.get("to") or "至今"
    values["amount"] = (
        f"{data['hours']} 学时" if data.get("hours") not in (None, "") else f"{data.get('credits', '')} 学分"
    )
    text = str(data.get("text", ""))
    values["text_short"] = text[:30] + ("…" if len(text) > 30 else "")
    try:
        return " ".join(kind.summary.format(**values).split())
    except (KeyError, IndexError, ValueError):
        return kind.label
