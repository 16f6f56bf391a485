"""Issue 14 §1: readings the engine took wrongly, one table per clause."""

import pytest

from .helpers import alternative, base, check, run

WENLING = "wenling-mechatronics-2022"
LINPING = "linping-manufacturing-2022"
WENZHOU = "wenzhou-mech-2020"
SENIOR = "zhejiang-mech-senior-2020"


# -- A held title counts only in its own series (seed 003 第五条) ----------------------------


@pytest.mark.parametrize(
    ("ruleset", "title", "expected"),
    [
        # 经济 助理 of 2016: 6 years, but another series — must be 转评 first.
        (LINPING, {"series": "other", "specialty": "经济"}, "not_met"),
        (WENLING, {"series": "other", "specialty": "会计"}, "not_met"),
        (WENZHOU, {"series": "other", "specialty": "经济"}, "not_met"),
        # Engineering series, same or related specialty (both within the committee's scope).
        (LINPING, {"series": "engineering", "specialty": "机电制造"}, "met"),
        (WENLING, {"specialty": "机械"}, "met"),
        # Engineering, but a specialty whose relation the engine cannot judge: a reviewer decides.
        (WENLING, {"series": "engineering", "specialty": "建筑工程"}, "needs_review"),
        # Transferred into this specialty: 转评前后同级年限可累计.
        (LINPING, {"series": "other", "specialty": "机电制造", "transferred_on": "2019-01-01"}, "met"),
    ],
)
def test_a_held_title_counts_only_in_its_own_series_and_specialty(ruleset, title, expected):
    profile = base(ruleset, titles=[{"level": "assistant", "obtained_on": "2016-06-30", **title}])
    c = check(ruleset, profile, "education_years")
    assert c["result"] == expected, c["detail"]
    if expected == "not_met":
        assert "须先转评" in c["detail"]
    if expected == "needs_review":
        assert "缺：资格专业与申报专业的对应关系" in c["detail"]


def test_an_economics_assistant_fails_the_linping_normal_route_as_a_whole():
    titles = [{"level": "assistant", "series": "other", "specialty": "经济", "obtained_on": "2016-06-30"}]
    profile = base(LINPING, titles=titles)
    assert alternative(LINPING, profile, "normal")["education_years"]["result"] == "not_met"


def test_senior_years_as_engineer_count_only_in_the_engineering_series():
    profile = base(SENIOR)
    for title in profile["titles"]:
        title["series"] = "other"
    assert alternative(SENIOR, profile, "qualification")["education_years"]["result"] == "not_met"


# -- Annual assessments cover the whole period (seed 002 附件2 二9; seed 000 二2) -------------


@pytest.mark.parametrize(
    ("results", "expected", "figure"),
    [
        # 至少近三年 at 2020-10-10: 2017, 2018, 2019.
        ({2017: "qualified", 2018: "qualified", 2019: "qualified"}, "met", "2017–2019"),
        ({2017: "unqualified", 2018: "qualified", 2019: "qualified"}, "not_met", "2017 不合格"),
        # The 2017 不合格 is not hidden by adding 2020.
        ({2017: "unqualified", 2018: "qualified", 2019: "qualified", 2020: "qualified"}, "not_met", "不合格"),
        ({2018: "qualified", 2019: "qualified"}, "not_met", "缺2017年度考核结果"),
        # A recorded 2020 不合格 is read too.
        ({2017: "qualified", 2018: "qualified", 2019: "qualified", 2020: "unqualified"}, "not_met", "2020"),
    ],
)
def test_senior_assessments_are_the_three_years_assessed_by_the_deadline(results, expected, figure):
    profile = base(SENIOR, annual_assessments=[{"year": y, "result": r} for y, r in results.items()])
    c = check(SENIOR, profile, "annual_assessment")
    assert c["result"] == expected, c["detail"]
    assert figure in c["detail"]
    assert "尚未考核" not in c["detail"]


@pytest.mark.parametrize(
    ("missing", "bad", "expected"),
    [
        (None, None, "met"),
        (None, 2016, "not_met"),  # first year of the 4-year minimum period
        (None, 2019, "not_met"),  # the last year before the deadline is not skipped
        (2016, None, "needs_review"),  # 2020 given instead: the committee office judges the start
    ],
)
def test_wenzhou_assessments_cover_every_year_of_the_minimum_period(missing, bad, expected):
    years = [y for y in (2016, 2017, 2018, 2019, 2020) if y != missing]
    records = [{"year": y, "result": "unqualified" if y == bad else "qualified"} for y in years]
    c = check(WENZHOU, base(WENZHOU, annual_assessments=records), "annual_assessment")
    assert c["result"] == expected, c["detail"]
    assert "2016–2019" in c["detail"]


# -- 越级 is not 破格 (seed 003 第七条; 附件1 四) ---------------------------------------------


def skip_level_profile(**changes):
    salary = {"annual_salary": 350000, "annual_salary_year": 2021}
    profile = base(WENLING, declaration="skip_level", titles=[], **salary, **changes)
    profile["education"] = [{"level": "high_school", "major": "无", "graduated_on": "2004-06-30"}]
    profile["work"] = [{"from": "2005-07-01", "to": None}]
    return profile


def test_skip_level_without_a_title_is_assessed_on_the_last_three_years_only():
    c = check(WENLING, skip_level_profile(), "annual_assessment")
    assert c["result"] == "met", c["detail"]
    assert "2019–2021" in c["detail"]


def test_skip_level_applicant_with_no_title_and_no_education_is_not_refused():
    result = run(WENLING, skip_level_profile())
    refused = [c for c in result["criteria"] if c["result"] == "not_met"]
    assert refused == [], refused


def test_exceptional_keeps_the_assessments_since_appointment_as_assistant():
    profile = base(WENLING, declaration="exceptional")
    c = check(WENLING, profile, "annual_assessment")
    assert c["result"] == "not_met"
    assert "2018" in c["detail"]  # 聘任助理工程师当年 (2017-12-31 → appointed 2018) to 2021


# -- 业绩特别突出 is still a 破格 from 助理工程师 (seed 003 第六条(二)) ---------------------------

HONOUR = {
    "kind": "honour",
    "subtype": "model_worker",
    "level": "city",
    "issuer": "government",
    "date": "2021-05-01",
}


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        ([], "not_met"),
        ([{"level": "assistant", "specialty": "机电制造", "obtained_on": "2021-06-30"}], "met"),
        (
            [{"level": "assistant", "series": "other", "specialty": "经济", "obtained_on": "2019-06-30"}],
            "not_met",
        ),
    ],
)
def test_outstanding_achievement_route_needs_an_assistant_title(titles, expected):
    profile = base(WENLING, declaration="exceptional", titles=titles, achievements=[HONOUR])
    profile["education"] = [{"level": "high_school", "major": "无", "graduated_on": "2018-06-30"}]
    profile["work"] = [{"from": "2019-07-01", "to": None}]
    c = alternative(WENLING, profile, "outstanding")["outstanding_title"]
    assert c["result"] == expected, c["detail"]
    if expected == "not_met":
        assert "越级" in c["detail"]


# -- 业绩 up to the 业绩截止日 (seed 000 二5) ------------------------------------------------


@pytest.mark.parametrize(
    ("cutoff", "patent_date", "expected"),
    [
        ("2022-08-31", "2022-08-31", "met"),
        ("2022-08-31", "2022-09-01", "not_met"),
        (None, "2022-09-01", "met"),  # no 业绩截止日: up to the cut-off date
    ],
)
def test_achievements_count_up_to_the_plans_achievement_cutoff(cutoff, patent_date, expected):
    patent = {"kind": "patent", "subtype": "invention", "rank": 1, "date": patent_date}
    profile = base(WENLING, achievements=[patent], work_category="production")
    if cutoff:
        profile["achievements_cutoff"] = cutoff
    c = check(WENLING, profile, "production_results")
    assert c["result"] == expected, c["detail"]
    if expected == "not_met":
        assert "业绩截止日（2022-08-31）后取得的不计" in c["detail"]


def test_wenzhou_rule_set_carries_its_achievement_cutoff_of_31_august_2020():
    from zhicheng.eligibility.rulesets import get_ruleset

    assert get_ruleset(WENZHOU).achievements_cutoff == "2020-08-31"


# -- Smaller readings ------------------------------------------------------------------------


def linping_exceptional(project):
    paper = {"kind": "paper", "level": "city", "role": "independent", "date": "2021-03-01"}
    profile = base(
        LINPING,
        declaration="exceptional",
        titles=[{"level": "assistant", "specialty": "机电制造", "obtained_on": "2019-06-30"}],
        achievements=[project, paper, {**paper, "date": "2021-04-01"}],
    )
    return check(LINPING, profile, "exceptional_items")


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        ({"level": "city", "issuer_region": "杭州市科技局"}, "met"),
        ({"level": "city", "issuer_region": "宁波市科技局"}, "not_met"),
        ({"level": "city"}, "needs_review"),  # region not given: 颁发单位 named as missing
        ({"level": "province"}, "met"),
        ({"level": "county", "issuer_region": "临平区"}, "not_met"),
    ],
)
def test_linping_exceptional_item_2_needs_hangzhou_city_level_projects(project, expected):
    record = {"kind": "key_project", "role": "lead", "date": "2020-09-01", **project}
    c = linping_exceptional(record)
    assert c["result"] == expected, c["detail"]
    if expected == "needs_review":
        assert "缺：颁发单位" in c["detail"]


@pytest.mark.parametrize(("issuer", "expected"), [("government", "met"), ("department", "not_met")])
def test_wenling_exceptional_item_2_awards_are_government_issued(issuer, expected):
    award = {"kind": "tech_award", "level": "city", "issuer": issuer, "grade": 3, "date": "2021-01-01"}
    profile = base(WENLING, declaration="exceptional", achievements=[award])
    c = alternative(WENLING, profile, "outstanding")["outstanding_items"]
    assert c["result"] == expected, c["detail"]


@pytest.mark.parametrize(("role", "expected"), [("lead", "met"), ("drafter", "not_met")])
def test_enterprise_standard_counts_only_when_led(role, expected):
    standard = {"kind": "standard", "subtype": "enterprise", "role": role, "date": "2021-01-01"}
    profile = base(WENLING, achievements=[standard], work_category="production")
    assert check(WENLING, profile, "production_results")["result"] == expected


@pytest.mark.parametrize(
    ("sanction", "expected"),
    [
        ({"kind": "administrative_penalty", "professional_conduct": True}, "not_met"),
        ({"kind": "administrative_penalty", "professional_conduct": False}, "met"),  # e.g. a traffic fine
        ({"kind": "administrative_penalty"}, "needs_review"),
        ({"kind": "criminal_penalty", "professional_conduct": False}, "not_met"),  # any cause
    ],
)
def test_wenling_recent_sanctions_are_those_for_professional_conduct(sanction, expected):
    profile = base(WENLING, sanctions=[{"decided_on": "2021-01-01", **sanction}])
    c = check(WENLING, profile, "sanction_recent")
    assert c["result"] == expected, c["detail"]
    if expected == "needs_review":
        assert "缺：是否因职业活动" in c["detail"]


@pytest.mark.parametrize(
    ("to", "applied_on", "expected"),
    [
        ("2022-10", "2022-10-08", "met"),  # stopped after the application
        ("2022-09", "2022-10-08", "not_met"),
        ("2022-10", None, "met"),  # no application date: the deadline (2022-10-20)
    ],
)
def test_wenling_current_social_insurance_is_counted_at_the_application(to, applied_on, expected):
    profile = base(WENLING)
    profile["social_insurance"] = [{"from": "2015-01", "to": to, "city": "台州市", "current_employer": True}]
    if applied_on:
        profile["applied_on"] = applied_on
    assert check(WENLING, profile, "social_insurance_current")["result"] == expected


# -- The continuing-education ledger is used (seed 003 附件8; seed 002 四(四)) -----------------


def ce(year, route, **fields):
    return {"year": year, "category": "professional", "route": route, **fields}


def senior_ce(extra_2020):
    records = []
    for year in (2018, 2019, 2020):
        records.append({"year": year, "category": "general_public", "hours": 20})
        records.append({"year": year, "category": "professional", "hours": 70})
    records = [r for r in records if not (r["year"] == 2020 and r["category"] == "professional")]
    return records + extra_2020


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # 2020 online courseware: 70 hours count as marked, outside the 36-hour cap.
        ([ce(2020, "online_course", hours=70)], "met"),
        # Other routes keep the cap: 10 days of specialty training = 40 → 36.
        ([ce(2020, "specialty_training", days=10), ce(2020, "filed_training", days=6)], "met"),
        ([ce(2020, "specialty_training", days=10), ce(2020, "specialty_training", days=10)], "not_met"),
    ],
)
def test_senior_continuing_education_goes_through_the_ledger(entries, expected):
    profile = base(SENIOR, continuing_education=senior_ce(entries))
    c = check(SENIOR, profile, "continuing_education")
    assert c["result"] == expected, c["detail"]


def test_wenling_counts_research_hours_by_rank_weight():
    profile = base(WENLING)
    records = [
        r
        for r in profile["continuing_education"]
        if not (r["year"] == 2022 and r["category"] == "professional")
    ]
    # 省部级课题 24 h, 2nd of 3 → weight 0.15 → 3.6 h; + 36 h courseware + 8 days × 4 h = 71.6 h.
    records += [
        ce(2022, "research", level="province", rank=2, participants=3),
        ce(2022, "online_course", hours=36),
    ]
    records += [ce(2022, "specialty_training", days=8)]
    profile["continuing_education"] = records
    c = check(WENLING, profile, "continuing_education")
    assert c["result"] == "met", c["detail"]


def test_a_ledger_entry_missing_its_level_names_the_field_and_goes_to_review():
    entries = [ce(2020, "research", rank=1, participants=1)]
    profile = base(SENIOR, continuing_education=senior_ce(entries))
    c = check(SENIOR, profile, "continuing_education")
    assert c["result"] == "needs_review"
    assert "「级别」" in c["detail"]


@pytest.mark.parametrize(
    ("award", "expected"),
    [
        ({"issuer_region": "杭州市人民政府"}, "met"),
        ({"issuer_region": "宁波市人民政府"}, "not_met"),
        ({}, "needs_review"),  # 杭州市人民政府颁发: the issuing region must be known
    ],
)
def test_linping_exceptional_item_1_awards_are_hangzhou_government_awards(award, expected):
    record = {"kind": "tech_award", "level": "city", "issuer": "government", "grade": 3, "date": "2021-01-01"}
    c = linping_exceptional({**record, **award})
    assert c["result"] == expected, c["detail"]
