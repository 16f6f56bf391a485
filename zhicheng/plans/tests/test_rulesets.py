"""The plan form offers the rule sets the eligibility engine registered (plans does not import it)."""

import pytest

from zhicheng.eligibility.engine import list_rulesets
from zhicheng.plans import rulesets
from zhicheng.plans.forms import PlanForm

pytestmark = pytest.mark.django_db


def test_the_engine_registers_its_rule_sets_when_ready():
    assert [r["id"] for r in rulesets.available()] == [r["id"] for r in list_rulesets()]
    assert rulesets.available(), "the eligibility app registers at least one rule set"


def test_the_plan_form_offers_them_and_a_manual_choice():
    choices = dict(PlanForm().fields["ruleset_id"].choices)
    assert choices[""] == "（不自动核对资格条件）"
    for ruleset in list_rulesets():
        assert choices[ruleset["id"]] == f"{ruleset['title']}（{ruleset['id']}）"


def test_without_an_engine_only_the_manual_choice_is_left(monkeypatch):
    monkeypatch.setattr(rulesets, "_source", None)
    assert rulesets.available() == []
    assert list(PlanForm().fields["ruleset_id"].choices) == [("", "（不自动核对资格条件）")]
