"""Profiles outside profile.schema.json are refused with the field named in Chinese."""

import pytest

from zhicheng.eligibility import evaluate
from zhicheng.eligibility.validation import ProfileInvalid, profile_errors, result_errors

from .helpers import base


def _one(profile):
    errors = profile_errors(profile)
    assert errors, "expected an error"
    return errors


def test_valid_profile_has_no_errors():
    assert profile_errors(base("wenling-mechatronics-2022")) == []


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        (lambda p: p["education"][0].update(level="phd"), "profile.education[0].level", "取值必须是"),
        (lambda p: p.pop("as_of"), "profile.as_of", "缺少必填字段"),
        (lambda p: p["education"][0].pop("major"), "profile.education[0].major", "缺少必填字段"),
        (lambda p: p.update(as_of="2022-13-01"), "profile.as_of", "YYYY-MM-DD"),
        (
            lambda p: p["social_insurance"][0].update({"from": "2015/01"}),
            "profile.social_insurance[0].from",
            "YYYY-MM",
        ),
        (
            lambda p: p["social_insurance"][0].update({"from": "2015-13"}),
            "profile.social_insurance[0].from",
            "月份无效",
        ),
        (lambda p: p.update(self_score=-1), "profile.self_score", "不得小于 0"),
        (lambda p: p.update(titles="助理工程师"), "profile.titles", "类型应为数组"),
        (
            lambda p: p["achievements"][1].update(similarity=1.5),
            "profile.achievements[1].similarity",
            "不得大于 1",
        ),
    ],
)
def test_error_names_the_field_in_chinese(change, field, fragment):
    profile = base("wenling-mechatronics-2022")
    change(profile)
    errors = _one(profile)
    assert any(e["field"] == field and fragment in e["message"] for e in errors), errors


def test_evaluate_raises_profile_invalid_with_all_errors():
    profile = base("wenling-mechatronics-2022", target_level="chief")
    del profile["specialty"]
    with pytest.raises(ProfileInvalid) as caught:
        evaluate("wenling-mechatronics-2022", profile)
    fields = {e["field"] for e in caught.value.errors}
    assert fields == {"profile.target_level", "profile.specialty"}
    assert "profile.target_level：取值必须是" in str(caught.value)


def test_a_result_missing_its_outcome_is_caught_by_the_result_schema():
    assert result_errors(
        {"ruleset": "x", "target_level": "assistant", "declaration": "normal", "criteria": []}
    ) == [{"field": "result.outcome", "message": "缺少必填字段"}]
