"""Rule sets are data: loading checks them; a new file publishes a new rule set."""

import copy

import pytest
import yaml

from zhicheng.eligibility import describe_ruleset, evaluate, list_rulesets
from zhicheng.eligibility.criteria import KINDS
from zhicheng.eligibility.rulesets import (
    RULESET_DIR,
    RuleSetError,
    UnknownRuleset,
    compile_ruleset,
    default_rulesets,
)

from .helpers import base, crit, run

IDS = [
    "linping-manufacturing-2022",
    "wenling-mechatronics-2022",
    "wenzhou-mech-2020",
    "zhejiang-mech-senior-2020",
]


def raw(ruleset_id):
    return yaml.safe_load((RULESET_DIR / f"{ruleset_id}.yaml").read_text(encoding="utf-8"))


def test_the_four_committees_are_published():
    assert [r["id"] for r in list_rulesets()] == IDS


@pytest.mark.parametrize("ruleset_id", IDS)
def test_every_criterion_cites_a_document_and_article(ruleset_id):
    ruleset = default_rulesets()[ruleset_id]
    specs = [*ruleset.scope, *ruleset.checks]
    for route in ruleset.routes.values():
        specs += [*route.specs, *(s for a in route.alternatives for s in a.specs)]
    for level_specs in ruleset.requirements.values():
        specs += list(level_specs)
    for spec in specs:
        assert "〔" in spec.clause or "通知" in spec.clause, spec
        assert any(mark in spec.clause for mark in ("第", "、", "(", "（", "附件")), spec


@pytest.mark.parametrize("ruleset_id", IDS)
def test_describe_gives_plain_chinese_conditions_with_clauses(ruleset_id):
    description = describe_ruleset(ruleset_id)
    assert description["id"] == ruleset_id
    conditions = [*description["scope"], *description["checks"]]
    for level in description["levels"]:
        conditions += level["requirements"]
        for route in level["routes"]:
            conditions += route.get("conditions", [])
            for alternative in route.get("alternatives", []):
                conditions += alternative["conditions"]
    assert conditions
    for condition in conditions:
        assert condition["clause"] and condition["text"], condition
    assert description["readings"]


def test_describe_senior_names_the_self_score_alternative():
    routes = describe_ruleset("zhejiang-mech-senior-2020")["levels"][0]["routes"]
    normal = next(r for r in routes if r["declaration"] == "normal")
    texts = [c["text"] for a in normal["alternatives"] for c in a["conditions"]]
    assert any("自评分达到80分以上" in t for t in texts)
    assert any("取得工程师资格后实际聘任满5年" in t for t in texts)


def test_unknown_ruleset_is_refused_with_a_chinese_message():
    with pytest.raises(UnknownRuleset) as caught:
        evaluate("nowhere-2030", base("wenling-mechatronics-2022"))
    assert "未找到规则集" in str(caught.value)


def test_adding_a_data_file_publishes_a_rule_set_without_code():
    data = raw("wenling-mechatronics-2022")
    data["id"] = "wenling-mechatronics-2023"
    data["title"] = "2023年度温岭市机电专业工程师任职资格评审"
    data["checks"][0]["from"] = 2020  # next year's CE window
    rulesets = {**default_rulesets(), "wenling-mechatronics-2023": data}
    profile = base("wenling-mechatronics-2022", as_of="2023-12-31")
    result = run("wenling-mechatronics-2023", profile, rulesets=rulesets)
    assert result["ruleset"] == "wenling-mechatronics-2023"
    assert "2020–2023年" in crit(result, "continuing_education")["detail"]
    assert "wenling-mechatronics-2023" in [r["id"] for r in list_rulesets(rulesets)]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["checks"].append({"id": "x", "kind": "horoscope", "clause": "第一条"}), "unknown kind"),
        (
            lambda d: d["checks"].append({"id": "x", "kind": "self_score", "clause": "第一条"}),
            "needs ['min']",
        ),
        (
            lambda d: d["checks"].append(
                {"id": "x", "kind": "self_score", "clause": "第一条", "min": 80, "mni": 1}
            ),
            "does not take",
        ),
        (lambda d: d["checks"].append({"id": "x", "kind": "self_score", "min": 80}), "needs 'clause'"),
        (lambda d: d["checks"].append(copy.deepcopy(d["checks"][0])), "duplicate criterion ids"),
        (lambda d: d["checks"][0].update(mode="weekly"), "mode must be"),
        (lambda d: d["checks"][0].update({"from": "yesterday"}), "unknown year bound"),
        (
            lambda d: d["routes"]["intermediate"]["skip_level"]["criteria"][0]["items"][0]["any"][0][
                "achievement"
            ].update(level_min="galactic"),
            "level_min",
        ),
        (lambda d: d["routes"]["intermediate"]["skip_level"]["criteria"][0].update(k=9), "k must be"),
        (lambda d: d.update(levels=["assistant"]), "not in levels"),
        (lambda d: d.update(colour="blue"), "unknown top-level keys"),
        (lambda d: d["checks"][1].update(when={"levels": ["captain"]}), "unknown levels"),
    ],
)
def test_a_broken_rule_set_file_is_refused_with_a_precise_message(mutate, message):
    data = raw("wenling-mechatronics-2022")
    mutate(data)
    with pytest.raises(RuleSetError) as caught:
        compile_ruleset(data, "test.yaml")
    assert message in str(caught.value)


def test_every_kind_is_used_by_some_rule_set():
    used = set()
    for ruleset in default_rulesets().values():
        specs = [*ruleset.scope, *ruleset.checks, *(s for v in ruleset.requirements.values() for s in v)]
        for route in ruleset.routes.values():
            specs += [*route.specs, *(s for a in route.alternatives for s in a.specs)]
        used |= {s.kind for s in specs}
    assert used == set(KINDS)
