"""Hard checks beside education and years, each at its boundary."""

import pytest

from .helpers import base, check, run

WENLING = "wenling-mechatronics-2022"
LINPING = "linping-manufacturing-2022"
WENZHOU = "wenzhou-mech-2020"
SENIOR = "zhejiang-mech-senior-2020"


def ce(years, **hours):
    return [{"year": y, "category": cat, "hours": h} for y in years for cat, h in hours.items()]


# -- continuing education ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("professional", "general", "expected", "figure"),
    [
        (70, 20, "met", "合计 360 ≥ 360学时"),
        (69.75, 20, "not_met", "合计 359 < 360学时"),
        (59.75, 30, "not_met", "专业科目 239 < 240学时"),
        (72.25, 17.75, "not_met", "一般公需科目 71 < 72学时"),
    ],
)
def test_wenling_needs_360_hours_over_2019_to_2022(professional, general, expected, figure):
    profile = base(
        WENLING, continuing_education=ce(range(2019, 2023), professional=professional, general_public=general)
    )
    c = check(WENLING, profile, "continuing_education")
    assert c["result"] == expected
    assert figure in c["detail"]


def test_wenling_hours_are_prorated_from_the_first_working_year():
    profile = base(
        WENLING,
        target_level="assistant",
        titles=[],
        work=[{"from": "2021-07-01", "to": None}],
        education=[{"level": "bachelor", "major": "机械工程", "graduated_on": "2021-06-30"}],
        continuing_education=ce([2021, 2022], professional=60, general_public=18, industry_public=12),
    )
    c = check(WENLING, profile, "continuing_education")
    assert c["result"] == "met"
    assert "2021–2022年（2年）" in c["detail"]
    assert "合计 180 ≥ 180学时" in c["detail"]


@pytest.mark.parametrize(
    ("year", "changes", "expected", "figure"),
    [
        (2016, {"professional": 31}, "not_met", "2016年 合计 31 < 32学时"),
        (2018, {"professional": 59, "industry_public": 13}, "not_met", "专业科目 59 < 60学时"),
        (2019, {"general_public": 17, "industry_public": 13}, "not_met", "一般公需科目 17 < 18学时"),
        (2020, {"industry_public": 11}, "not_met", "合计 89 < 90学时"),
        (2020, {"industry_public": 12}, "met", "2020年 90学时"),
    ],
)
def test_wenzhou_checks_every_year_in_the_current_title(year, changes, expected, figure):
    profile = base(WENZHOU)
    for record in profile["continuing_education"]:
        if record["year"] == year and record["category"] in changes:
            record["hours"] = changes[record["category"]]
    c = check(WENZHOU, profile, "continuing_education")
    assert c["result"] == expected
    assert figure in c["detail"]


def test_wenzhou_years_before_the_first_working_year_are_not_applicable():
    profile = base(WENZHOU, work=[{"from": "2017-07-01", "to": None}])
    profile["continuing_education"] = [r for r in profile["continuing_education"] if r["year"] >= 2017]
    c = check(WENZHOU, profile, "continuing_education")
    assert c["result"] == "met"
    assert "2017年参加工作" in c["detail"]


@pytest.mark.parametrize(("industry", "expected"), [(0, "not_met"), (10, "met")])
def test_senior_counts_general_and_industry_public_hours_together(industry, expected):
    profile = base(
        SENIOR,
        continuing_education=ce(
            range(2018, 2021), professional=72, general_public=8, industry_public=industry
        ),
    )
    assert check(SENIOR, profile, "continuing_education")["result"] == expected


@pytest.mark.parametrize(("credits", "expected"), [(44, "not_met"), (45, "met")])
def test_linping_needs_45_credits_since_2019(credits, expected):
    profile = base(
        LINPING, continuing_education=[{"year": 2019, "category": "professional", "credits": credits}]
    )
    c = check(LINPING, profile, "continuing_education")
    assert c["result"] == expected
    assert f"{credits}" in c["detail"]


def test_linping_hours_without_credits_go_to_a_reviewer_rather_than_being_guessed():
    records = [
        {"year": 2019, "category": "professional", "credits": 20},
        {"year": 2020, "category": "professional", "hours": 90},
    ]
    c = check(LINPING, base(LINPING, continuing_education=records), "continuing_education")
    assert c["result"] == "needs_review"
    assert "仅登记学时" in c["detail"]


# -- annual assessments ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "expected", "figure"),
    [
        ({2019: "qualified", 2020: "excellent", 2021: "qualified"}, "met", "2020 优秀"),
        ({2019: "qualified", 2020: "basically_qualified", 2021: "qualified"}, "not_met", "2020 基本合格"),
        ({2019: "qualified", 2021: "qualified"}, "not_met", "缺2020年度考核结果"),
        ({2019: "qualified", 2020: "undetermined", 2021: "qualified"}, "not_met", "不确定等次"),
    ],
)
def test_wenling_engineer_needs_qualified_assessments_2019_to_2021(results, expected, figure):
    profile = base(WENLING, annual_assessments=[{"year": y, "result": r} for y, r in results.items()])
    c = check(WENLING, profile, "annual_assessment")
    assert c["result"] == expected
    assert figure in c["detail"]


def test_wenzhou_assessment_window_is_every_year_of_the_minimum_period_before_the_deadline():
    # 温职改办〔2020〕12号 二、2: 4 years (本科 as 助理工程师) → the 4 years assessed by 2020-10-31.
    profile = base(WENZHOU)
    profile["annual_assessments"] = [{"year": y, "result": "qualified"} for y in (2016, 2017, 2018, 2019)]
    c = check(WENZHOU, profile, "annual_assessment")
    assert c["result"] == "met"
    assert "2016–2019" in c["detail"]
    assert "尚未考核" not in c["detail"]


def test_wenzhou_assessment_window_follows_the_graduate_route_of_two_years():
    profile = base(
        WENZHOU, education=[{"level": "master", "major": "机械工程", "graduated_on": "2012-06-30"}]
    )
    profile["annual_assessments"] = [
        {"year": 2018, "result": "qualified"},
        {"year": 2019, "result": "qualified"},
    ]
    c = check(WENZHOU, profile, "annual_assessment")
    assert c["result"] == "met"
    assert "2018–2019" in c["detail"]


def test_wenling_exceptional_route_checks_assessments_from_the_year_of_appointment():
    profile = base(WENLING, declaration="exceptional")
    c = check(WENLING, profile, "annual_assessment")
    assert c["result"] == "not_met"
    assert "缺2018年度考核结果" in c["detail"]


# -- social insurance --------------------------------------------------------------------


@pytest.mark.parametrize(("start", "expected", "months"), [("2020-08", "met", 3), ("2020-09", "not_met", 2)])
def test_wenzhou_needs_three_months_in_wenzhou_before_the_deadline(start, expected, months):
    profile = base(WENZHOU, social_insurance=[{"from": start, "to": None, "city": "瑞安市"}])
    c = check(WENZHOU, profile, "social_insurance_city")
    assert c["result"] == expected
    assert f"{months} 个月" in c["detail"]
    assert "申报截止日" in c["detail"]


def test_wenzhou_months_after_the_deadline_do_not_count():
    profile = base(WENZHOU, social_insurance=[{"from": "2020-10", "to": None, "city": "温州市"}])
    c = check(WENZHOU, profile, "social_insurance_city")
    assert c["result"] == "not_met"
    assert "1 个月" in c["detail"]


@pytest.mark.parametrize(("start", "expected"), [("2022-01", "met"), ("2022-02", "not_met")])
def test_wenling_needs_twelve_continuous_months_in_taizhou(start, expected):
    profile = base(WENLING, social_insurance=[{"from": start, "to": None, "city": "温岭市"}])
    assert check(WENLING, profile, "social_insurance_city")["result"] == expected


def test_wenling_a_gap_breaks_continuity():
    periods = [
        {"from": "2015-01", "to": "2022-03", "city": "台州市"},
        {"from": "2022-05", "to": None, "city": "台州市"},
    ]
    c = check(WENLING, base(WENLING, social_insurance=periods), "social_insurance_city")
    assert c["result"] == "not_met"
    assert "8 个月" in c["detail"]


@pytest.mark.parametrize(("start", "expected"), [("2022-07", "met"), ("2022-08", "not_met")])
def test_wenling_needs_six_continuous_months_with_the_current_employer(start, expected):
    periods = [
        {
            "from": "2015-01",
            "to": f"{start[:5]}{int(start[5:]) - 1:02d}",
            "city": "台州市",
            "current_employer": False,
        },
        {"from": start, "to": None, "city": "台州市", "current_employer": True},
    ]
    profile = base(WENLING, social_insurance=periods)
    assert check(WENLING, profile, "social_insurance_employer")["result"] == expected
    assert check(WENLING, profile, "social_insurance_city")["result"] == "met"


def test_wenling_contributions_that_stopped_are_not_current():
    profile = base(WENLING, social_insurance=[{"from": "2015-01", "to": "2022-09", "city": "台州市"}])
    assert check(WENLING, profile, "social_insurance_current")["result"] == "not_met"
    assert check(WENLING, profile, "social_insurance_city")["result"] == "not_met"


def test_linping_contributions_outside_hangzhou_go_to_review():
    profile = base(LINPING, social_insurance=[{"from": "2016-01", "to": None, "city": "宁波市"}])
    assert check(LINPING, profile, "social_insurance_city")["result"] == "needs_review"


# -- papers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("similarity", "expected"), [(0.49, "met"), (0.50, "met"), (0.51, "not_met")])
def test_paper_similarity_above_fifty_percent_is_vetoed(similarity, expected):
    profile = base(WENLING)
    profile["achievements"][1]["similarity"] = similarity
    result = run(WENLING, profile)
    c = next(c for c in result["criteria"] if c["id"] == "paper_similarity")
    assert c["result"] == expected
    if expected == "not_met":
        assert "一票否决" in c["detail"]
        assert result["outcome"] == "ineligible"


def test_paper_without_retrieval_report_counts_as_no_paper():
    profile = base(WENLING)
    profile["achievements"][1]["has_retrieval_report"] = False
    assert check(WENLING, profile, "production_writing")["result"] == "not_met"
    c = check(WENLING, profile, "paper_similarity")
    assert c["result"] == "met"
    assert "视作无此论文" in c["detail"]


# -- sanctions and integrity --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sanction", "expected"),
    [
        ({"kind": "fine", "amount": 999, "decided_on": "2021-05-01", "circulated": True}, "met"),
        ({"kind": "fine", "amount": 1000, "decided_on": "2021-05-01", "circulated": True}, "not_met"),
        ({"kind": "fine", "amount": 5000, "decided_on": "2021-05-01", "circulated": False}, "met"),
        (
            {"kind": "technical_accident", "decided_on": "2021-05-01", "direct_responsibility": True},
            "not_met",
        ),
        ({"kind": "technical_accident", "decided_on": "2021-05-01", "direct_responsibility": False}, "met"),
        ({"kind": "fine", "amount": 2000, "decided_on": "2016-05-01"}, "met"),  # before the current title
    ],
)
def test_fine_of_1000_or_technical_accident_delays_two_years(sanction, expected):
    c = check(WENLING, base(WENLING, sanctions=[sanction]), "sanction_fine_accident")
    assert c["result"] == expected


@pytest.mark.parametrize(
    ("decided", "expected", "figure"),
    [
        # Within the four required years (2018-2021): needs 4 + 2 = 6 years, has 5.
        ("2019-03-01", "not_met", "须满6年"),
        # After the required years: two years from the decision.
        ("2022-02-01", "not_met", "自处罚决定之日起延迟2年"),
    ],
)
def test_delay_is_counted_by_where_the_decision_falls(decided, expected, figure):
    sanction = {"kind": "fine", "amount": 3000, "decided_on": decided, "circulated": True}
    c = check(WENLING, base(WENLING, sanctions=[sanction]), "sanction_fine_accident")
    assert c["result"] == expected
    assert figure in c["detail"]


def test_delay_within_the_period_is_served_once_the_years_reach_required_plus_two():
    profile = base(
        WENLING, titles=[{"level": "assistant", "specialty": "机电制造", "obtained_on": "2016-12-31"}]
    )
    profile["sanctions"] = [{"kind": "fine", "amount": 3000, "decided_on": "2018-03-01", "circulated": True}]
    c = check(WENLING, profile, "sanction_fine_accident")
    assert c["result"] == "met"
    assert "延迟期已满" in c["detail"]


@pytest.mark.parametrize(
    ("decided", "expected"),
    [("2019-06-01", "not_met"), ("2018-06-01", "met"), ("2022-03-01", "not_met")],
)
def test_fraud_bans_applications_for_three_years_from_the_following_year(decided, expected):
    profile = base(WENLING, sanctions=[{"kind": "fraud", "decided_on": decided}])
    assert check(WENLING, profile, "sanction_fraud")["result"] == expected


@pytest.mark.parametrize(
    ("sanction", "expected"),
    [
        ({"kind": "discipline_under_investigation", "decided_on": "2022-05-01"}, "not_met"),
        (
            {"kind": "discipline_under_investigation", "decided_on": "2022-05-01", "ends_on": "2022-12-01"},
            "not_met",
        ),
        (
            {"kind": "discipline_under_investigation", "decided_on": "2021-05-01", "ends_on": "2021-12-01"},
            "met",
        ),
    ],
)
def test_an_open_investigation_refuses_the_application(sanction, expected):
    assert check(WENLING, base(WENLING, sanctions=[sanction]), "sanction_investigation")["result"] == expected


def test_exam_misconduct_with_unknown_period_goes_to_review():
    profile = base(WENLING, sanctions=[{"kind": "exam_misconduct", "decided_on": "2021-05-01"}])
    assert check(WENLING, profile, "sanction_exam")["result"] == "needs_review"


@pytest.mark.parametrize(("decided", "expected"), [("2020-01-01", "not_met"), ("2019-12-31", "met")])
def test_wenling_refuses_penalties_of_the_last_three_years(decided, expected):
    sanction = {"kind": "administrative_penalty", "decided_on": decided, "professional_conduct": True}
    profile = base(WENLING, sanctions=[sanction])
    assert check(WENLING, profile, "sanction_recent")["result"] == expected


@pytest.mark.parametrize(
    ("attempt", "achievements_2022", "expected"),
    [
        ({"year": 2021, "passed": False, "new_achievements_since": False}, False, "not_met"),
        ({"year": 2021, "passed": False, "new_achievements_since": True}, False, "met"),
        ({"year": 2021, "passed": False}, True, "met"),
        ({"year": 2021, "passed": False}, False, "not_met"),
        ({"year": 2020, "passed": False, "new_achievements_since": False}, False, "not_applicable"),
        ({"year": 2021, "passed": True}, False, "not_applicable"),
    ],
)
def test_failed_last_year_with_nothing_new_is_refused(attempt, achievements_2022, expected):
    profile = base(WENLING, previous_attempt=attempt)
    if achievements_2022:
        profile["achievements"].append(
            {"kind": "patent", "subtype": "utility", "date": "2022-04-01", "rank": 1}
        )
    assert check(WENLING, profile, "previous_attempt")["result"] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("passed", "met"), ("failed", "not_met"), ("not_taken", "needs_review"), (None, "needs_review")],
)
def test_practical_assessment_must_be_passed(value, expected):
    profile = base(WENLING)
    if value:
        profile["practical_assessment"] = value
    assert check(WENLING, profile, "practical_assessment")["result"] == expected


def test_title_from_another_province_needs_confirmation():
    titles = [
        {
            "level": "assistant",
            "specialty": "机电制造",
            "obtained_on": "2017-12-31",
            "issuer_province": "江苏省",
            "confirmed": False,
        }
    ]
    c = check(WENLING, base(WENLING, titles=titles), "title_confirmed")
    assert c["result"] == "not_met"
    assert "调入审定" in c["detail"]


# -- scope -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "criterion"),
    [
        ({"civil_servant": True}, "civil_servant"),
        ({"establishment": "civil_service_managed"}, "civil_servant"),
        ({"employer_type": "provincial_soe"}, "employer_type"),
        ({"employer_type": "central_soe_branch"}, "employer_type"),
        (
            {"employer_region": {"province": "浙江省", "city": "杭州市", "county": "余杭区"}},
            "employer_region",
        ),
        ({"specialty": "医疗器械"}, "specialty_scope"),
    ],
)
def test_linping_scope_refuses(changes, criterion):
    result = run(LINPING, base(LINPING, **changes))
    assert next(c for c in result["criteria"] if c["id"] == criterion)["result"] == "not_met"
    assert result["outcome"] == "ineligible"


def test_linping_employer_in_the_district_is_in_scope():
    profile = base(LINPING, employer_region={"province": "浙江省", "city": "杭州市", "county": "临平区"})
    assert check(LINPING, profile, "employer_region")["result"] == "met"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"employer_type": "public_institution"}, "not_met"),
        ({"establishment": "public_institution"}, "not_met"),
    ],
)
def test_wenzhou_accepts_enterprise_staff_only(changes, expected):
    result = run(WENZHOU, base(WENZHOU, **changes))
    assert result["outcome"] == "ineligible"


def test_a_complete_wenzhou_profile_is_eligible():
    profile = base(WENZHOU, employer_region={"province": "浙江省", "city": "温州市", "county": "鹿城区"})
    result = run(WENZHOU, profile)
    assert result["outcome"] == "eligible", [c for c in result["criteria"] if c["result"] != "met"]
