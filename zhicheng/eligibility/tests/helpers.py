"""Shared helpers for the eligibility tests: base profiles from the contract's worked
cases, evaluation that always checks the result against result.schema.json."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from zhicheng.eligibility.context import Context
from zhicheng.eligibility.engine import _run_all, evaluate
from zhicheng.eligibility.rulesets import get_ruleset
from zhicheng.eligibility.validation import result_errors

CASES = Path(__file__).resolve().parent / "cases"

BASES = {
    "wenzhou-mech-2020": "wenzhou-engineer-normal-ok",
    "linping-manufacturing-2022": "linping-engineer-normal-ok",
    "zhejiang-mech-senior-2020": "senior-normal-ok",
    "wenling-mechatronics-2022": "wenling-engineer-normal-ok",
}


@cache
def _case(name: str) -> dict[str, Any]:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def case(name: str) -> dict[str, Any]:
    return copy.deepcopy(_case(name))


def base(ruleset_id: str, **changes: Any) -> dict[str, Any]:
    """A complete profile that passes every hard check of the rule set, with top-level changes."""
    profile = case(BASES[ruleset_id])["profile"]
    profile.update(changes)
    return profile


def run(ruleset_id: str, profile: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result = evaluate(ruleset_id, profile, **kwargs)
    assert result_errors(result) == [], result_errors(result)
    ids = [c["id"] for c in result["criteria"]]
    assert len(ids) == len(set(ids)), f"duplicate criterion ids: {ids}"
    return result


def crit(result: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    for criterion in result["criteria"]:
        if criterion["id"] == criterion_id:
            return criterion
    raise AssertionError(f"no criterion {criterion_id!r} in {[c['id'] for c in result['criteria']]}")


def check(ruleset_id: str, profile: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return crit(run(ruleset_id, profile), criterion_id)


def alternative(ruleset_id: str, profile: dict[str, Any], alternative_id: str) -> dict[str, dict[str, Any]]:
    """The criteria of one alternative of the profile's route, by id, whichever the engine shows."""
    ruleset = get_ruleset(ruleset_id)
    ctx = Context.build(profile, ruleset)
    route = ruleset.routes[(ctx.level, ctx.declaration)]
    chosen = next(a for a in route.alternatives if a.id == alternative_id)
    return {c["id"]: c for c in _run_all(chosen.specs, ctx)}
