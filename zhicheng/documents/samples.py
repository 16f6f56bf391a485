"""Realistic sample data for every document: browser previews, tests and the benchmark.

The people and employers are invented; the shapes (stages, columns, wording) follow the
seed notices so a preview shows what a real applicant's form will look like.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFilter

from .data import (
    Achievement,
    AnnualAssessment,
    ApplicantDetails,
    AuthorizationLetterData,
    ContinuingEducationYear,
    DelegatedPerson,
    DelegationLetterData,
    EducationEntry,
    ExceptionalApprovalData,
    Graduation,
    MailingChecklistData,
    PublicityRecord,
    PublicityRow,
    PublicitySheetData,
    ReviewFormData,
    RosterMeta,
    RosterRow,
    StageOpinion,
    TitleEntry,
    VoteTally,
    WorkEntry,
    default_mailing_items,
)

SAMPLE_ID_NUMBER = "330102199003071234"
SAMPLE_PHONE = "13618543546"

SELF_STATEMENT = (
    "本人2012年7月毕业于浙江工业大学机械设计制造及其自动化专业，同年进入温岭市东海泵业有限公司从事离心泵产品设计开发工作，"
    "2017年取得助理工程师资格并受聘至今。任现职以来，主要承担高效节能离心泵的水力模型设计、结构优化和工艺改进工作。\n"
    "一是主持完成QJ系列井用潜水电泵的水力模型优化，借助CFD仿真对叶轮、导叶进行参数化设计，样机效率提高4.2个百分点，"
    "产品通过浙江省节能产品认证，年新增产值约3200万元。\n"
    "二是作为主要完成人参与温岭市重点技术创新项目“智能变频供水设备研发及产业化”，负责电机与泵体一体化结构设计，"
    "项目于2021年通过温岭市科技局验收，获授权实用新型专利2项。\n"
    "三是牵头编写企业标准Q/WDH 012—2020《井用潜水电泵》，规范了产品出厂检验项目，一次交检合格率由96.1%提升到99.2%。\n"
    "四是指导两名助理工程师开展产品设计和试验工作，组织部门内部技术培训十余次。\n"
    "今后本人将继续立足泵与电机行业，在高效节能产品开发方面发挥更大作用。"
)


def sample_photo(*, seed: int = 7, width: int = 358, height: int = 441) -> bytes:
    """A 2寸-proportioned white-background JPEG (seed 001 附件2: >215×300 px, ratio 0.65–0.8,
    30 KB–1 MB). Drawn, with sensor-like noise, so its size and entropy resemble a real photo."""
    rng = random.Random(seed)
    img = Image.new("RGB", (width, height), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    skin = (224 - rng.randrange(20), 186 - rng.randrange(20), 160 - rng.randrange(20))
    cx = width // 2
    draw.ellipse((cx - 150, int(height * 0.70), cx + 150, height + 160), fill=(35, 45, 80))  # jacket
    draw.polygon(
        [(cx - 40, int(height * 0.70)), (cx + 40, int(height * 0.70)), (cx, int(height * 0.86))],
        fill=(245, 245, 245),
    )
    draw.rectangle((cx - 22, int(height * 0.55), cx + 22, int(height * 0.72)), fill=skin)  # neck
    draw.ellipse((cx - 78, int(height * 0.16), cx + 78, int(height * 0.62)), fill=skin)  # face
    draw.chord(
        (cx - 84, int(height * 0.11), cx + 84, int(height * 0.42)), 180, 360, fill=(25, 22, 20)
    )  # hair
    for ex in (cx - 32, cx + 32):
        draw.ellipse((ex - 9, int(height * 0.37), ex + 9, int(height * 0.40)), fill=(40, 30, 30))
    draw.arc((cx - 26, int(height * 0.46), cx + 26, int(height * 0.53)), 20, 160, fill=(150, 80, 80), width=3)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.merge("RGB", [Image.effect_noise((width, height), 40 + 5 * k) for k in range(3)])
    img = Image.blend(img, noise, 0.10)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


def standard_opinions(*, decided: bool = True) -> tuple[StageOpinion, ...]:
    """The chain of seed 003: employer → 主管部门 → 评委会 (资格审查, 评审) → 人社部门."""
    if not decided:
        return (
            StageOpinion(kind="employer", title="所在单位意见", organisation="温岭市东海泵业有限公司"),
            StageOpinion(kind="department", title="主管部门意见", organisation="温岭市经济和信息化局"),
            StageOpinion(kind="committee_office", title="评委会资格审查意见"),
            StageOpinion(kind="committee", title="评审委员会评审意见"),
            StageOpinion(kind="hr_bureau", title="人力社保部门审批意见"),
        )
    return (
        StageOpinion(
            kind="employer",
            title="所在单位意见",
            organisation="温岭市东海泵业有限公司",
            opinion="经审核，该同志申报材料真实、完整，符合工程师任职资格申报条件，同意推荐。",
            decided_on=date(2022, 9, 28),
            publicity=PublicityRecord(start=date(2022, 9, 19), end=date(2022, 9, 23)),
        ),
        StageOpinion(
            kind="department",
            title="主管部门意见",
            organisation="温岭市经济和信息化局",
            opinion="经审查，同意推荐。",
            decided_on=date(2022, 10, 12),
        ),
        StageOpinion(kind="committee_office", title="评委会资格审查意见"),
        StageOpinion(kind="committee", title="评审委员会评审意见"),
        StageOpinion(kind="hr_bureau", title="人力社保部门审批意见"),
    )


def sample_review_form(
    *, name: str = "陈立峰", photo: bytes | None = None, reference: str = "ZC2022-331081-000127"
) -> ReviewFormData:
    applicant = ApplicantDetails(
        name=name,
        gender="男",
        birth_date=date(1990, 3, 7),
        id_number=SAMPLE_ID_NUMBER,
        phone=SAMPLE_PHONE,
        ethnicity="汉族",
        political_status="中共党员",
        employer="温岭市东海泵业有限公司",
        employer_nature="私营企业和个体工商户",
        department_position="技术中心 产品设计工程师",
        administrative_post="技术中心副主任",
        work_start=date(2012, 7, 1),
        specialty_years=10,
        photo=photo,
    )
    assistant = TitleEntry(
        name="助理工程师",
        obtained_on=date(2017, 12, 20),
        issued_by="台州市机电工程技术人员初级评审委员会",
        appointed_on=date(2018, 1, 1),
        certificate_no="Z1733100012345",
    )
    return ReviewFormData(
        reference=reference,
        year=2022,
        committee="台州（温岭）机电工程师协同创新中心专业技术职务评聘委员会",
        series="工程技术",
        specialty="机电制造",
        qualification="工程师",
        level="中级",
        declaration_type="正常申报",
        applicant=applicant,
        current_qualification=assistant,
        current_post="助理工程师",
        current_post_since=date(2018, 1, 1),
        education=(
            EducationEntry(
                start=date(2008, 9, 1),
                end=date(2012, 6, 30),
                school="浙江工业大学",
                major="机械设计制造及其自动化",
                level="大学本科",
                degree="工学学士",
                mode="全日制",
            ),
        ),
        work_history=(
            WorkEntry(
                start=date(2012, 7, 1),
                end=date(2017, 12, 31),
                employer="温岭市东海泵业有限公司",
                work="离心泵结构设计",
                post="技术员",
            ),
            WorkEntry(
                start=date(2018, 1, 1),
                employer="温岭市东海泵业有限公司",
                work="潜水电泵水力设计与产品开发",
                post="技术中心副主任",
            ),
        ),
        titles=(
            TitleEntry(
                name="技术员",
                obtained_on=date(2013, 12, 1),
                issued_by="温岭市职称改革领导小组办公室",
                appointed_on=date(2014, 1, 1),
            ),
            assistant,
        ),
        annual_assessments=tuple(
            AnnualAssessment(year=y, result=r, employer="温岭市东海泵业有限公司")
            for y, r in ((2019, "合格"), (2020, "优秀"), (2021, "合格"))
        ),
        continuing_education=tuple(
            ContinuingEducationYear(
                year=y,
                general_hours=g,
                industry_hours=i,
                professional_hours=p,
                registry="台州市继续教育学时管理系统",
            )
            for y, g, i, p in (
                (2019, 18, 12, 66),
                (2020, 18, 12, Decimal("64.8")),
                (2021, 20, 10, 72),
                (2022, 18, 12, 60),
            )
        ),
        achievements=(
            Achievement(
                category="项目",
                title="智能变频供水设备研发及产业化",
                achieved_on=date(2021, 6, 1),
                role="主要完成人（2/7）",
                level="县（市、区）级",
                source="温岭市科技局验收",
            ),
            Achievement(
                category="专利",
                title="一种带冷却夹套的井用潜水电机",
                achieved_on=date(2020, 9, 15),
                role="发明人（1/3）",
                level="实用新型",
                source="ZL202020123456.7",
            ),
            Achievement(
                category="专利",
                title="一种潜水泵导叶体快速定位装置",
                achieved_on=date(2021, 3, 2),
                role="发明人（2/4）",
                level="实用新型",
                source="ZL202021234567.8",
            ),
            Achievement(
                category="标准",
                title="Q/WDH 012—2020《井用潜水电泵》",
                achieved_on=date(2020, 5, 1),
                role="主要起草人",
                level="企业标准",
                source="温岭市东海泵业有限公司",
            ),
            Achievement(
                category="论文",
                title="基于CFD的井用潜水泵导叶水力优化设计",
                achieved_on=date(2021, 11, 1),
                role="第一作者",
                level="省级刊物",
                source="《机电工程》2021年第11期",
            ),
        ),
        self_statement=SELF_STATEMENT,
        opinions=standard_opinions(),
        generated_at=datetime(2022, 10, 14, 9, 30),
        foreign_language="",
        computer="合格",
        publicity_period=PublicityRecord(start=date(2022, 9, 19), end=date(2022, 9, 23)),
    )


def sample_publicity_sheet(*, audience: str = "employer") -> PublicitySheetData:
    rows = (
        PublicityRow(
            name="陈立峰",
            employer="温岭市东海泵业有限公司",
            specialty="机电制造",
            qualification="工程师",
            gender="男",
            education="大学本科",
            current_qualification="助理工程师",
            declaration_type="正常申报",
            achievements_summary="主持QJ系列潜水电泵水力模型优化；实用新型专利2项；企业标准1项",
        ),
        PublicityRow(
            name="林晓燕",
            employer="温岭市东海泵业有限公司",
            specialty="机电制造",
            qualification="工程师",
            gender="女",
            education="大学专科",
            current_qualification="助理工程师",
            declaration_type="破格申报",
            achievements_summary="参与市级重点技术创新项目1项；授权发明专利1项",
        ),
        PublicityRow(
            name="王 浩",
            employer="温岭市东海泵业有限公司",
            specialty="电气自动化",
            qualification="助理工程师",
            gender="男",
            education="大学本科",
            current_qualification="技术员",
            declaration_type="正常申报",
            achievements_summary="完成变频控制柜改造3项",
        ),
    )
    return PublicitySheetData(
        audience=audience,  # type: ignore[arg-type]
        subject="2022年度机电专业工程师任职资格评审申报人员",
        issuer="温岭市东海泵业有限公司" if audience == "employer" else "台州（温岭）机电工程师协同创新中心",
        period_start=date(2022, 9, 19),
        period_end=date(2022, 9, 23),
        contact_department="公司人力资源部" if audience == "employer" else "评委会办公室",
        contact_phone="0576-86123456" if audience == "employer" else "0576-89965795",
        contact_address="温岭市大溪镇金利路8号泵业服务综合体9楼" if audience == "committee" else "",
        rows=rows,
        issued_on=date(2022, 9, 19),
    )


def sample_exceptional_approval() -> ExceptionalApprovalData:
    return ExceptionalApprovalData(
        name="林晓燕",
        gender="女",
        birth_date=date(1991, 5, 12),
        employer="温岭市东海泵业有限公司",
        administrative_post="工艺科科长",
        specialty_years=11,
        graduations=(
            Graduation(
                graduated_on=date(2011, 6, 30),
                school="台州职业技术学院",
                major="机电一体化技术",
                level="大学专科",
            ),
        ),
        current_post="助理工程师",
        appointed_on=date(2019, 1, 1),
        qualification_sought="工程师（机电制造）",
        resume=(
            WorkEntry(
                start=date(2011, 7, 1),
                end=date(2018, 12, 31),
                employer="温岭市东海泵业有限公司",
                work="泵体铸造与机加工工艺",
                post="技术员",
            ),
            WorkEntry(
                start=date(2019, 1, 1),
                employer="温岭市东海泵业有限公司",
                work="生产制造工艺改进",
                post="工艺科科长",
            ),
        ),
        reasons=(
            "该同志具备规定学历，任助理工程师满3年不满4年，属资历破格。任现职以来：\n"
            "1. 作为技术骨干参与台州市重点技术创新项目“高效屏蔽泵关键工艺研究”，2021年通过台州市经信局验收（附件5条件(3)）；\n"
            "2. 获授权发明专利1项“一种泵壳铸件砂芯定位工装”（ZL202110345678.9），本人排名第一（附件2条件(2)）；\n"
            "3. 为温岭市企业重点技术创新团队成员（附件5条件(5)）。\n"
            "符合一般破格申报条件7项中的3项。"
        ),
        employer_opinion=StageOpinion(
            kind="employer",
            title="所在单位意见",
            organisation="温岭市东海泵业有限公司",
            opinion="情况属实，同意破格推荐。",
            decided_on=date(2022, 9, 28),
        ),
        department_opinion=StageOpinion(
            kind="department", title="主管部门意见", organisation="温岭市经济和信息化局"
        ),
        hr_opinion=StageOpinion(
            kind="hr_bureau", title="县市区人社部门意见", organisation="温岭市人力资源和社会保障局"
        ),
    )


def sample_delegation_letter() -> DelegationLetterData:
    persons = tuple(
        DelegatedPerson(
            name=n,
            gender=g,
            employer=e,
            specialty="机电制造",
            current_qualification="助理工程师",
            qualification_sought="工程师",
        )
        for n, g, e in (
            ("陈立峰", "男", "浙江省机电设计研究院温岭分院"),
            ("周佳琪", "女", "浙江省机电设计研究院温岭分院"),
            ("赵一鸣", "男", "国网浙江省电力有限公司温岭市供电公司"),
        )
    )
    return DelegationLetterData(
        committee="台州（温岭）机电工程师协同创新中心专业技术资格评审委员会",
        delegating_unit="浙江省机电设计研究院",
        qualification="工程师",
        persons=persons,
        issued_on=date(2022, 10, 10),
    )


def sample_authorization_letter() -> AuthorizationLetterData:
    return AuthorizationLetterData(
        employer_name="温岭市东海泵业有限公司",
        credit_code="91331081MA2ABCDE1X",
        employer_nature="私营企业和个体工商户",
        region=("浙江省", "台州市", "温岭市"),
        address="温岭市大溪镇工业城泵业路18号",
        legal_representative="胡建国",
        account="zjshhchy04",
        agent_name="胡晓敏",
        agent_id_number="331081198806152345",
        agent_phone=SAMPLE_PHONE,
        issued_on=date(2022, 8, 20),
    )


def sample_mailing_checklist(*, exceptional: bool = True) -> MailingChecklistData:
    return MailingChecklistData(
        plan_name="2022年度临平区制造业专业工程师资格评审",
        applicant_name="陈立峰",
        employer="杭州临平精工机械有限公司",
        qualification="工程师（制造业）",
        applicant_phone=SAMPLE_PHONE,
        items=default_mailing_items(exceptional=exceptional),
        mail_to_address="临平区人社局人才开发科（临平南大街265号市民之家721办公室）",
        mail_to_contact="李小军",
        mail_to_phone="86106880",
        return_address="杭州市临平区经济技术开发区兴中路99号",
        return_recipient="陈立峰",
        return_phone=SAMPLE_PHONE,
        issued_on=date(2022, 11, 25),
    )


ROSTER_META = RosterMeta(
    delegating_unit="温岭市经济和信息化局",
    filled_by="胡晓敏",
    phone="0576-86123456",
    mobile=SAMPLE_PHONE,
    fax="0576-86123457",
    email="hr@donghai-pump.example.cn",
    submitted_on=date(2022, 11, 2),
)

_SURNAMES = "陈林王张李刘赵周吴徐孙胡朱高郑梁谢宋唐许"
_GIVEN = "立峰晓燕浩一鸣佳琪建国志强海涛丽华俊杰文博雪梅国平"
_EMPLOYERS = (
    "温岭市东海泵业有限公司",
    "浙江大元泵业股份有限公司",
    "温岭市利欧电机有限公司",
    "台州新界机电有限公司",
)
_NATURES = ("私营企业和个体工商户", "国有企业", "外商投资企业", "集体企业")
_LEVELS = ("大学本科", "大学专科", "研究生", "中专")
_DEGREES = {"大学本科": "工学学士", "大学专科": "", "研究生": "工学硕士", "中专": ""}


def sample_roster_rows(count: int, *, seed: int = 1) -> Iterator[RosterRow]:
    """A generator, so a 10,000-row benchmark never holds the rows in memory at once."""
    rng = random.Random(seed)
    for i in range(count):
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        level = rng.choice(_LEVELS)
        birth = date(1975 + rng.randrange(25), 1 + rng.randrange(12), 1 + rng.randrange(28))
        yield RosterRow(
            name=name,
            id_number=f"331081{birth:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
            employer=rng.choice(_EMPLOYERS),
            employer_nature=rng.choice(_NATURES),
            gender=rng.choice("男女"),
            birth_date=birth,
            work_start=date(birth.year + 22, 7, 1),
            department_position="技术中心 设计工程师",
            education_level=level,
            degree=_DEGREES[level],
            graduated_on=date(birth.year + 22, 6, 30),
            school="浙江工业大学",
            major="机械设计制造及其自动化",
            specialty="机电制造",
            specialty_years=2022 - birth.year - 22,
            current_qualification="助理工程师",
            current_qualification_on=date(2017, 12, 1),
            current_post="助理工程师",
            current_post_on=date(2018, 1, 1),
            recommended_qualification="工程师",
            assessments=(
                AnnualAssessment(2019, "合格"),
                AnnualAssessment(2020, "优秀"),
                AnnualAssessment(2021, "合格"),
            ),
            ce_hours=360 + rng.randrange(60),
            phone=f"13{rng.randrange(10**9):09d}",
            address="温岭市大溪镇工业城泵业路18号",
            postcode="317525",
            department="温岭市经济和信息化局",
            county="温岭市",
            computer=rng.choice(("", "合格")),
            lower_committee=VoteTally(members=7, present=7, approve=6 + rng.randrange(2), against=0)
            if i % 3 == 0
            else None,
            exceptional_basis="" if i % 10 else "资历破格：具备规定学历，任助理工程师满3年",
            remarks="",
        )
