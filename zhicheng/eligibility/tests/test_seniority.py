"""学历、资历: education rows, years in title or work, majors and their exceptions."""

import pytest

from .helpers import base, check

WENLING = "wenling-mechatronics-2022"
LINPING = "linping-manufacturing-2022"
WENZHOU = "wenzhou-mech-2020"
SENIOR = "zhejiang-mech-senior-2020"


def assistant(obtained, **extra):
    return [{"level": "assistant", "specialty": "机电制造", "obtained_on": obtained, **extra}]


@pytest.mark.parametrize(
    ("as_of", "expected", "figure"),
    [
        ("2022-11-30", "not_met", "3年11个月 < 4年"),
        ("2022-12-31", "met", "4年 ≥ 4年"),
    ],
)
def test_bachelor_needs_four_full_years_as_assistant_engineer(as_of, expected, figure):
    profile = base(WENLING, as_of=as_of, titles=assistant("2019-01-01"))
    c = check(WENLING, profile, "education_years")
    assert c["result"] == expected
    assert figure in c["detail"]
    assert "第四条" in c["clause"]


def test_appointment_date_not_qualification_date_starts_the_count():
    profile = base(WENLING, titles=assistant("2018-12-01", appointed_from="2019-02-01"))
    c = check(WENLING, profile, "education_years")
    assert c["result"] == "not_met"
    assert "3年11个月" in c["detail"]


@pytest.mark.parametrize(
    ("level", "degree", "obtained", "expected"),
    [
        ("master", None, "2020-12-31", "met"),  # 研究生: 2 years
        ("master", None, "2021-01-02", "not_met"),
        ("bachelor", "master_degree", "2020-12-31", "met"),  # 硕士学位 without 研究生学历
        ("second_bachelor", None, "2020-12-31", "met"),
        ("college", None, "2020-12-31", "not_met"),  # 专科: 4 years
    ],
)
def test_graduate_education_shortens_the_years_to_two(level, degree, obtained, expected):
    education = {"level": level, "major": "机械工程", "graduated_on": "2014-06-30"}
    if degree:
        education["degree"] = degree
    profile = base(WENLING, education=[education], titles=assistant(obtained))
    assert check(WENLING, profile, "education_years")["result"] == expected


@pytest.mark.parametrize(
    ("ruleset", "expected", "figure"),
    [
        (WENLING, "met", "6年"),  # 第四条(三): years before and after the degree add up
        (LINPING, "not_met", "2年6个月"),  # no such clause: only years after the degree count
    ],
)
def test_years_before_a_later_degree_count_only_where_the_rule_set_says_so(ruleset, expected, figure):
    profile = base(
        ruleset,
        education=[{"level": "bachelor", "major": "机械工程", "graduated_on": "2020-06-30"}],
        titles=assistant("2017-01-01"),
    )
    c = check(ruleset, profile, "education_years")
    assert c["result"] == expected
    assert figure in c["detail"]


def test_major_outside_the_lists_counts_as_not_having_the_required_education():
    profile = base(WENLING, education=[{"level": "bachelor", "major": "英语", "graduated_on": "2014-06-30"}])
    c = check(WENLING, profile, "education_years")
    assert c["result"] == "not_met"
    assert "视为不具备规定学历" in c["detail"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "not_met"),
        (
            {
                "registered_qualifications": [
                    {"name": "注册机电工程师", "specialty": "机电制造", "obtained_on": "2019-01-01"}
                ]
            },
            "met",
        ),
        (
            {
                "registered_qualifications": [
                    {"name": "注册会计师", "specialty": "会计", "obtained_on": "2019-01-01"}
                ]
            },
            "not_met",
        ),
    ],
)
def test_registered_qualification_in_the_specialty_excuses_the_major_in_linping(extra, expected):
    profile = base(
        LINPING, education=[{"level": "bachelor", "major": "英语", "graduated_on": "2014-06-30"}], **extra
    )
    assert check(LINPING, profile, "education_years")["result"] == expected


@pytest.mark.parametrize(("ruleset", "expected"), [(LINPING, "met"), (WENLING, "not_met")])
def test_one_year_full_time_ce_conversion_counts_only_where_the_rule_set_allows_it(ruleset, expected):
    education = [
        {"level": "bachelor", "major": "英语", "graduated_on": "2014-06-30", "converted_by_ce": True}
    ]
    assert check(ruleset, base(ruleset, education=education), "education_years")["result"] == expected


def test_linping_counts_the_highest_degree_when_any_degree_matches():
    education = [
        {"level": "bachelor", "major": "机械工程", "graduated_on": "2012-06-30"},
        {"level": "master", "major": "工商管理", "graduated_on": "2016-06-30"},
    ]
    profile = base(LINPING, education=education, titles=assistant("2020-06-30"))
    c = check(LINPING, profile, "education_years")
    assert c["result"] == "met"
    assert "硕士研究生" in c["detail"]


def test_unlisted_specialty_makes_the_major_a_question_for_the_reviewer():
    profile = base(
        LINPING,
        specialty="化工",
        education=[{"level": "bachelor", "major": "化学工程与工艺", "graduated_on": "2014-06-30"}],
    )
    c = check(LINPING, profile, "education_years")
    assert c["result"] == "needs_review"
    assert "对应关系需审核" in c["detail"]


@pytest.mark.parametrize(("ruleset", "expected"), [(LINPING, "met"), (SENIOR, "not_met")])
def test_technician_class_counts_as_bachelor_where_the_rule_set_says_so(ruleset, expected):
    education = [
        {
            "level": "high_school",
            "major": "机械工程",
            "graduated_on": "2008-06-30",
            "vocational": "technician_class",
        }
    ]
    assert check(ruleset, base(ruleset, education=education), "education_years")["result"] == expected


def test_no_title_at_the_lower_level_is_named_in_the_detail():
    c = check(WENLING, base(WENLING, titles=[]), "education_years")
    assert c["result"] == "not_met"
    assert "未取得助理工程师资格" in c["detail"]


@pytest.mark.parametrize(
    ("level", "work_from", "expected"),
    [
        ("technical_secondary", "2016-01-01", "met"),  # 中专: 4 years of technician work
        ("technical_secondary", "2017-01-02", "not_met"),
        ("college", "2019-01-01", "met"),  # 大专以上: 2 years
        ("college", "2019-01-02", "not_met"),
    ],
)
def test_wenzhou_assistant_engineer_counts_years_of_technical_work(level, work_from, expected):
    profile = base(
        WENZHOU,
        target_level="assistant",
        titles=[],
        education=[{"level": level, "major": "机械工程", "graduated_on": "2015-06-30"}],
        work=[{"from": work_from, "to": None}],
    )
    assert check(WENZHOU, profile, "education_years")["result"] == expected


@pytest.mark.parametrize(
    ("work", "expected"),
    [
        ([{"from": "2021-12-31", "to": None}], "met"),  # 本科: 1 year
        ([{"from": "2022-01-02", "to": None}], "not_met"),
        ([{"from": "2021-12-31", "to": None, "related": False}], "not_met"),  # 本专业技术工作 only
    ],
)
def test_wenling_bachelor_needs_one_year_of_related_work_for_assistant_engineer(work, expected):
    profile = base(
        WENLING,
        target_level="assistant",
        titles=[],
        education=[{"level": "bachelor", "major": "机械工程", "graduated_on": "2021-06-30"}],
        work=work,
    )
    assert check(WENLING, profile, "education_years")["result"] == expected


@pytest.mark.parametrize(
    ("education", "obtained", "expected"),
    [
        ({"level": "bachelor"}, "2015-12-31", "met"),
        ({"level": "bachelor"}, "2016-01-02", "not_met"),  # 4年11个月
        ({"level": "doctorate"}, "2018-12-31", "met"),  # 博士: 2 years
        ({"level": "college"}, "2010-01-01", "not_met"),  # 专科 is below 本科
    ],
)
def test_senior_normal_route_needs_bachelor_and_five_years_as_engineer(education, obtained, expected):
    profile = base(
        SENIOR,
        education=[{"major": "机械工程", "graduated_on": "2005-06-30", **education}],
        titles=[{"level": "intermediate", "specialty": "机电制造", "obtained_on": obtained}],
    )
    assert check(SENIOR, profile, "education_years")["result"] == expected
