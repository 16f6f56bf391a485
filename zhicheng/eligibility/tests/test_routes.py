"""Routes: 破格 (single break + k of n; outstanding 1 of n), 越级, 转评, 技能人才, 直接, self-score."""

import pytest

from .helpers import alternative, base, check, crit, run

WENLING = "wenling-mechatronics-2022"
LINPING = "linping-manufacturing-2022"
WENZHOU = "wenzhou-mech-2020"
SENIOR = "zhejiang-mech-senior-2020"

PATENT = {"kind": "patent", "subtype": "invention", "date": "2020-05-20", "rank": 1}
HONOUR = {
    "kind": "honour",
    "subtype": "model_worker",
    "level": "county",
    "issuer": "government",
    "date": "2021-05-01",
}
TEAM = {"kind": "innovation_team", "level": "county", "role": "member", "date": "2020-05-01"}
KEY_PROJECT = {"kind": "key_project", "level": "county", "role": "backbone", "date": "2020-09-01"}


def exceptional(**changes):
    profile = base(WENLING, declaration="exceptional", **changes)
    profile["annual_assessments"].insert(0, {"year": 2018, "result": "qualified"})
    return profile


def assistant(obtained):
    return [{"level": "assistant", "specialty": "机电制造", "obtained_on": obtained}]


# -- 破格 (wenling 第六条) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("titles", "education", "expected", "fragment"),
    [
        # 资历破格: bachelor, 3 years instead of 4 (at most one year early).
        (assistant("2019-12-31"), None, "met", "资历破格"),
        (assistant("2020-01-02"), None, "not_met", "超出资历破格的限度"),
        # 学历破格: major outside the lists, but the full 4 years.
        (
            assistant("2018-12-31"),
            {"level": "bachelor", "major": "英语", "graduated_on": "2014-06-30"},
            "met",
            "学历破格",
        ),
        # Both broken: refused (单破 only).
        (
            assistant("2019-12-31"),
            {"level": "bachelor", "major": "英语", "graduated_on": "2014-06-30"},
            "not_met",
            "单破",
        ),
    ],
)
def test_general_exceptional_allows_a_single_break_only(titles, education, expected, fragment):
    profile = exceptional(titles=titles)
    if education:
        profile["education"] = [education]
    c = check(WENLING, profile, "single_break")
    assert c["result"] == expected
    assert fragment in c["detail"]
    assert "第六条(一)" in c["clause"]


@pytest.mark.parametrize(
    ("achievements", "expected"),
    [
        ([PATENT, HONOUR], "not_met"),  # 2 of 7; work since 2016 is short of the 8-year item
        ([PATENT, HONOUR, TEAM], "met"),
    ],
)
def test_general_exceptional_needs_three_of_seven_items(achievements, expected):
    profile = exceptional(
        titles=assistant("2019-12-31"), work=[{"from": "2016-07-01", "to": None}], achievements=achievements
    )
    c = check(WENLING, profile, "exceptional_items")
    assert c["result"] == expected


def test_work_years_item_counts_towards_three_of_seven():
    profile = exceptional(titles=assistant("2019-12-31"), achievements=[PATENT, HONOUR])
    c = check(WENLING, profile, "exceptional_items")
    assert c["result"] == "met"
    assert "从事工程技术工作 8年6个月 ≥ 8年" in c["detail"]


def test_a_qualitative_item_with_evidence_makes_the_list_reviewable():
    claim = {"clause": "第六条(一)(4)", "text": "解决铸件气孔难题", "evidence": True}
    profile = exceptional(
        titles=assistant("2019-12-31"),
        work=[{"from": "2016-07-01", "to": None}],
        achievements=[PATENT, HONOUR],
        experience_claims=[],
    )
    assert check(WENLING, profile, "exceptional_items")["result"] == "not_met"
    profile["achievements"].append({"kind": "problem_solved", "rank": 2, "date": "2021-01-01"})
    c = check(WENLING, profile, "exceptional_items")
    assert c["result"] == "needs_review"
    assert "需评审认定" in c["detail"]
    del profile["achievements"][-1]
    # claim_prefix is empty for this list, so the claim must name the item's own reference.
    profile["experience_claims"] = [{**claim, "clause": "(4)"}]
    assert check(WENLING, profile, "exceptional_items")["result"] == "needs_review"


def test_outstanding_route_has_no_education_or_years_limit():
    profile = exceptional(
        titles=assistant("2021-06-30"),
        education=[{"level": "high_school", "major": "无", "graduated_on": "2010-06-30"}],
        achievements=[{**PATENT, "date": "2021-08-01"}, {**PATENT, "date": "2022-03-01"}],
    )
    result = run(WENLING, profile)
    route = crit(result, "route")
    assert route["result"] == "met"
    assert "按「业绩特别突出者破格" in route["detail"]
    assert "一般破格" in route["detail"]  # the general route's shortfall stays visible
    assert crit(result, "outstanding_items")["result"] == "met"
    assert all(c["id"] != "single_break" for c in result["criteria"])


def test_when_no_exceptional_route_passes_the_first_is_shown_with_both_shortfalls():
    profile = exceptional(titles=assistant("2021-06-30"), achievements=[])
    result = run(WENLING, profile)
    route = crit(result, "route")
    assert route["result"] == "not_met"
    assert "各途径均不符合" in route["detail"]
    assert crit(result, "single_break")["result"] == "not_met"
    assert result["outcome"] == "ineligible"


# -- 越级 (wenling 第七条) ----------------------------------------------------------------


@pytest.mark.parametrize(("salary", "expected"), [(299_999, "not_met"), (300_000, "met")])
def test_skip_level_by_annual_salary_of_300000(salary, expected):
    profile = base(
        WENLING,
        declaration="skip_level",
        titles=[],
        achievements=[],
        annual_salary=salary,
        annual_salary_year=2021,
    )
    c = check(WENLING, profile, "skip_level_items")
    assert c["result"] == expected
    assert "万元" in c["detail"]


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [
        ({"kind": "standard", "subtype": "national", "role": "drafter", "date": "2020-01-01"}, "met"),
        ({"kind": "standard", "subtype": "enterprise", "role": "drafter", "date": "2020-01-01"}, "not_met"),
        ({"kind": "tech_award", "level": "city", "grade": 1, "date": "2020-01-01"}, "met"),
        ({"kind": "tech_award", "level": "city", "grade": 2, "date": "2020-01-01"}, "not_met"),
        ({"kind": "high_level_talent", "date": "2020-01-01"}, "met"),
        ({"kind": "patent", "subtype": "utility", "date": "2020-01-01"}, "needs_review"),
    ],
)
def test_skip_level_items(achievement, expected):
    profile = base(WENLING, declaration="skip_level", titles=[], achievements=[achievement])
    assert check(WENLING, profile, "skip_level_items")["result"] == expected


# -- 转评 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("obtained", "work_from", "expected_title", "expected_work"),
    [
        ("2021-12-31", "2021-12-31", "met", "met"),
        ("2022-01-02", "2022-01-02", "not_met", "not_met"),
    ],
)
def test_transfer_needs_a_year_in_the_other_title_and_a_year_of_related_work(
    obtained, work_from, expected_title, expected_work
):
    profile = base(
        WENLING,
        declaration="transfer",
        titles=[{"level": "intermediate", "specialty": "化工", "obtained_on": obtained}],
        work=[
            {"from": "2014-07-01", "to": work_from, "related": False},
            {"from": work_from, "to": None, "related": True},
        ],
    )
    result = run(WENLING, profile)
    assert crit(result, "transfer_title")["result"] == expected_title
    assert crit(result, "transfer_work")["result"] == expected_work


def test_transfer_into_the_specialty_already_held_is_refused():
    profile = base(
        WENLING,
        declaration="transfer",
        titles=[{"level": "intermediate", "specialty": "机电制造", "obtained_on": "2019-01-01"}],
    )
    c = check(WENLING, profile, "transfer_title")
    assert c["result"] == "not_met"
    assert "无须转评" in c["detail"]


@pytest.mark.parametrize(("transferred", "expected"), [("2021-12-31", "met"), ("2022-01-02", "not_met")])
def test_a_year_after_transfer_is_needed_before_the_next_level(transferred, expected):
    titles = [
        {
            "level": "assistant",
            "specialty": "机电制造",
            "obtained_on": "2016-06-30",
            "transferred_on": transferred,
        }
    ]
    assert check(WENLING, base(WENLING, titles=titles), "after_transfer")["result"] == expected


# -- 技能人才 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ruleset", "level", "certificate", "obtained", "expected"),
    [
        (WENLING, "intermediate", "technician", "2019-12-31", "met"),
        (WENLING, "intermediate", "technician", "2020-01-02", "not_met"),
        (WENLING, "intermediate", "senior_worker", "2010-01-01", "not_met"),
        (WENLING, "assistant", "senior_worker", "2020-12-31", "met"),
        (LINPING, "intermediate", "technician", "2019-12-31", "met"),
        (SENIOR, "associate_senior", "senior_technician", "2016-12-31", "met"),
        (SENIOR, "associate_senior", "senior_technician", "2017-01-02", "not_met"),
    ],
)
def test_skilled_route_needs_the_certificate_and_years_of_skilled_work(
    ruleset, level, certificate, obtained, expected
):
    # 临平 has no separate 技能人才 choice: 附件2 二、3(2) has it chosen as 正常申报.
    profile = base(
        ruleset,
        target_level=level,
        declaration="normal" if ruleset == LINPING else "skilled",
        titles=[],
        skill_certificates=[{"level": certificate, "obtained_on": obtained, "occupation": "装配钳工"}],
    )
    if ruleset == LINPING:
        assert alternative(ruleset, profile, "skilled")["skill_route"]["result"] == expected
    else:
        assert check(ruleset, profile, "skill_route")["result"] == expected


def test_linping_skilled_route_by_national_contest_rank():
    contest = {
        "kind": "skill_contest",
        "level": "national",
        "subtype": "class2",
        "rank": 3,
        "date": "2021-10-01",
    }
    profile = base(LINPING, declaration="normal", titles=[], achievements=[contest])
    assert check(LINPING, profile, "skill_route")["result"] == "met"
    assert "直接申报（高技能人员）" in check(LINPING, profile, "route")["detail"]
    profile["achievements"][0]["rank"] = 4
    assert alternative(LINPING, profile, "skilled")["skill_route"]["result"] == "not_met"


# -- 直接申报 (linping 附件1 二(二)1) ------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "graduated", "expected"),
    [
        ("college", "2015-12-31", "met"),  # 7 years
        ("college", "2016-01-02", "not_met"),
        ("bachelor", "2017-12-31", "met"),  # 5 years
        ("master", "2020-12-31", "met"),  # 2 years
        ("master", "2021-01-02", "not_met"),
    ],
)
def test_linping_direct_counts_related_work_after_graduation(level, graduated, expected):
    profile = base(
        LINPING,
        declaration="normal",
        titles=[],
        education=[{"level": level, "major": "机械工程", "graduated_on": graduated}],
        work=[{"from": "2010-01-01", "to": None}],
        experience_claims=[{"clause": "附件1 二(二)1", "text": "车间技术负责人", "evidence": True}],
    )
    direct = alternative(LINPING, profile, "direct")
    assert direct["education_years"]["result"] == expected
    assert direct["backbone"]["result"] == "needs_review"
    assert direct["enterprise_work"]["result"] == "met"


def test_linping_direct_without_a_backbone_claim_is_not_met():
    profile = base(LINPING, declaration="normal", titles=[])
    assert alternative(LINPING, profile, "direct")["backbone"]["result"] == "not_met"


def test_linping_direct_is_for_people_who_always_did_technical_work():
    profile = base(
        LINPING,
        declaration="normal",
        titles=[],
        work=[
            {"from": "2014-07-01", "to": "2016-12-31", "professional": False},
            {"from": "2017-01-01", "to": None},
        ],
    )
    assert alternative(LINPING, profile, "direct")["enterprise_work"]["result"] == "not_met"


# -- 破格 (linping 附件1 二(三)) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("obtained", "expected"),
    [("2019-12-31", "met"), ("2020-01-02", "not_met")],
)
def test_linping_exceptional_with_education_needs_three_years_as_assistant(obtained, expected):
    profile = base(LINPING, declaration="exceptional", titles=assistant(obtained))
    assert check(LINPING, profile, "single_break")["result"] == expected


def test_linping_exceptional_needs_two_of_four_items():
    papers = [
        {
            "kind": "paper",
            "level": "city",
            "role": "independent",
            "date": "2020-03-01",
            "has_retrieval_report": True,
        },
        {"kind": "paper", "level": "province", "role": "independent", "date": "2021-03-01"},
    ]
    honour = {
        "kind": "honour",
        "subtype": "advanced_worker",
        "level": "county",
        "issuer": "department",
        "date": "2021-01-01",
    }
    profile = base(LINPING, declaration="exceptional", titles=assistant("2019-06-30"), achievements=papers)
    assert check(LINPING, profile, "exceptional_items")["result"] == "not_met"
    profile["achievements"].append(honour)
    c = check(LINPING, profile, "exceptional_items")
    assert c["result"] == "met"
    assert "独著论文 2 项" in c["detail"]


def test_achievements_before_the_current_title_do_not_count():
    honour = {"kind": "honour", "subtype": "model_worker", "level": "county", "date": "2018-01-01"}
    team = {"kind": "key_project", "level": "city", "role": "lead", "date": "2018-06-01"}
    profile = base(
        LINPING, declaration="exceptional", titles=assistant("2019-06-30"), achievements=[honour, team]
    )
    assert check(LINPING, profile, "exceptional_items")["result"] == "not_met"


# -- self-score (senior) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [(None, "not_met"), (79.5, "not_met"), (80, "met")],
)
def test_senior_short_of_years_may_apply_with_a_self_score_of_80(score, expected):
    profile = base(
        SENIOR, titles=[{"level": "intermediate", "specialty": "机电制造", "obtained_on": "2017-12-31"}]
    )
    if score is not None:
        profile["self_score"] = score
    result = run(SENIOR, profile)
    assert crit(result, "route")["result"] == expected
    if expected == "met":
        assert crit(result, "self_score")["result"] == "met"
        assert "任工程师 3年 < 5年" in crit(result, "route")["detail"]


def test_senior_exceptional_declaration_is_the_self_score_route():
    profile = base(SENIOR, declaration="exceptional", self_score=85)
    assert check(SENIOR, profile, "self_score")["result"] == "met"


# -- routes a rule set does not define -----------------------------------------------------


@pytest.mark.parametrize(
    ("ruleset", "level", "declaration"),
    [
        (WENZHOU, "intermediate", "skip_level"),
        (WENZHOU, "associate_senior", "normal"),
        (SENIOR, "associate_senior", "transfer"),
        (LINPING, "assistant", "normal"),
    ],
)
def test_a_route_the_rule_set_does_not_define_is_not_met_with_the_offered_routes(ruleset, level, declaration):
    profile = base(ruleset, target_level=level, declaration=declaration)
    result = run(ruleset, profile)
    c = crit(result, "route")
    assert c["result"] == "not_met"
    assert "本评审计划不受理" in c["detail"]
    assert result["outcome"] == "ineligible"


def test_wenzhou_exceptional_conditions_live_in_an_uncollected_document_and_go_to_review():
    c = check(WENZHOU, base(WENZHOU, declaration="exceptional"), "exceptional_conditions")
    assert c["result"] == "needs_review"
    assert "温职改办〔2020〕5号" in c["detail"]
