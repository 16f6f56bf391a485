"""Pure rules, table-tested: the vote at its boundaries, the scoring form, assessment averages, money."""

from decimal import Decimal

import pytest

from zhicheng.evaluation.rules import (
    DEFAULT_SCORING_FORM,
    VoteRule,
    amount_in_words,
    assessment_result,
    score_sheet,
    scoring_form_problems,
    vote_outcome,
)

TWO_THIRDS = VoteRule()


@pytest.mark.parametrize(
    ("members", "present", "yes", "no", "abstain", "quorum", "passed"),
    [
        # Quorum: at least 2/3 of the members present.
        (15, 10, 10, 0, 0, True, True),  # 10/15 is exactly 2/3: quorum met
        (15, 9, 9, 0, 0, False, False),  # one short of the quorum: void, however they vote
        (9, 6, 6, 0, 0, True, True),  # 6/9 exactly
        (9, 5, 5, 0, 0, False, False),
        # Pass: at least 2/3 of those present vote yes.
        (15, 12, 8, 4, 0, True, True),  # 8/12 is exactly 2/3
        (15, 12, 7, 5, 0, True, False),  # one vote short
        (15, 12, 7, 3, 2, True, False),  # abstentions count against passing
        (15, 10, 7, 3, 0, True, True),  # 7/10 ≥ 2/3 (6.67 rounds up to 7)
        (15, 10, 6, 4, 0, True, False),
        (3, 3, 2, 1, 0, True, True),  # the smallest panel (实操评议组 ≥ 3)
        (3, 2, 2, 0, 0, True, True),  # 2/3 present
        (3, 1, 1, 0, 0, False, False),
        (5, 5, 0, 0, 5, True, False),  # everyone abstains: not passed
        (0, 0, 0, 0, 0, False, False),  # nobody eligible (all recused): never passes
    ],
)
def test_vote_rule_at_its_boundaries(members, present, yes, no, abstain, quorum, passed):
    outcome = vote_outcome(TWO_THIRDS, members=members, present=present, yes=yes, no=no, abstain=abstain)
    assert (outcome.quorum_met, outcome.passed) == (quorum, passed)
    assert outcome.explanation


def test_vote_rule_on_all_members_counts_absent_members_against():
    rule = VoteRule(pass_base="members")
    # 15 members, 10 present, 9 yes: 9 ≥ 2/3 of present (6.67) but < 2/3 of all members (10).
    assert vote_outcome(TWO_THIRDS, members=15, present=10, yes=9, no=1, abstain=0).passed
    assert not vote_outcome(rule, members=15, present=10, yes=9, no=1, abstain=0).passed
    assert vote_outcome(rule, members=15, present=10, yes=10, no=0, abstain=0).passed


def test_simple_majority_rule_is_a_plans_choice():
    rule = VoteRule(quorum_numerator=1, quorum_denominator=2, pass_numerator=1, pass_denominator=2)
    assert vote_outcome(rule, members=10, present=5, yes=3, no=2, abstain=0).passed
    assert not vote_outcome(rule, members=10, present=4, yes=4, no=0, abstain=0).quorum_met
    assert "1/2" in rule.text


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"members": 5, "present": 6, "yes": 6, "no": 0, "abstain": 0}, "more present"),
        ({"members": 5, "present": 5, "yes": 3, "no": 1, "abstain": 0}, "must equal"),
        ({"members": 5, "present": 5, "yes": -1, "no": 6, "abstain": 0}, "negative"),
    ],
)
def test_vote_counts_that_do_not_add_up_are_refused(counts, message):
    with pytest.raises(ValueError, match=message):
        vote_outcome(TWO_THIRDS, **counts)


def test_a_vote_rule_above_one_is_refused():
    with pytest.raises(ValueError):
        VoteRule(pass_numerator=4, pass_denominator=3)
    with pytest.raises(ValueError):
        VoteRule(quorum_denominator=0)


def test_the_default_scoring_form_is_sound_and_totals_to_a_hundred():
    assert scoring_form_problems(DEFAULT_SCORING_FORM) == []
    full = {c["key"]: c["max"] for c in DEFAULT_SCORING_FORM}
    sheet, problems = score_sheet(DEFAULT_SCORING_FORM, full)
    assert problems == [] and sheet.total == Decimal("100.00")


def test_scoring_form_weights_and_ranges_are_data():
    form = [
        {"key": "a", "label": "业绩", "weight": 60, "max": 10},
        {"key": "b", "label": "答辩", "weight": 40, "max": 100},
    ]
    sheet, _ = score_sheet(form, {"a": "8", "b": "75"})
    assert sheet.total == Decimal("78.00")  # 8/10×60 + 75/100×40


@pytest.mark.parametrize(
    ("marks", "problem"),
    [
        ({"a": "11", "b": "50"}, "业绩：分数必须在0至10之间"),
        ({"a": "-1", "b": "50"}, "业绩：分数必须在0至10之间"),
        ({"a": "abc", "b": "50"}, "业绩：“abc”不是数字"),
        ({"b": "50"}, "业绩：必须填写分数"),
        ({"a": "8.25", "b": "50"}, "业绩：最多保留一位小数"),
        ({"a": "NaN", "b": "50"}, "业绩：分数必须在0至10之间"),
    ],
)
def test_marks_outside_the_form_are_refused_naming_the_item(marks, problem):
    form = [
        {"key": "a", "label": "业绩", "weight": 60, "max": 10},
        {"key": "b", "label": "答辩", "weight": 40, "max": 100},
    ]
    sheet, problems = score_sheet(form, marks)
    assert sheet is None
    assert any(p.startswith(problem) for p in problems), problems


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ([], "至少需要一个评分项"),
        ([{"key": "a", "label": "业绩", "weight": 90, "max": 10}], "权重之和为90，必须等于100"),
        ([{"key": "a", "label": "", "weight": 100, "max": 10}], "名称必须填写"),
        (
            [
                {"key": "a", "label": "x", "weight": 50, "max": 10},
                {"key": "a", "label": "y", "weight": 50, "max": 1},
            ],
            "重复",
        ),
        ([{"key": "a", "label": "x", "weight": 100, "max": 0}], "满分必须大于0"),
    ],
)
def test_unsound_scoring_forms_are_refused(form, problem):
    assert any(problem in p for p in scoring_form_problems(form))


@pytest.mark.parametrize(
    ("marks", "score", "passed"),
    [
        ([Decimal(60)], Decimal("60.0"), True),  # exactly the pass mark passes
        ([Decimal("59.9")], Decimal("59.9"), False),
        ([Decimal(70), Decimal(50), Decimal(59)], Decimal("59.7"), False),  # three experts, averaged
        ([Decimal(70), Decimal(50), Decimal("60.1")], Decimal("60.0"), True),  # 180.1/3 = 60.03 → 60.0
        ([Decimal(61), Decimal(60), Decimal("59.15")], Decimal("60.1"), True),  # half up
    ],
)
def test_assessment_score_is_the_examiners_average_against_the_pass_mark(marks, score, passed):
    result, problems = assessment_result(
        marks, full_mark=Decimal(100), pass_mark=Decimal(60), min_examiners=1
    )
    assert problems == []
    assert (result.score, result.passed) == (score, passed)


def test_a_practical_assessment_needs_three_examiners():
    result, problems = assessment_result(
        [Decimal(80), Decimal(90)], full_mark=Decimal(100), pass_mark=Decimal(60), min_examiners=3
    )
    assert result is None
    assert problems == ["评分人数：至少需要3位评分人的分数，现有2位"]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("180", "壹佰捌拾元整"),
        ("100", "壹佰元整"),
        ("100.50", "壹佰元伍角"),
        ("1005.06", "壹仟零伍元零陆分"),
        ("10000", "壹万元整"),
        ("10005", "壹万零伍元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("0.05", "伍分"),
        ("0", "零元整"),
        ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    ],
)
def test_receipt_amount_in_chinese_capitals(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_a_plan_may_drop_the_highest_and_lowest_mark():
    marks = [Decimal(90), Decimal(62), Decimal(58), Decimal(20)]
    plain, _ = assessment_result(marks, full_mark=Decimal(100), pass_mark=Decimal(60), min_examiners=3)
    trimmed, _ = assessment_result(
        marks, full_mark=Decimal(100), pass_mark=Decimal(60), min_examiners=3, drop_extremes=True
    )
    assert (plain.score, plain.passed) == (Decimal("57.5"), False)
    assert (trimmed.score, trimmed.passed) == (Decimal("60.0"), True)  # (62 + 58) / 2
    result, problems = assessment_result(
        [Decimal(70), Decimal(80)],
        full_mark=Decimal(100),
        pass_mark=Decimal(60),
        min_examiners=1,
        drop_extremes=True,
    )
    assert result is None and "至少需要3位" in problems[0]
