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


# The compiled validator (fastjsonschema) is only a fast "nothing is wrong": it must never accept a
# profile that jsonschema refuses, and must leave the profile as it was (no defaults filled in).
_MUTATIONS = [
    lambda p: p.update(as_of="2022-02-30"),
    lambda p: p.update(as_of="２０２２-01-01"),  # full-width digits: not a date for jsonschema either
    lambda p: p.update(as_of="20220101"),  # fromisoformat accepts it; the schema's date does not
    lambda p: p.update(self_score=True),
    lambda p: p.update(self_score=float("nan")),
    lambda p: p.update(self_score=1.0),
    lambda p: p["titles"][0].update(level=None),
    lambda p: p["education"][0].update(graduated_on=20220101),
    lambda p: p.update(extra_key="x"),
    lambda p: p.update(titles=[]),
    lambda p: p.update(work=None),
    lambda p: p["social_insurance"][0].update({"from": "2015-1"}),
    lambda p: p.update(achievements=[{"kind": "paper", "date": "2020-01-01", "similarity": -0.1}]),
    lambda p: p.update(achievements=[{"kind": "paper", "date": "2020-01-01", "similarity": "0.2"}]),
    lambda p: p.pop("declaration"),
]


@pytest.mark.parametrize("mutation", range(len(_MUTATIONS)))
@pytest.mark.parametrize(
    "ruleset", ["wenling-mechatronics-2022", "wenzhou-mech-2020", "linping-manufacturing-2022"]
)
def test_the_compiled_validator_accepts_nothing_jsonschema_refuses(ruleset, mutation):
    from zhicheng.eligibility.validation import _messages, _validator, conforms

    profile = base(ruleset)
    _MUTATIONS[mutation](profile)
    slow = [
        m for e in _validator("profile.schema.json").iter_errors(profile) for m in _messages(e, "profile")
    ]
    if conforms(profile):
        assert slow == [], slow
    # Whichever validator answers, the messages are jsonschema's.
    assert [e for e in profile_errors(profile) if "月份无效" not in e["message"]] == slow


def test_compiled_validation_fills_in_no_defaults():
    import copy

    from zhicheng.eligibility.validation import conforms

    profile = base("wenling-mechatronics-2022")
    before = copy.deepcopy(profile)
    assert conforms(profile)
    assert profile == before


def test_generated_profiles_get_the_same_verdict_from_both_validators():
    """The benchmark's generator covers every array of the schema; both validators agree on each profile."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_eligibility import PLANS, make_profile

    from zhicheng.eligibility.validation import _validator, conforms

    rng = random.Random(15)
    for ruleset in PLANS:
        for _ in range(25):
            profile = make_profile(rng, ruleset)
            assert conforms(profile) == _validator("profile.schema.json").is_valid(profile)
