"""k-of-n catalogues (第八条–第十六条): countable achievements meet an item, a qualitative
item claimed with evidence needs review, with neither it is not met."""

import pytest

from .helpers import base, check, run

WENLING = "wenling-mechatronics-2022"


def claims(*pairs):
    return [{"clause": clause, "text": "说明", "evidence": evidence} for clause, evidence in pairs]


@pytest.mark.parametrize(
    ("experience", "expected"),
    [
        (claims(("第十五条(二)1(1)", True), ("第十五条(二)1(2)", True)), "needs_review"),
        (claims(("第十五条(二)1(1)", True)), "not_met"),  # both are required
        (claims(("第十五条(二)1(1)", True), ("第十五条(二)1(2)", False)), "not_met"),  # no evidence
        (
            claims(("温机工协创〔2022〕1号 第十五条（二）1（1）", True), ("第十五条（二）1（2）", True)),
            "needs_review",
        ),
        (claims(("第十二条(二)1(1)", True), ("第十二条(二)1(2)", True)), "not_met"),  # another category
        ([], "not_met"),
    ],
)
def test_required_experience_is_never_silently_met(experience, expected):
    c = check(WENLING, base(WENLING, experience_claims=experience), "production_experience_required")
    assert c["result"] == expected


def test_claim_without_evidence_is_reported():
    profile = base(WENLING, experience_claims=claims(("第十五条(二)1(1)", True), ("第十五条(二)1(2)", False)))
    assert "未附佐证" in check(WENLING, profile, "production_experience_required")["detail"]


@pytest.mark.parametrize(
    ("achievements", "expected"),
    [
        ([{"kind": "patent", "subtype": "utility", "rank": 3, "date": "2020-01-01", "count": 2}], "met"),
        (
            [{"kind": "patent", "subtype": "utility", "rank": 4, "date": "2020-01-01", "count": 2}],
            "not_met",
        ),  # not 主要完成者
        (
            [{"kind": "patent", "subtype": "utility", "rank": 1, "date": "2020-01-01"}],
            "not_met",
        ),  # one is short of two
        (
            [{"kind": "patent", "subtype": "invention", "date": "2020-01-01", "accepted": False}],
            "not_met",
        ),  # not granted
        (
            [{"kind": "patent", "subtype": "invention", "date": "2020-01-01", "in_specialty": False}],
            "not_met",
        ),
        ([{"kind": "research_project", "level": "county", "date": "2020-01-01", "count": 2}], "met"),
        ([{"kind": "research_project", "level": "county", "date": "2020-01-01"}], "not_met"),
        ([{"kind": "research_project", "level": "city", "date": "2020-01-01"}], "met"),
        ([{"kind": "standard", "subtype": "enterprise", "role": "lead", "date": "2020-01-01"}], "met"),
        (
            [{"kind": "standard", "subtype": "enterprise", "role": "participant", "date": "2020-01-01"}],
            "not_met",
        ),
        ([{"kind": "tech_renovation", "date": "2020-01-01", "count": 2}], "met"),
        ([{"kind": "problem_solved", "date": "2020-01-01"}], "met"),
        ([{"kind": "tech_award", "level": "enterprise", "date": "2020-01-01"}], "not_met"),
        ([{"kind": "tech_award", "level": "county", "date": "2020-01-01"}], "met"),
    ],
)
def test_production_results_items_at_their_thresholds(achievements, expected):
    c = check(WENLING, base(WENLING, achievements=achievements), "production_results")
    assert c["result"] == expected


def test_shortfall_is_explained_with_the_count_found():
    profile = base(
        WENLING, achievements=[{"kind": "patent", "subtype": "utility", "rank": 1, "date": "2020-01-01"}]
    )
    detail = check(WENLING, profile, "production_results")["detail"]
    assert "1 项 < 2 项" in detail
    assert "尚缺1项" in detail


def test_category_conditions_follow_the_work_category():
    profile = base(WENLING, work_category="service")
    ids = {c["id"] for c in run(WENLING, profile)["criteria"]}
    assert "service_results" in ids
    assert "production_results" not in ids


def test_missing_work_category_is_named():
    profile = base(WENLING)
    del profile["work_category"]
    assert check(WENLING, profile, "work_category")["result"] == "not_met"


@pytest.mark.parametrize(
    ("achievements", "expected"),
    [
        ([{"kind": "tech_promotion", "date": "2020-01-01", "count": 3}], "met"),
        ([{"kind": "tech_promotion", "date": "2020-01-01", "count": 2}], "not_met"),
    ],
)
def test_assistant_research_needs_three_new_products_or_a_claim(achievements, expected):
    profile = base(
        WENLING,
        target_level="assistant",
        work_category="research",
        titles=[],
        achievements=achievements,
        experience_claims=[],
    )
    assert check(WENLING, profile, "research_design_conditions")["result"] == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("具有指导助理工程师工作和学习的经历和能力", "needs_review"),  # the condition's own words
        ("指导助理工程师", "not_met"),  # too short to name a condition
        ("第十五条(二)1(2)", "needs_review"),
    ],
)
def test_a_claim_may_name_the_condition_by_its_words(clause, expected):
    experience = [
        {"clause": "第十五条(二)1(1)", "text": "解决振动问题", "evidence": True},
        {"clause": clause, "text": "指导两名助理工程师", "evidence": True},
    ]
    c = check(WENLING, base(WENLING, experience_claims=experience), "production_experience_required")
    assert c["result"] == expected
