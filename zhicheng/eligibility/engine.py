"""evaluate(ruleset_id, profile) → result: the explaining eligibility engine.

Pure: no Django, no database, no I/O once the rule sets are loaded (they are read once
per process). The result follows schema/result.schema.json; every criterion carries a
stable id, the clause it rests on and a Chinese detail with the figures used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .context import DECLARATION_NAMES, LEVEL_NAMES, Context
from .criteria import KINDS, MET, NOT_MET, RESULT_NAMES, RESULT_ORDER, REVIEW
from .rulesets import Route, RuleSet, Spec, UnknownRuleset, describe_ruleset, get_ruleset, list_rulesets
from .validation import ProfileInvalid, validate_profile

# list_rulesets and describe_ruleset are re-exported: callers import the engine's API from here.
__all__ = ["evaluate", "outcome_of", "list_rulesets", "describe_ruleset", "ProfileInvalid", "UnknownRuleset"]


def outcome_of(criteria: Iterable[Mapping[str, Any]]) -> str:
    """ineligible if any criterion is not_met; needs_review if any needs review; else eligible."""
    results = {c["result"] for c in criteria}
    if NOT_MET in results:
        return "ineligible"
    if REVIEW in results:
        return "needs_review"
    return "eligible"


def _run(spec: Spec, ctx: Context) -> dict[str, Any]:
    verdict = KINDS[spec.kind].check(spec.params, ctx)
    return {
        "id": spec.id,
        "title": spec.title,
        "clause": spec.clause,
        "result": verdict.result,
        "detail": verdict.detail,
    }


def _run_all(specs: Iterable[Spec], ctx: Context) -> list[dict[str, Any]]:
    work_category = ctx.profile.get("work_category")
    return [_run(s, ctx) for s in specs if s.applies(ctx.level, ctx.declaration, work_category)]


def _worst(criteria: list[dict[str, Any]]) -> str:
    return max((c["result"] for c in criteria), key=RESULT_ORDER.__getitem__, default=MET)


def _route(route: Route, ctx: Context) -> list[dict[str, Any]]:
    if not route.alternatives:
        return _run_all(route.specs, ctx)
    # Alternatives (e.g. 一般破格 / 业绩特别突出破格; 学历资历 / 量化自评分): the applicant needs
    # one. The first that passes is shown in full; the others are summarised in "route" so
    # that their shortfalls stay visible without making the outcome ineligible.
    tried = []
    for alternative in route.alternatives:
        ctx.facts = {}
        criteria = _run_all(alternative.specs, ctx)
        tried.append((alternative, criteria, _worst(criteria), ctx.facts))
    chosen = min(tried, key=lambda t: RESULT_ORDER[t[2]])  # min keeps the first of equals
    ctx.facts = chosen[3]
    parts = []
    for alternative, criteria, result, _ in tried:
        text = f"「{alternative.title}」{RESULT_NAMES[result]}"
        shortfalls = [c["detail"] for c in criteria if c["result"] == result and result != MET]
        if shortfalls:
            text += "：" + "；".join(shortfalls)
        parts.append(text)
    lead = f"按「{chosen[0].title}」申报" if chosen[2] != NOT_MET else "各途径均不符合"
    summary = {
        "id": "route",
        "title": route.title,
        "clause": route.clause,
        "result": chosen[2],
        "detail": f"{lead}。" + "。".join(parts),
    }
    return [summary, *chosen[1]]


def _not_offered(ruleset: RuleSet, ctx: Context) -> dict[str, Any]:
    offered = []
    for level in ruleset.levels:
        names = "、".join(DECLARATION_NAMES[d] for d in ruleset.declarations(level))
        offered.append(f"{LEVEL_NAMES[level]}（{names}）")
    wanted = f"{LEVEL_NAMES[ctx.level]}{DECLARATION_NAMES[ctx.declaration]}"
    return {
        "id": "route",
        "title": "申报级别与方式",
        "clause": ruleset.scope_clause,
        "result": NOT_MET,
        "detail": f"本评审计划不受理{wanted}；受理：{'；'.join(offered)}",
    }


def evaluate(
    ruleset_id: str,
    profile: dict[str, Any],
    *,
    rulesets: Mapping[str, Any] | None = None,
    validate: bool = True,
) -> dict[str, Any]:
    """Evaluate a profile (profile.schema.json) against a rule set; returns result.schema.json.

    Raises UnknownRuleset for an id that is not published and ProfileInvalid (with the
    offending fields named in Chinese) for a profile outside the schema.
    """
    ruleset = get_ruleset(ruleset_id, rulesets)
    if validate:
        validate_profile(profile)
    ctx = Context.build(profile, ruleset)
    criteria = _run_all(ruleset.scope, ctx)
    route = ruleset.routes.get((ctx.level, ctx.declaration))
    criteria += _route(route, ctx) if route else [_not_offered(ruleset, ctx)]
    criteria += _run_all(ruleset.requirements.get(ctx.level, ()), ctx)
    criteria += _run_all(ruleset.checks, ctx)
    return {
        "ruleset": ruleset.id,
        "ruleset_version": ruleset.version,
        "target_level": ctx.level,
        "declaration": ctx.declaration,
        "as_of": ctx.as_of.isoformat(),
        "outcome": outcome_of(criteria),
        "criteria": criteria,
    }
