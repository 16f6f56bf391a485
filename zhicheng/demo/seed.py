"""Demo data for `make run`: the four plans of the seeds with their real dates and values, one plan
open today, and one account per role. Idempotent: running it again updates rather than duplicates."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.demo_accounts import DEMO_PASSWORD
from zhicheng.accounts.models import Role, User, login_key
from zhicheng.evaluation.models import AssessmentSpec, EvaluationRules
from zhicheng.evaluation.rules import DEFAULT_SCORING_FORM
from zhicheng.evaluation.services.experts import expert_profile_save
from zhicheng.organizations.models import Committee, Employer, Organization, Region
from zhicheng.paper.models import PaperStep
from zhicheng.plans.models import Plan, PlanAttachment, PlanFee, PlanStage
from zhicheng.portal.models import Notice

from .people import load_demo_people
from .season import replay, seed_plan

REGIONS = [
    ("330000", "浙江省", "province", None),
    ("330100", "杭州市", "city", "330000"),
    ("330102", "上城区", "county", "330100"),
    ("330113", "临平区", "county", "330100"),
    ("330300", "温州市", "city", "330000"),
    ("330302", "鹿城区", "county", "330300"),
    ("330304", "瓯海区", "county", "330300"),
    ("330382", "乐清市", "county", "330300"),
    ("331000", "台州市", "city", "330000"),
    ("331002", "椒江区", "county", "331000"),
    ("331081", "温岭市", "county", "331000"),
]

DEPARTMENTS = [
    ("鹿城区人力资源和社会保障局", "330302", "hrss"),
    ("瓯海区人力资源和社会保障局", "330304", "hrss"),
    ("温州市人力资源和社会保障局", "330300", "hrss"),
    ("杭州市临平区人力资源和社会保障局", "330113", "hrss"),
    ("温岭市经济和信息化局", "331081", "eit"),
    ("台州市经济和信息化局", "331000", "eit"),
    ("浙江省经济和信息化厅", "330000", "eit"),
    # seed 000 五1: the 学会 is one of the three levels of 资格审查 (and organises the 评委会).
    ("温州市机械工程学会", "330300", "society"),
]

HR_BUREAUS = [
    ("温州市职称改革领导小组办公室", "330300"),
    ("杭州市人力资源和社会保障局", "330100"),
    ("台州市人力资源和社会保障局", "331000"),
    ("浙江省人力资源和社会保障厅", "330000"),
]

COMMITTEES = [
    {
        "name": "温州市机械工程专业中初级评审委员会",
        "region": "330300",
        "level": "intermediate",
        "specialties": ["机械", "机电"],
        "organizer": "温州市机械工程学会",
        "hr_bureau": "温州市职称改革领导小组办公室",
        "description": "负责温州市企业人员机械专业中级、初级专业技术资格评审，评审结果报市职改办审批。",
    },
    {
        "name": "杭州市临平区制造业工程技术人员工程师资格评审委员会",
        "region": "330113",
        "level": "intermediate",
        "specialties": [
            "机电制造",
            "电子",
            "电气",
            "电力",
            "化工",
            "轻工",
            "纺织服装",
            "食品",
            "材料",
            "能源",
            "石油",
        ],
        "organizer": "杭州市临平区人力资源和社会保障局",
        "hr_bureau": "杭州市人力资源和社会保障局",
        "description": "负责临平区企事业单位制造业专业工程师资格评审，评审结果报杭州市人力社保局。",
    },
    {
        "name": "台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会",
        "region": "331081",
        "level": "intermediate",
        "specialties": ["机电"],
        "organizer": "台州（温岭）机电工程师协同创新中心",
        "hr_bureau": "台州市人力资源和社会保障局",
        "description": "工程领域职称社会化评价单位，负责台州市机电专业助理工程师、工程师任职资格评审。",
    },
    {
        "name": "浙江省机电制造专业高级工程师职务任职资格评审委员会",
        "region": "330000",
        "level": "senior",
        "specialties": ["机电制造"],
        "organizer": "浙江省机械工业联合会",
        "hr_bureau": "浙江省人力资源和社会保障厅",
        "description": "负责全省机电制造专业高级工程师职务任职资格评审。",
    },
]

NOTICES = [
    {
        "key": "wenzhou-2020",
        "title": "温州市2020年度企业人员机械专业中、初级专业技术资格评审工作通知（要点）",
        "issuer": "温州市职称改革领导小组办公室",
        "doc_number": "温职改办〔2020〕12号",
        "published_on": date(2020, 9, 14),
        "summary": "面向温州市企业中从事机械专业工作的在职技术人员（非行政、事业编制），组织2020年度机械专业工程师、助理工程师评审。"
        "今年起全部网上申报：个人在省申报评审平台完善业绩档案并申报，单位审核并在本单位公示不少于5个工作日，"
        "再由县级人力社保部门、市机械工程学会、市人力社保局逐级资格审查。评审采用业绩评估、理论考试与面试答辩相结合的方式。",
        "key_facts": [
            {
                "label": "申报条件",
                "value": "按温职改办〔2020〕5号评价条件执行；晋升最低年限内年度考核合格（称职）以上",
            },
            {"label": "社保要求", "value": "申报截止日前至少3个月在温州缴纳社保"},
            {
                "label": "继续教育",
                "value": "2017年前每年不少于32学时；2017年起每年不少于90学时（一般公需≥18，专业≥60）",
            },
            {"label": "资历与业绩截止", "value": "资历计算至2020年12月31日，业绩材料截至2020年8月31日"},
            {"label": "材料报送时间", "value": "2020年9月15日至10月31日，温州市机械工程学会"},
            {"label": "评审费", "value": "中级180元，初级100元"},
            {"label": "纸质材料", "value": "《专业技术职务任职资格评审表》一式2份，A4打印，加盖各级公章"},
        ],
        "attachments": [
            "附件1 申报人员网上申报办法",
            "附件2 用人单位网上审核办法",
            "附件3 破格申报机械专业工程师自评赋分表",
        ],
    },
    {
        "key": "linping-2022",
        "title": "临平区2022年度制造业专业工程师资格评审工作通知（要点）",
        "issuer": "杭州市临平区制造业工程技术人员工程师资格评审委员会",
        "doc_number": "",
        "published_on": date(2022, 7, 20),
        "summary": "面向临平区企事业单位从事机电制造、电子、电气、电力、化工、轻工、纺织服装、食品、材料、能源、石油等工程技术专业的人员，"
        "组织2022年度工程师资格评审。列入国家、省统一考试的专业一律不予评审通过；公务员（含参公人员）不得参加。"
        "实行网上个人申报、用人单位审核推荐、人社部门审核后报中评委，资格审核与评审结果均公示不少于五个工作日。",
        "key_facts": [
            {"label": "网上个人申报", "value": "2022年8月1日至15日"},
            {"label": "用人单位审核推荐截止", "value": "2022年8月26日"},
            {
                "label": "纸质材料",
                "value": "11月评审结束后，评审通过人员按《邮寄纸质材料清单》EMS邮寄至区人社局人才开发科",
            },
            {
                "label": "不予评审的专业",
                "value": "计算机技术与软件、机动车检测维修、通信工程、医疗器械、工业设计等统一考试专业",
            },
            {"label": "继续教育", "value": "2019年以来累计不少于45学分"},
            {"label": "年度考核", "value": "2019—2021年度考核称职（合格）以上"},
        ],
        "attachments": [
            "附件1 工程师资格申报条件",
            "附件2 工程师资格申报流程",
            "附件3 管理部门网上审核操作办法",
            "附件4 邮寄纸质材料清单",
        ],
    },
    {
        "key": "zhejiang-2020",
        "title": "2020年度全省机电制造专业高级工程师职务任职资格评审工作通知（要点）",
        "issuer": "浙江省机械工业联合会",
        "doc_number": "浙机联〔2020〕022号",
        "published_on": date(2020, 8, 11),
        "summary": "2020年度全省机电制造专业高级工程师评审安排在11—12月，按《浙江省机电制造专业高级工程师任职资格量化评价标准》（2020年修订）执行。"
        "未达到学历资历条件但量化自评分达到80分以上的人员也可申报。网上个人申报，用人单位审核，省、市、县经信或人力社保部门逐级审核推荐。",
        "key_facts": [
            {"label": "材料报送截止", "value": "各地市及省级主管部门2020年10月10日前"},
            {"label": "评审时间", "value": "2020年11—12月"},
            {"label": "任职时间计算", "value": "现职任职时间计算到2020年12月31日"},
            {
                "label": "继续教育",
                "value": "自2018年起每年不少于90学时（专业≥60，公需≥18）；今年网络课件学时不受每年36学时限制",
            },
            {
                "label": "公示",
                "value": "单位公示不少于5个工作日；评审前在省机械工业联合会等网站同步公示5个工作日",
            },
        ],
        "attachments": [
            "附件1 评审时间安排及范围",
            "附件2 评审表填写要求",
            "附件3 量化评价标准（2020年修订）",
        ],
    },
    {
        "key": "wenling-2022",
        "title": "台州（温岭）机电工程师协同创新中心2022年度机电工程师任职资格评审工作通知（要点）",
        "issuer": "台州（温岭）机电工程师协同创新中心",
        "doc_number": "温机工协创〔2022〕2号",
        "published_on": date(2022, 9, 1),
        "summary": "面向台州市企事业单位从事机电制造技术研究、设计开发、系统集成、生产制造、技术服务的在职专业技术人员，组织2022年度机电专业"
        "助理工程师、工程师评审。学历资历及破格条件按中心评价条件执行；开展不少于3人专家组的实操评议，及格者进入综合评审。",
        "key_facts": [
            {"label": "网上申报", "value": "2022年9月1日至10月20日"},
            {"label": "单位审核报送截止", "value": "2022年11月2日"},
            {"label": "原件核查", "value": "2022年10月31日至11月15日"},
            {"label": "继续教育", "value": "2019—2022年累计不少于360学时，其中专业科目≥240、一般公需≥72"},
            {"label": "论文", "value": "非必备条件；提供论文须附第三方检索报告，相似度超过50%一票否决"},
        ],
        "attachments": [
            "附件1 申报条件与要求",
            "附件2 机电制造技术专业工程师任职资格评价条件（试行）",
            "附件3 个人申报操作说明",
            "附件4 用人单位审核操作说明",
            "附件5 评审表填写说明",
            "附件6 专业技术资格委托评审书",
            "附件7 评委会评审对象资格审查花名册",
            "附件8 继续教育学时登记细则",
            "附件9 破格推荐中级专业技术资格审批表",
        ],
    },
]

# Each seed plan's attachments as its notice lists them, with of whom each is asked
# (PlanAttachment.condition, evaluated at 提交 by plans.requirements). A row:
# (name, required, condition, within_years, delivery, clause, note). Uploads are PDF or JPG up
# to 10 MB; materials the notice says the system extracts itself (学历 from 学信网, in-province
# 社保, 年度考核, 业绩) are not asked again.
PDF_JPG = ["pdf", "jpeg"]

WENZHOU_ATTACHMENTS = [
    ("专业理论证明材料（项目研究报告、产品设计方案等，注明所有参与起草人及排名）", True, "", None, "upload",
     "四(一)1", ""),
    ("《破格申报机械专业工程师自评赋分表》", True, "exceptional", None, "upload", "四(一)2、附件3",
     "不符合学历和资历破格申报工程师的提供，须由2名本专业或相近专业副高级以上专家署名推荐"),
]  # fmt: skip

LINPING_ATTACHMENTS = [
    ("学历和学位证书及认证材料", False, "", None, "upload", "附件2 二5(1)",
     "适用于省平台无法查询学历学位信息人员（教育部学历、学位证书电子注册备案表、认证报告等）"),
    ("近4年专业技术职务资格聘书", True, "", None, "upload", "附件2 二5(2)", "申报当年须在聘"),
    ("劳动（聘用）合同", True, "", None, "upload", "附件2 二5(3)",
     "现履行期内的合同必须提供；之前的合同无法提供的，可用能反映当时工作单位的社会保险参保记录替代"),
    ("省外缴纳社保的相关证明", True, "out_of_province_insurance", None, "upload", "附件2 二5(4)",
     "本省内社保由系统自动获取，无需提供"),
    ("近三年以来继续教育学时登记证明", False, "", None, "upload", "附件2 二5(5)",
     "适用于通过浙江省工业和信息化领域专业技术人员继续教育学时登记管理系统登记90学时以上人员"),
    ("技能人才佐证材料（职业资格、职业技能等级证书或荣誉、竞赛证书、文件）", True, "skilled", None, "upload",
     "附件2 二3(2)", ""),
    ("《破格推荐中级专业技术职务任职资格审批表》", True, "exceptional", None, "upload", "附件2 二5(10)", ""),
    ("带有水印的《专业技术职务任职资格评审表》一式1份", True, "", None, "paper_after_pass", "二3、附件4 1",
     "只有评审通过人员才需邮寄，可以单位统一邮寄"),
    ("《破格推荐中级专业技术资格审批表》1份", True, "exceptional", None, "paper_after_pass", "附件4 2",
     "只有评审通过人员才需邮寄"),
    ("回寄地址", True, "", None, "paper_after_pass", "附件4 3", "《评审表》盖章后通过EMS到付方式寄回"),
]  # fmt: skip

ZHEJIANG_SENIOR_ATTACHMENTS = [
    ("《高校毕业生登记表》或国外（港澳台）学历学位认证书", False, "", None, "upload", "四(五)、附件2 二4",
     "2001年之前毕业的提供《高校毕业生登记表》；国外或港澳台学历学位提供教育部留学服务中心认证书"),
    ("省外缴纳社保的相关证明", True, "out_of_province_insurance", 3, "upload", "四(五)",
     "近三年内有在外省交纳社保的提供；本省内社保由系统自动提取"),
    ("继续教育学时证明", True, "", None, "upload", "附件2 二7", "在各市人社部门或省工业和信息化领域学时登记平台登记"),
    ("《事业单位人员职称申报岗位信息表》", True, "public_institution", None, "upload", "四(六)、附件2 二11",
     "由所在单位、主管部门及人力社保部门填写意见并盖章"),
    ("《评审打分表》", True, "", None, "upload", "附件2 二12", "机电制造专业申报人员填写"),
]  # fmt: skip

WENLING_ATTACHMENTS = [
    ("2019—2022年继续教育学时登记证明", True, "", None, "upload", "附件3 二5(1)",
     "通过台州市继续教育学时管理系统打印"),
    ("省外社保缴纳证明", True, "out_of_province_insurance", 1, "upload", "二(二)1(3)、附件3 二5(2)",
     "仅适用于近1年内有省外社保缴纳记录的人员"),
    ("事业单位人员职称申报岗位信息表", True, "public_institution", None, "upload", "附件3 二5(3)",
     "适用于事业单位在编人员，非在编人员提供单位说明"),
    ("累计4年现任专业技术职务资格聘书", True, "", None, "upload", "附件3 二5(4)", "申报当年须在聘"),
    ("学历证书及认证材料", False, "", None, "upload", "附件3 二5(5)",
     "学信网上无法查询学历信息的提供毕业生就业登记表、国外（港澳台）学历学位认证书等"),
    ("技能人才佐证材料", True, "skilled", None, "upload", "附件3 二3(3)", ""),
    ("《破格（越级）推荐中级专业技术资格审批表》", True, "exceptional_or_skip_level", None, "upload",
     "附件3 二3(2)、附件5 二11、三5", "“符合条件”栏须写明具体理由和依据"),
    ("纸质论文代表作1份", True, "", None, "paper_at_interview", "附件5 一3", "参加面试的提交"),
]  # fmt: skip

ATTACHMENTS = {
    "wenzhou": WENZHOU_ATTACHMENTS,
    "linping": LINPING_ATTACHMENTS,
    "zhejiang_senior": ZHEJIANG_SENIOR_ATTACHMENTS,
    "wenling": WENLING_ATTACHMENTS,
}


# The road after qualification as the 温州 notice sets it (seed 000): 评审费 collected offline by the
# 市机械工程学会 (七 8); 市职改办 approves before the 学会 publishes the results (五 3–4).
WENZHOU_PROCESS = {
    "results_order": "approval_first",
    "online_payment": False,
    "offline_payment": True,
    "fee_collector": "温州市机械工程学会",
}


# seed 000 五1: 县级人力社保部门、市机械工程学会、市人力社保局逐级对申报对象进行资格审查 — the 市人力社保局's
# review is the last one; the notice names no separate 评委会办公室 check. (kind, deadline, step options)
WENZHOU_STAGES = [
    ("employer", None),
    ("county", None, {"office_kind": "hrss", "title": "资格审查"}),
    ("city", None, {"organization": "温州市机械工程学会", "title": "资格审查"}),
    ("city", date(2020, 10, 31), {"office_kind": "hrss", "title": "资格审查"}),
]


# Assessments exactly where a notice holds them, each gating the review with its pass mark. No notice
# names a mark, so each uses 及格 = 60 of 100 (seed 003 二(二)2 says 及格者进入综合评审).
# A row: (kind, name, levels, min_examiners, clause).
WENZHOU_ASSESSMENTS = [
    # seed 000 五2: 市机械工程学会组织理论考试和面试答辩; 六: 业绩评估、理论考试、答辩面试相结合.
    ("theory", "理论考试", [], 1, "000 五2、六"),
    ("interview", "面试答辩", [], 1, "000 五2、六"),
]
WENLING_ASSESSMENTS = [
    # seed 003 二(二)2: 组织不少于3人的专业评议组专家开展实操考评，及格者进入综合评审;
    # 附件1 五: 工程系列中级申报对象须参加专业实操作考评 — the 工程师 level only.
    ("practical", "实操评议", ["intermediate"], 3, "003 二(二)2、附件1 五"),
]


def _plans(today: date) -> list[dict]:
    return [
        {
            "name": "2020年度温州市机械专业中、初级专业技术资格评审",
            "year": 2020,
            "committee": "温州市机械工程专业中初级评审委员会",
            "notice": "wenzhou-2020",
            "specialty": "机械",
            "levels": ["assistant", "intermediate"],
            "declaration_types": ["normal", "exceptional", "transfer"],
            "ruleset_id": "wenzhou-mech-2020",
            "seniority_cutoff": date(2020, 12, 31),
            "achievements_cutoff": date(2020, 8, 31),
            "apply_start": date(2020, 9, 15),
            "apply_end": date(2020, 10, 31),
            "stages": WENZHOU_STAGES,
            "intake": ["鹿城区人力资源和社会保障局", "瓯海区人力资源和社会保障局"],
            "fees": {"intermediate": "180", "assistant": "100"},
            "attachments": "wenzhou",
            # 四(一), 附件1 9: 一式2份，A4纸打印, exported after the fee is paid.
            "print": {"review_form_copies": 2, "review_form_paper": "A4"},
            "process": WENZHOU_PROCESS,
            "assessments": WENZHOU_ASSESSMENTS,
            "paper": "wenzhou",
            "status": "closed",
        },
        {
            "name": "2022年度临平区制造业专业工程师资格评审",
            "year": 2022,
            "committee": "杭州市临平区制造业工程技术人员工程师资格评审委员会",
            "notice": "linping-2022",
            "specialty": "制造业",
            "levels": ["intermediate"],
            # seed 001 附件2 二3: 直接申报（含技能人才）is chosen as 正常申报.
            "declaration_types": ["normal", "exceptional", "transfer"],
            "ruleset_id": "linping-manufacturing-2022",
            "seniority_cutoff": date(2022, 12, 31),
            "apply_start": date(2022, 8, 1),
            "apply_end": date(2022, 8, 15),
            "employer_deadline": date(2022, 8, 26),
            "review_start": date(2022, 11, 1),
            "review_end": date(2022, 11, 30),
            "allowed": [
                "机电制造",
                "电子",
                "电气",
                "电力",
                "化工",
                "轻工",
                "纺织服装",
                "食品",
                "材料",
                "能源",
                "石油",
            ],
            "excluded": ["计算机技术与软件", "机动车检测维修", "通信工程", "医疗器械", "工业设计"],
            "stages": [("employer", date(2022, 8, 26)), ("county", None), ("committee_office", None)],
            "intake": ["杭州市临平区人力资源和社会保障局"],
            "fees": {},
            "attachments": "linping",
            "paper": "linping",
            # 附件2 二8: exported after 中评委办公室资格审核, watermark as quoted; 附件4 1: 一式1份.
            "print": {
                "review_form_copies": 1,
                "review_form_paper": "A4",
                "watermark": "浙江省专业技术任职资格申报与评审管理平台",
                "review_form_after": "qualified",
                "representative_is_writing": True,
            },
            "status": "closed",
        },
        {
            "name": "2022年度台州（温岭）机电专业工程师任职资格评审",
            "year": 2022,
            "committee": "台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会",
            "notice": "wenling-2022",
            "specialty": "机电",
            "levels": ["assistant", "intermediate"],
            "declaration_types": ["normal", "exceptional", "skip_level", "transfer", "skilled"],
            "ruleset_id": "wenling-mechatronics-2022",
            "seniority_cutoff": date(2022, 12, 31),
            "apply_start": date(2022, 9, 1),
            "apply_end": date(2022, 10, 20),
            "employer_deadline": date(2022, 11, 2),
            "paper_start": date(2022, 10, 31),
            "paper_end": date(2022, 11, 15),
            "review_start": date(2022, 9, 1),
            "review_end": date(2022, 12, 31),
            # 三: 主管部门推荐上报 (温岭市经信局); 无主管部门的非公企业经单位审核同意后直接推荐报送.
            "stages": [
                ("employer", date(2022, 11, 2)),
                ("county", None, {"office_kind": "eit", "non_public_direct": True}),
                ("committee_office", None),
            ],
            "intake": ["温岭市经济和信息化局"],
            "fees": {},
            "attachments": "wenling",
            "paper": "wenling",
            # 附件5 一2: 管理服务平台 watermark, A3 正反面中缝装订, 一式2份, after the employer approves.
            "print": {
                "review_form_copies": 2,
                "review_form_paper": "A3",
                "watermark": "浙江省专业技术任职资格申报与评审管理服务平台",
                "review_form_after": "employer_approved",
                "representative_is_writing": True,
            },
            "assessments": WENLING_ASSESSMENTS,
            "status": "closed",
        },
        {
            "name": "2020年度浙江省机电制造专业高级工程师职务任职资格评审",
            "year": 2020,
            "committee": "浙江省机电制造专业高级工程师职务任职资格评审委员会",
            "notice": "zhejiang-2020",
            "specialty": "机电制造",
            "levels": ["associate_senior"],
            "declaration_types": ["normal", "exceptional", "skilled"],
            "ruleset_id": "zhejiang-mech-senior-2020",
            "seniority_cutoff": date(2020, 12, 31),
            "apply_start": date(2020, 8, 11),
            "apply_end": date(2020, 10, 10),
            "department_deadline": date(2020, 10, 10),
            "review_start": date(2020, 11, 1),
            "review_end": date(2020, 12, 31),
            "stages": [
                ("employer", None),
                ("county", None),
                ("city", date(2020, 10, 10)),
                ("committee_office", None),
            ],
            "intake": ["鹿城区人力资源和社会保障局", "温州市人力资源和社会保障局", "浙江省经济和信息化厅"],
            "fees": {},
            "attachments": "zhejiang_senior",
            "paper": "zhejiang_senior",
            # 附件2 一2 and 二1: the senior roster's title; 评审表 一式三份, 系统导出带水印.
            "print": {
                "review_form_copies": 3,
                "review_form_paper": "A4",
                "roster_title": "推荐高级工程师职务任职资格人员花名册",
                "representative_is_writing": True,
            },
            "notes": "通知未单列个人申报起始日：此处以发文日起算、以主管部门材料报送截止日为止。",
            "status": "closed",
        },
        {
            "name": f"{today.year}年度温州市机械专业中、初级专业技术资格评审（演示）",
            "year": today.year,
            "committee": "温州市机械工程专业中初级评审委员会",
            "notice": None,
            "specialty": "机械",
            "levels": ["assistant", "intermediate"],
            "declaration_types": ["normal", "exceptional", "transfer"],
            "ruleset_id": "wenzhou-mech-2020",
            "seniority_cutoff": date(today.year, 12, 31),
            "achievements_cutoff": today + timedelta(days=40),
            # Opened 75 days ago so that the demo's earlier files have already reached every later step
            # (load_demo replays them through the services); no review window, the panels meet as files arrive.
            "apply_start": today - timedelta(days=75),
            "apply_end": today + timedelta(days=40),
            "employer_deadline": today + timedelta(days=50),
            "department_deadline": today + timedelta(days=60),
            "stages": [
                ("employer", today + timedelta(days=50)),
                ("county", today + timedelta(days=55)),
                ("city", today + timedelta(days=60)),
                ("committee_office", today + timedelta(days=70)),
            ],
            "intake": [
                "鹿城区人力资源和社会保障局",
                "瓯海区人力资源和社会保障局",
                "温州市人力资源和社会保障局",
            ],
            "fees": {"intermediate": "180", "assistant": "100"},
            "attachments": "wenzhou",
            "print": {"review_form_copies": 2, "review_form_paper": "A4"},
            "process": WENZHOU_PROCESS,
            "assessments": WENZHOU_ASSESSMENTS,
            "notes": "演示计划：日期随演示数据加载日期滚动，便于体验完整申报流程。",
            "status": "published",
        },
    ]


# The 专家库: accounts with a profile in their committee's pool (login, name, committee, specialty, title, works at).
# 钱立群 is the demo's 评审专家 account; each committee has three, so every seed season's panel is its own pool.
EXPERTS = [
    ("13800000005", "钱立群", "温州市机械工程专业中初级评审委员会", "机械", "正高级工程师", "温州大学机电工程学院"),
    ("13800000021", "黄振华", "温州市机械工程专业中初级评审委员会", "机械", "高级工程师", "浙江正泰电器股份有限公司"),
    ("13800000022", "徐文博", "温州市机械工程专业中初级评审委员会", "机电", "教授级高级工程师", "温州职业技术学院"),
    ("13800000023", "郑丽娟", "温州市机械工程专业中初级评审委员会", "机械制造", "高级工程师", "温州市特种设备检测研究院"),
    ("13800000024", "吴国平", "温州市机械工程专业中初级评审委员会", "电气", "高级工程师", "国网温州供电公司"),
    ("13800000025", "蒋晓东", "温州市机械工程专业中初级评审委员会", "材料", "正高级工程师", "浙江工业大学材料科学与工程学院"),
    ("13800000031", "沈建明", "杭州市临平区制造业工程技术人员工程师资格评审委员会", "机电制造", "正高级工程师", "浙江大学机械工程学院"),
    ("13800000032", "陆佳颖", "杭州市临平区制造业工程技术人员工程师资格评审委员会", "电子", "高级工程师", "杭州电子科技大学"),
    ("13800000033", "方志远", "杭州市临平区制造业工程技术人员工程师资格评审委员会", "化工", "高级工程师", "浙江工业大学化工学院"),
    ("13800000041", "叶海涛", "台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会", "机电", "正高级工程师", "台州学院"),
    ("13800000042", "林国栋", "台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会", "机电", "高级工程师", "浙江利欧集团"),
    ("13800000043", "王秀英", "台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会", "机电", "高级工程师", "台州职业技术学院"),
    ("13800000051", "朱宏伟", "浙江省机电制造专业高级工程师职务任职资格评审委员会", "机电制造", "正高级工程师", "浙江大学"),
    ("13800000052", "胡美琴", "浙江省机电制造专业高级工程师职务任职资格评审委员会", "机电制造", "正高级工程师", "浙江工业大学"),
    ("13800000053", "潘一鸣", "浙江省机电制造专业高级工程师职务任职资格评审委员会", "机电制造", "正高级工程师", "杭州汽轮机股份有限公司"),
]  # fmt: skip

# Each seed plan's season replayed to its end, three applicants each (issue 13 §6).
SEASON_APPLICANTS = 3
# The open demo plan: small batches left waiting at each step, deepest first (each later batch stops
# earlier, so no batch's step sweeps up another's files). Existing demo people wait at employer/county/city.
DEMO_BATCHES = [
    ("approval", 2),
    ("review", 2),
    ("assessment", 2),
    ("fee", 1),
    ("publicity", 2),
    ("office", 1),
]


def load_demo(today: date | None = None, *, with_people: bool = True, with_seasons: bool = False) -> dict:
    """with_seasons (the load_demo command): each seed plan's season replayed to its end and files left
    waiting at every step of the open plan, through the services (zhicheng/demo/season.py)."""
    result = _load_demo(today, with_people=with_people)
    if with_seasons and with_people:
        result["seasons"] = _load_seasons()
    return result


def _load_seasons() -> str:
    """Replayed once: a plan that already has applications is left as it is."""
    try:
        # a dev dependency, absent in production: only asked whether it is installed
        import time_machine  # noqa: F401
    except ImportError:
        return "未安装开发依赖 time-machine，跳过往年评审回放。"
    done = []
    for code in ["wenzhou-mech-2020", "linping-manufacturing-2022", "zhejiang-mech-senior-2020",
                 "wenling-mechatronics-2022"]:  # fmt: skip
        plan = seed_plan(code)
        if plan is not None and not plan.applications.exists():
            replay(plan, SEASON_APPLICANTS, seed=None)
            done.append(plan.year)
    demo_plan = (
        Plan.objects.filter(name__endswith="（演示）", status=Plan.Status.PUBLISHED).order_by("-year").first()
    )
    if demo_plan is not None and not demo_plan.applications.filter(status="qualified").exists():
        for stop_at, n in DEMO_BATCHES:
            replay(demo_plan, n, seed=None, stop_at=stop_at)
    return f"已回放 {len(done)} 个往年评审计划。"


def _experts(committees) -> int:
    created = 0
    for login, name, committee, specialty, title, works_at in EXPERTS:
        user = User.objects.filter(username=login_key(login)).first()
        if user is None:
            user = User.objects.create_user(
                login=login, password=DEMO_PASSWORD, role=Role.EXPERT, real_name=name
            )
            created += 1
        if hasattr(user, "expert_profile"):
            continue
        c = committees[committee]
        office = (
            User.objects.filter(organization=c.organization, role=Role.COMMITTEE_OFFICE)
            .order_by("pk")
            .first()
        )
        expert_profile_save(
            actor=office, committee=c, user=user, specialty=specialty, level="senior", title=title,
            organization_name=works_at, affiliations=[(works_at, 2010, None)],
        )  # fmt: skip
    return created


@transaction.atomic
def _load_demo(today: date | None = None, *, with_people: bool = True) -> dict:
    if not settings.DEMO_MODE:
        raise RuntimeError("演示数据只能在演示模式下加载（生产环境拒绝加载）。")

    today = today or timezone.localdate()
    for code, name, level, parent in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )

    def org(name, kind, region, department_kind=""):
        obj, _ = Organization.objects.update_or_create(
            name=name, kind=kind, defaults={"region_id": region, "department_kind": department_kind}
        )
        return obj

    departments = {name: org(name, "department", region, dk) for name, region, dk in DEPARTMENTS}
    bureaus = {name: org(name, "hr_bureau", region) for name, region in HR_BUREAUS}
    platform = org("职称申报与评审平台运营中心", "platform", "330000")
    committees = {}
    for c in COMMITTEES:
        o = org(c["name"], "committee", c["region"])
        committees[c["name"]], _ = Committee.objects.update_or_create(
            organization=o,
            defaults={
                "level": c["level"],
                "specialties": c["specialties"],
                "organizer": c["organizer"],
                "hr_bureau": bureaus[c["hr_bureau"]],
                "description": c["description"],
            },
        )
    employers = {}
    for name, uscc, region, nature, status, contact in [
        ("温州精工机械有限公司", "91330302MA2AB12341", "330302", "私营企业和个体工商户", "approved", "李慧"),
        (
            "温州瓯海明达阀门有限公司",
            "91330304MA2CD5678N",
            "330304",
            "私营企业和个体工商户",
            "awaiting_letter",
            "陈立",
        ),
    ]:
        o = org(name, "employer", region)
        employers[name], _ = Employer.objects.update_or_create(
            organization=o,
            defaults={"uscc": uscc, "nature": nature, "status": status, "contact_name": contact},
        )

    notices = {}
    for n in NOTICES:
        fields = {k: v for k, v in n.items() if k != "key"}
        notices[n["key"]], _ = Notice.objects.update_or_create(title=n["title"], defaults=fields)

    for p in _plans(today):
        plan, _ = Plan.objects.update_or_create(
            committee=committees[p["committee"]],
            year=p["year"],
            name=p["name"],
            defaults={
                "specialty": p["specialty"],
                "levels": p["levels"],
                "declaration_types": p["declaration_types"],
                "ruleset_id": p["ruleset_id"],
                "seniority_cutoff": p["seniority_cutoff"],
                "achievements_cutoff": p.get("achievements_cutoff"),
                "apply_start": p["apply_start"],
                "apply_end": p["apply_end"],
                "employer_deadline": p.get("employer_deadline"),
                "department_deadline": p.get("department_deadline"),
                "paper_start": p.get("paper_start"),
                "paper_end": p.get("paper_end"),
                "review_start": p.get("review_start"),
                "review_end": p.get("review_end"),
                "allowed_specialties": p.get("allowed", []),
                "excluded_specialties": p.get("excluded", []),
                "notes": p.get("notes", ""),
                "notice": notices.get(p["notice"]) if p["notice"] else None,
                "status": p["status"],
                **p.get("print", {}),
            },
        )
        plan.intake_departments.set([departments[name] for name in p["intake"]])
        # Updated in place, never deleted: demo applications already point at these rows.
        for i, (kind, deadline, *step) in enumerate(p["stages"]):
            options = dict(step[0]) if step else {}
            held_by = options.pop("organization", None)
            PlanStage.objects.update_or_create(
                plan=plan,
                order=i + 1,
                defaults={
                    "kind": kind, "deadline": deadline, "office_kind": "", "title": "", "non_public_direct": False,
                    "organization": departments[held_by] if held_by else None, **options,
                },
            )  # fmt: skip
        for lvl, amount in p["fees"].items():
            PlanFee.objects.update_or_create(plan=plan, level=lvl, defaults={"amount": Decimal(amount)})
        if p.get("process"):
            EvaluationRules.objects.update_or_create(
                plan=plan,
                defaults=p["process"],
                create_defaults={**p["process"], "scoring_form": [dict(i) for i in DEFAULT_SCORING_FORM]},
            )
        kinds = []
        for i, (kind, name, levels, examiners, _clause) in enumerate(p.get("assessments", [])):
            AssessmentSpec.objects.update_or_create(
                plan=plan, kind=kind,
                defaults={"name": name, "levels": levels, "min_examiners": examiners, "order": i + 1,
                          "full_mark": Decimal("100"), "pass_mark": Decimal("60"), "required": True},
            )  # fmt: skip
            kinds.append(kind)
        # Specs a notice does not hold are removed, unless a sitting already points at them.
        plan.assessment_specs.exclude(kind__in=kinds).filter(sittings__isnull=True).delete()
        rows = ATTACHMENTS[p["attachments"]]
        for i, (name, req, condition, years, delivery, clause, note) in enumerate(rows):
            PlanAttachment.objects.update_or_create(
                plan=plan,
                name=name,
                defaults={
                    "order": i, "required": req, "condition": condition, "condition_years": years,
                    "delivery": delivery, "clause": clause, "note": note, "allowed_types": PDF_JPG, "max_mb": 10,
                },
            )  # fmt: skip
        # Rows an earlier demo load created and the notice does not list (uploads keep their name).
        plan.attachments.exclude(name__in=[r[0] for r in rows]).delete()
        _paper_steps(plan, PAPER_STEPS.get(p.get("paper", ""), []))

    accounts = [
        ("13800000001", Role.APPLICANT, "张明远", None, "330302199001011235"),
        ("13800000002", Role.EMPLOYER, "李慧", employers["温州精工机械有限公司"].organization, ""),
        ("13800000003", Role.DEPARTMENT, "王建国", departments["鹿城区人力资源和社会保障局"], ""),
        (
            "13800000004",
            Role.COMMITTEE_OFFICE,
            "赵敏",
            committees["温州市机械工程专业中初级评审委员会"].organization,
            "",
        ),
        ("13800000005", Role.EXPERT, "钱立群", None, ""),
        ("13800000006", Role.HR_BUREAU, "孙红", bureaus["温州市职称改革领导小组办公室"], ""),
        ("admin", Role.ADMIN, "平台管理员", platform, ""),
    ]
    created = 0
    for login, role, name, organization, id_number in accounts:
        user = User.objects.filter(username=login_key(login)).first()
        if user is None:
            User.objects.create_user(
                login=login,
                password=DEMO_PASSWORD,
                role=role,
                real_name=name,
                organization=organization,
                id_number=id_number,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            created += 1
    # A second department account shows the county → city chain of the open demo plan.
    if not User.objects.filter(username=login_key("13800000007")).exists():
        User.objects.create_user(
            login="13800000007", password=DEMO_PASSWORD, role=Role.DEPARTMENT, real_name="周海",
            organization=departments["温州市人力资源和社会保障局"],
        )  # fmt: skip
        created += 1
    # seed 000 五1: the 学会's own 资格审查 desk, between the county and the city bureau.
    if not User.objects.filter(username=login_key("13800000008")).exists():
        User.objects.create_user(
            login="13800000008", password=DEMO_PASSWORD, role=Role.DEPARTMENT, real_name="郑文",
            organization=departments["温州市机械工程学会"],
        )  # fmt: skip
        created += 1
    if not with_people:
        return {"plans": Plan.objects.count(), "accounts_created": created}
    for c in committees.values():  # the 专家库 is kept by each committee's office
        if not User.objects.filter(organization=c.organization, role=Role.COMMITTEE_OFFICE).exists():
            User.objects.create_user(
                login=f"office-{c.organization.pk}", password=DEMO_PASSWORD, role=Role.COMMITTEE_OFFICE,
                real_name=f"{c.organization.name[:6]}办公室", organization=c.organization,
            )  # fmt: skip
    created += _experts(committees)

    demo_plan = Plan.objects.get(
        committee=committees["温州市机械工程专业中初级评审委员会"], year=today.year, name__endswith="（演示）"
    )
    created += load_demo_people(
        password=DEMO_PASSWORD,
        employer=employers["温州精工机械有限公司"],
        employer_user=User.objects.get(username=login_key("13800000002")),
        main_applicant=User.objects.get(username=login_key("13800000001")),
        plan=demo_plan,
        intake=departments["鹿城区人力资源和社会保障局"],
    )
    return {"plans": Plan.objects.count(), "accounts_created": created}


# Paper materials as each notice asks (docs/process.md): (when, title, start, end, address, contact, items,
# copies, stamp_and_return, clause).
PAPER_STEPS = {
    # seed 000 七 and 附件1 9: 评审费缴纳成功后导出评审表（一式2份，A4），经所在单位、县级人力社保局盖章后
    # 报送市机械工程学会，9月15日—10月31日 — checked by the 学会 before the review.
    "wenzhou": [
        (
            "before_review",
            "报送评审表",
            date(2020, 9, 15),
            date(2020, 10, 31),
            "温州市机械工程学会（温州市学院中路276号科技合作大楼7楼）",
            "86591590",
            ["《专业技术职务任职资格评审表》一式2份（A4纸打印，经所在单位、县级人力社保局盖章）"],
            2,
            False,
            "七；附件1 9",
        ),
    ],
    # seed 003 四: 原件核查时间10月31日至11月15日; 附件5 一1–2 and 二2–9: the originals and the forms.
    "wenling": [
        (
            "before_review",
            "原件核查",
            date(2022, 10, 31),
            date(2022, 11, 15),
            "温岭市大溪镇金利路8号泵业服务综合体9楼",
            "89965795",
            [
                "《评委会评审对象资格审查花名册》（用人单位或主管部门汇总报送，一式1份，另附Excel电子文档）",
                "《专业技术职务任职资格评审表》一式2份（A3纸正反面打印，中缝装订，贴照片）",
                "身份证、现任专业技术资格证书、聘任证书、学历学位证书原件",
                "职称外语或计算机合格证书、执（职）业资格证书原件",
                "获奖、荣誉、科研、专利、标准等材料原件或经验证盖章的复印件",
                "近3年（2019-2021）年度考核材料原件",
                "著作、论文、项目报告等原件或经验证盖章的复印件1套（含代表作）",
            ],
            2,
            False,
            "四；附件5 一、二",
        ),
    ],
    # seed 001 二3, 附件4: 只有评审通过人员才需邮寄；盖章后EMS到付寄回.
    "linping": [
        (
            "after_pass",
            "邮寄纸质材料",
            None,
            None,
            "临平区人社局人才开发科（临平南大街265号市民之家721办公室）",
            "李小军 86106880",
            [
                "带有水印的《专业技术职务任职资格评审表》一式1份",
                "《破格推荐中级专业技术资格审批表》1份（破格申报人员）",
                "回寄地址",
            ],
            1,
            True,
            "二3；附件4",
        ),
    ],
    # seed 002 一 and 附件2 一、二1: 材料报送截止10月10日；评审表一式三份，花名册和委托书由市、省直单位报送.
    "zhejiang_senior": [
        (
            "before_review",
            "报送纸质材料",
            date(2020, 8, 11),
            date(2020, 10, 10),
            "浙江省机械工业联合会（杭州市大学路高官弄9号科研信息楼504室）",
            "黄建芳 0571-87886870",
            [
                "《专业技术资格评审表》一式三份（系统导出带水印）",
                "市、省直单位人事职改部门开具的评审委托书1份",
                "《推荐高级工程师职务任职资格人员花名册》1份",
            ],
            3,
            False,
            "一；附件2 一、二1",
        ),
    ],
}


def _paper_steps(plan, rows) -> None:
    for when, title, start, end, address, contact, items, copies, stamp, clause in rows:
        PaperStep.objects.update_or_create(
            plan=plan, when=when,
            defaults={"title": title, "start": start, "end": end, "address": address, "contact": contact,
                      "items": items, "copies": copies, "stamp_and_return": stamp, "clause": clause},
        )  # fmt: skip
