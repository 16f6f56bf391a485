"""Issue 14 §2: the declaration types a plan offers are exactly the routes its rule set can judge."""

from datetime import date
from types import SimpleNamespace

import pytest

from zhicheng.demo.seed import _plans
from zhicheng.eligibility.checks import declarations_for_plan
from zhicheng.eligibility.rulesets import get_ruleset

SEED_PLANS = [p for p in _plans(date(2026, 1, 1)) if p.get("ruleset_id")]


def plan_of(data):
    return SimpleNamespace(
        ruleset_id=data["ruleset_id"], levels=data["levels"], declaration_types=data["declaration_types"]
    )


@pytest.mark.parametrize("data", SEED_PLANS, ids=[p["name"] for p in SEED_PLANS])
def test_every_type_a_seed_plan_offers_has_a_route_and_every_route_is_offered(data):
    plan, ruleset = plan_of(data), get_ruleset(data["ruleset_id"])
    for level in data["levels"]:
        offered = declarations_for_plan(plan, level)
        assert offered, level
        for declaration in offered:
            assert (level, declaration) in ruleset.routes, (level, declaration)
        assert set(ruleset.declarations(level)) == set(offered)
    # The plan's own list (shown on its page and the portal) says the same.
    assert set(declarations_for_plan(plan)) == set(data["declaration_types"])


@pytest.mark.parametrize(
    ("ruleset_id", "level", "expected"),
    [
        # seed 001 附件2 二3: 正常申报 (incl. 直接申报 and 技能人才), 破格申报, 转（兼）评.
        ("linping-manufacturing-2022", "intermediate", ["normal", "exceptional", "transfer"]),
        # seed 003: 正常、破格、越级、转评、技能人才 — no 直接.
        (
            "wenling-mechatronics-2022",
            "intermediate",
            ["normal", "exceptional", "skip_level", "transfer", "skilled"],
        ),
        ("wenling-mechatronics-2022", "assistant", ["normal", "transfer", "skilled"]),
        # seed 002: no 转评 route in the rule set, so none offered.
        ("zhejiang-mech-senior-2020", "associate_senior", ["normal", "exceptional", "skilled"]),
    ],
)
def test_wizard_offers_the_routes_of_the_rule_set(ruleset_id, level, expected):
    plan = SimpleNamespace(
        ruleset_id=ruleset_id, levels=[level], declaration_types=["normal", "direct", "transfer"]
    )
    assert declarations_for_plan(plan, level) == expected


def test_linping_normal_is_judged_by_the_normal_direct_and_skilled_routes():
    route = get_ruleset("linping-manufacturing-2022").routes[("intermediate", "normal")]
    assert [a.id for a in route.alternatives] == ["normal", "direct", "skilled"]


def test_a_plan_without_a_rule_set_offers_what_the_office_configured():
    plan = SimpleNamespace(ruleset_id="", levels=["intermediate"], declaration_types=["normal", "direct"])
    assert declarations_for_plan(plan, "intermediate") == ["normal", "direct"]
