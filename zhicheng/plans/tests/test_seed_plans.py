"""Each seed plan carries its notice's attachments and print settings (issue 14 §3, §4)."""

import pytest

from zhicheng.demo.seed import load_demo
from zhicheng.plans.models import Plan
from zhicheng.plans.process import steps_for


@pytest.fixture
def seeds(db, settings):
    settings.DEMO_MODE = True
    load_demo(with_people=False)
    return {
        "wenzhou": Plan.objects.get(year=2020, name__startswith="2020年度温州市"),
        "linping": Plan.objects.get(name__startswith="2022年度临平区"),
        "wenling": Plan.objects.get(name__startswith="2022年度台州（温岭）"),
        "senior": Plan.objects.get(name__startswith="2020年度浙江省机电制造"),
    }


def rows(plan):
    return {a.name: a for a in plan.attachments.all()}


def test_out_of_province_insurance_proof_is_asked_only_of_out_of_province_contributors(seeds):
    # seed 001 附件2 二5(4); seed 002 四(五) 近三年内; seed 003 附件3 二5(2) 近1年内.
    for key, name, years in [
        ("linping", "省外缴纳社保的相关证明", None),
        ("senior", "省外缴纳社保的相关证明", 3),
        ("wenling", "省外社保缴纳证明", 1),
    ]:
        proof = rows(seeds[key])[name]
        assert (proof.condition, proof.condition_years) == ("out_of_province_insurance", years), key
    for plan in seeds.values():
        assert not any("社保" in a.name and a.condition == "" for a in plan.attachments.all()), plan.name


def test_linping_asks_for_the_labour_contract_and_four_years_of_appointment_letters(seeds):
    # seed 001 附件2 二5(2)(3)
    linping = rows(seeds["linping"])
    assert linping["劳动（聘用）合同"].required and linping["劳动（聘用）合同"].condition == ""
    assert linping["近4年专业技术职务资格聘书"].clause == "附件2 二5(2)"


def test_linping_paper_materials_are_mailed_only_after_passing(seeds):
    # seed 001 二3, 附件4: 只有评审通过人员才需邮寄.
    mailed = [a for a in seeds["linping"].attachments.all() if a.delivery == "paper_after_pass"]
    assert {a.clause for a in mailed} >= {"二3、附件4 1", "附件4 2"}
    assert next(a for a in mailed if a.clause == "附件4 2").condition == "exceptional"


def test_wenling_asks_for_appointment_letters_post_form_and_the_exceptional_or_skip_level_form(seeds):
    # seed 003 附件3 二5(3)(4); 附件5 三5 《破格（越级）审批表》; 附件5 一3 论文代表作 on paper at the interview.
    wenling = rows(seeds["wenling"])
    assert wenling["累计4年现任专业技术职务资格聘书"].condition == ""
    assert wenling["事业单位人员职称申报岗位信息表"].condition == "public_institution"
    assert wenling["《破格（越级）推荐中级专业技术资格审批表》"].condition == "exceptional_or_skip_level"
    assert wenling["纸质论文代表作1份"].delivery == "paper_at_interview"


def test_senior_plan_asks_for_the_scoring_sheet_and_post_form(seeds):
    # seed 002 附件2 二11–12
    senior = rows(seeds["senior"])
    assert senior["《评审打分表》"].condition == ""
    assert senior["《事业单位人员职称申报岗位信息表》"].condition == "public_institution"


def test_wenzhou_exceptional_asks_for_the_self_scoring_sheet_not_the_approval_form(seeds):
    # seed 000 四(一): 专业理论证明材料 of everyone; the 自评赋分表 (two 副高 experts) for 破格.
    wenzhou = rows(seeds["wenzhou"])
    assert wenzhou["《破格申报机械专业工程师自评赋分表》"].condition == "exceptional"
    assert "副高级以上专家署名推荐" in wenzhou["《破格申报机械专业工程师自评赋分表》"].note
    assert (
        wenzhou["专业理论证明材料（项目研究报告、产品设计方案等，注明所有参与起草人及排名）"].condition == ""
    )
    assert not any("审批表" in name for name in wenzhou)


def test_seed_plans_print_settings_follow_their_notices(seeds):
    wenling, linping, senior, wenzhou = seeds["wenling"], seeds["linping"], seeds["senior"], seeds["wenzhou"]
    # seed 003 附件5 一2
    assert wenling.watermark == "浙江省专业技术任职资格申报与评审管理服务平台"
    assert wenling.review_form_copies_label == "一式2份，A3纸正反面打印后中缝装订"
    assert wenling.review_form_after == "employer_approved"
    # seed 001 附件2 二8, 附件4 1
    assert linping.watermark == "浙江省专业技术任职资格申报与评审管理平台"
    assert linping.review_form_after == "qualified"
    assert linping.review_form_copies == 1
    # seed 002 附件2 一2, 二1
    assert senior.roster_heading == "推荐高级工程师职务任职资格人员花名册"
    assert senior.review_form_copies == 3
    # seed 000 四(一)
    assert wenzhou.review_form_copies_label == "一式2份，A4纸打印"
    assert wenzhou.roster_heading == "评委会评审对象资格审查花名册"


def test_loading_the_demo_twice_keeps_one_row_per_attachment(seeds):
    load_demo(with_people=False)
    assert seeds["wenling"].attachments.count() == 8


def test_wenzhou_process_sends_the_form_after_the_fee_and_before_the_review(seeds):
    # seed 000 附件1 8–9: 评审费缴纳成功后，导出评审表……报送市机械工程学会; the experts come after (五3).
    codes = [step.code for step in steps_for(seeds["wenzhou"])]
    assert codes.index("fee") < codes.index("paper_check") < codes.index("expert_review")
