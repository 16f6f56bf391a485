"""Rule sets as versioned data: one YAML file per committee and year in ./rulesets.

A file is checked completely when it is loaded (unknown keys, unknown kinds, missing
parameters, duplicate criterion ids), so a committee publishing next year's rules gets a
clear error instead of a wrong verdict. Loading happens once per process; evaluation
does no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .context import DECLARATION_NAMES, LEVEL_NAMES
from .criteria import KINDS, WORK_CATEGORY_NAMES, describe_kind
from .ledger import ROUTES as LEDGER_ROUTES
from .majors import MajorLists

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"
LIST_DIR = RULESET_DIR / "lists"

SPEC_KEYS = frozenset({"id", "kind", "clause", "title", "when", "text"})
WHEN_KEYS = {"levels": LEVEL_NAMES, "declarations": DECLARATION_NAMES, "work_categories": WORK_CATEGORY_NAMES}
TOP_KEYS = frozenset(
    {
        "id",
        "version",
        "title",
        "committee",
        "as_of",
        "deadline",
        "sources",
        "scope_clause",
        "levels",
        "education",
        "papers",
        "scope",
        "routes",
        "requirements",
        "checks",
        "readings",
        "definitions",  # free-form anchors (&name) that criteria below reuse
        "achievements_cutoff",  # 业绩截止日 where the notice names one (seed 000 二5)
        "ledger",  # continuing-education ledger options: routes and years outside the 36-hour cap
    }
)
EDUCATION_KEYS = frozenset(
    {
        "majors",
        "vocational_equivalence",
        "registered_qualification",
        "ce_conversion",
        "highest_if_any_matches",
        "clause",
    }
)


class RuleSetError(ValueError):
    pass


class UnknownRuleset(LookupError):
    def __init__(self, ruleset_id: str):
        self.ruleset_id = ruleset_id
        super().__init__(f"未找到规则集「{ruleset_id}」")


@dataclass(frozen=True)
class When:
    levels: frozenset[str] | None = None
    declarations: frozenset[str] | None = None
    work_categories: frozenset[str] | None = None

    def applies(self, level: str, declaration: str, work_category: str | None) -> bool:
        return (
            (self.levels is None or level in self.levels)
            and (self.declarations is None or declaration in self.declarations)
            and (self.work_categories is None or work_category in self.work_categories)
        )


@dataclass(frozen=True)
class Spec:
    id: str
    kind: str
    clause: str
    title: str
    params: Mapping[str, Any]
    when: When | None = None
    text: str | None = None

    def applies(self, level: str, declaration: str, work_category: str | None) -> bool:
        return self.when is None or self.when.applies(level, declaration, work_category)

    def describe(self) -> str:
        return self.text or describe_kind(self.kind, self.params)


@dataclass(frozen=True)
class Alternative:
    id: str
    title: str
    specs: tuple[Spec, ...]


@dataclass(frozen=True)
class Route:
    level: str
    declaration: str
    title: str
    clause: str
    specs: tuple[Spec, ...] = ()
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: int
    title: str
    committee: str
    as_of: str | None
    deadline: str | None
    sources: tuple[Mapping[str, str], ...]
    scope_clause: str
    levels: tuple[str, ...]
    majors: MajorLists
    education: Mapping[str, Any]
    paper_policy: Mapping[str, Any]
    scope: tuple[Spec, ...]
    routes: Mapping[tuple[str, str], Route]
    requirements: Mapping[str, tuple[Spec, ...]]
    checks: tuple[Spec, ...]
    readings: tuple[str, ...] = ()
    source_file: str = ""
    achievements_cutoff: str | None = None
    ledger_caps: Mapping[Any, float | None] | None = None

    def declarations(self, level: str) -> list[str]:
        return [d for (lv, d) in self.routes if lv == level]


def _fail(where: str, message: str) -> NoReturn:
    raise RuleSetError(f"{where}: {message}")


def _compile_when(raw, where) -> When | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        _fail(where, "when must be a mapping")
    values = {}
    for key, value in raw.items():
        if key not in WHEN_KEYS:
            _fail(where, f"unknown when key {key!r}")
        values[key] = frozenset([value] if isinstance(value, str) else value)
        bad = values[key] - set(WHEN_KEYS[key])
        if bad:
            _fail(where, f"unknown {key} {sorted(bad)}")
    return When(**values)


def compile_spec(raw: Mapping[str, Any], where: str) -> Spec:
    if not isinstance(raw, dict):
        _fail(where, "a criterion must be a mapping")
    for key in ("id", "kind", "clause"):
        if not raw.get(key):
            _fail(where, f"criterion needs {key!r}")
    where = f"{where} {raw['id']}"
    if raw["kind"] not in KINDS:
        _fail(where, f"unknown kind {raw['kind']!r} (known: {', '.join(sorted(KINDS))})")
    kind = KINDS[raw["kind"]]
    params = {k: v for k, v in raw.items() if k not in SPEC_KEYS}
    missing = kind.required - set(params)
    if missing:
        _fail(where, f"kind {kind.name} needs {sorted(missing)}")
    unknown = set(params) - kind.required - kind.optional
    if unknown:
        _fail(where, f"kind {kind.name} does not take {sorted(unknown)}")
    if kind.compile:
        try:
            params = kind.compile(params)
        except (ValueError, KeyError, TypeError) as exc:
            _fail(where, str(exc))
    return Spec(
        id=str(raw["id"]),
        kind=kind.name,
        clause=str(raw["clause"]),
        title=str(raw.get("title") or raw["id"]),
        params=params,
        when=_compile_when(raw.get("when"), where),
        text=raw.get("text"),
    )


def _specs(raw, where) -> tuple[Spec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        _fail(where, "expected a list of criteria")
    return tuple(compile_spec(item, f"{where}[{i}]") for i, item in enumerate(raw))


def _majors(raw, where) -> MajorLists:
    raw = dict(raw or {})
    if "use" in raw:
        path = LIST_DIR / f"{raw.pop('use')}.yaml"
        if not path.is_file():
            _fail(where, f"no majors list {path.name}")
        raw = {**yaml.safe_load(path.read_text(encoding="utf-8")), **raw}
    unknown = set(raw) - {"same", "similar", "aliases", "applies_to", "clause", "source"}
    if unknown:
        _fail(where, f"unknown majors keys {sorted(unknown)}")
    return MajorLists.build(
        raw.get("same", []), raw.get("similar", []), raw.get("aliases"), raw.get("applies_to", [])
    )


def _route(level, declaration, raw, where) -> Route:
    if not isinstance(raw, dict) or not raw.get("title") or not raw.get("clause"):
        _fail(where, "a route needs title and clause")
    unknown = set(raw) - {"title", "clause", "criteria", "alternatives"}
    if unknown:
        _fail(where, f"unknown route keys {sorted(unknown)}")
    if ("criteria" in raw) == ("alternatives" in raw):
        _fail(where, "a route has either criteria or alternatives")
    alternatives = []
    for i, alt in enumerate(raw.get("alternatives") or []):
        if not alt.get("id") or not alt.get("title"):
            _fail(f"{where}.alternatives[{i}]", "an alternative needs id and title")
        alternatives.append(
            Alternative(alt["id"], alt["title"], _specs(alt.get("criteria"), f"{where}.{alt['id']}"))
        )
    return Route(
        level=level,
        declaration=declaration,
        title=raw["title"],
        clause=raw["clause"],
        specs=_specs(raw.get("criteria"), where),
        alternatives=tuple(alternatives),
    )


def compile_ruleset(raw: Mapping[str, Any], source: str = "<data>") -> RuleSet:
    if not isinstance(raw, dict):
        _fail(source, "a rule set must be a mapping")
    unknown = set(raw) - TOP_KEYS
    if unknown:
        _fail(source, f"unknown top-level keys {sorted(unknown)}")
    for key in ("id", "version", "title", "committee", "scope_clause", "levels", "routes"):
        if key not in raw:
            _fail(source, f"missing {key!r}")
    levels = tuple(raw["levels"])
    for level in levels:
        if level not in LEVEL_NAMES:
            _fail(source, f"unknown level {level!r}")
    education = dict(raw.get("education") or {})
    bad = set(education) - EDUCATION_KEYS
    if bad:
        _fail(source, f"unknown education keys {sorted(bad)}")
    majors = _majors(education.pop("majors", None), f"{source} education.majors")
    routes: dict[tuple[str, str], Route] = {}
    for level, by_declaration in (raw.get("routes") or {}).items():
        if level not in levels:
            _fail(source, f"routes for {level!r}, which is not in levels")
        for declaration, route in by_declaration.items():
            if declaration not in DECLARATION_NAMES:
                _fail(source, f"unknown declaration {declaration!r}")
            routes[(level, declaration)] = _route(
                level, declaration, route, f"{source} routes.{level}.{declaration}"
            )
    requirements = {}
    for level, specs in (raw.get("requirements") or {}).items():
        if level not in levels:
            _fail(source, f"requirements for {level!r}, which is not in levels")
        requirements[level] = _specs(specs, f"{source} requirements.{level}")
    ruleset = RuleSet(
        id=str(raw["id"]),
        version=int(raw["version"]),
        title=raw["title"],
        committee=raw["committee"],
        as_of=str(raw["as_of"]) if raw.get("as_of") else None,
        deadline=str(raw["deadline"]) if raw.get("deadline") else None,
        sources=tuple(raw.get("sources") or ()),
        scope_clause=raw["scope_clause"],
        levels=levels,
        majors=majors,
        education=education,
        paper_policy=dict(raw.get("papers") or {}),
        scope=_specs(raw.get("scope"), f"{source} scope"),
        routes=routes,
        requirements=requirements,
        checks=_specs(raw.get("checks"), f"{source} checks"),
        readings=tuple(raw.get("readings") or ()),
        source_file=source,
        achievements_cutoff=str(raw["achievements_cutoff"]) if raw.get("achievements_cutoff") else None,
        ledger_caps=_ledger_caps(raw.get("ledger"), source),
    )
    _check_unique_ids(ruleset, source)
    return ruleset


def _ledger_caps(raw, source) -> dict[Any, float | None] | None:
    """ledger: {uncapped: [{route, year}]} → the (route, year) overrides compile_ledger takes."""
    if not raw:
        return None
    if set(raw) - {"uncapped"}:
        _fail(source, f"unknown ledger keys {sorted(set(raw) - {'uncapped'})}")
    caps: dict[Any, float | None] = {}
    for item in raw.get("uncapped") or []:
        if item.get("route") not in LEDGER_ROUTES:
            _fail(source, f"ledger.uncapped: unknown route {item.get('route')!r}")
        caps[(item["route"], int(item["year"])) if "year" in item else item["route"]] = None
    return caps


def _check_unique_ids(ruleset: RuleSet, source: str) -> None:
    """Within one result every criterion id must be distinct: check each level, route,
    alternative and work category that can occur together."""
    for (level, declaration), route in ruleset.routes.items():
        variants = [[*alt.specs] for alt in route.alternatives] or [[*route.specs]]
        fixed = ["route"] if route.alternatives else []
        for category in [None, *WORK_CATEGORY_NAMES]:
            for variant in variants:
                specs = [*ruleset.scope, *variant, *ruleset.requirements.get(level, ()), *ruleset.checks]
                ids = fixed + [s.id for s in specs if s.applies(level, declaration, category)]
                dupes = sorted({i for i in ids if ids.count(i) > 1})
                if dupes:
                    _fail(source, f"duplicate criterion ids {dupes} for {level}/{declaration}")


def load_ruleset(path: Path) -> RuleSet:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    ruleset = compile_ruleset(raw, path.name)
    if ruleset.id != path.stem:
        _fail(path.name, f"id {ruleset.id!r} must equal the file name")
    return ruleset


@cache
def default_rulesets() -> Mapping[str, RuleSet]:
    """Every rule set file in ./rulesets, by id; read once per process."""
    return {path.stem: load_ruleset(path) for path in sorted(RULESET_DIR.glob("*.yaml"))}


def get_ruleset(ruleset_id: str, rulesets: Mapping[str, Any] | None = None) -> RuleSet:
    table = default_rulesets() if rulesets is None else rulesets
    found = table.get(ruleset_id)
    if found is None:
        raise UnknownRuleset(ruleset_id)
    if isinstance(found, RuleSet):
        return found
    return compile_ruleset(found, f"<{ruleset_id}>")


def _summary(ruleset: RuleSet) -> dict[str, Any]:
    return {
        "id": ruleset.id,
        "version": ruleset.version,
        "title": ruleset.title,
        "committee": ruleset.committee,
        "as_of": ruleset.as_of,
        "deadline": ruleset.deadline,
        "levels": [
            {
                "level": level,
                "name": LEVEL_NAMES[level],
                "declarations": [
                    {"declaration": d, "name": DECLARATION_NAMES[d]} for d in ruleset.declarations(level)
                ],
            }
            for level in ruleset.levels
        ],
        "sources": [dict(s) for s in ruleset.sources],
    }


def list_rulesets(rulesets: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Summaries of the published rule sets (id, title, committee, levels and routes), by id."""
    table = default_rulesets() if rulesets is None else rulesets
    return [_summary(get_ruleset(rid, table)) for rid in sorted(table)]


def _condition(spec: Spec) -> dict[str, Any]:
    out: dict[str, Any] = {"id": spec.id, "title": spec.title, "clause": spec.clause, "text": spec.describe()}
    if spec.when and spec.when.work_categories:
        out["work_categories"] = [WORK_CATEGORY_NAMES[c] for c in sorted(spec.when.work_categories)]
    if spec.when and spec.when.declarations:
        out["declarations"] = [DECLARATION_NAMES[d] for d in sorted(spec.when.declarations)]
    if spec.when and spec.when.levels:
        out["levels"] = [LEVEL_NAMES[lv] for lv in sorted(spec.when.levels)]
    return out


def describe_ruleset(ruleset_id: str, rulesets: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The conditions of a rule set in plain Chinese with their clauses (任职资格条件 page)."""
    ruleset = get_ruleset(ruleset_id, rulesets)
    levels = []
    for level in ruleset.levels:
        routes = []
        for declaration in ruleset.declarations(level):
            route = ruleset.routes[(level, declaration)]
            entry: dict[str, Any] = {
                "declaration": declaration,
                "name": DECLARATION_NAMES[declaration],
                "title": route.title,
                "clause": route.clause,
            }
            if route.alternatives:
                entry["alternatives"] = [
                    {"id": alt.id, "title": alt.title, "conditions": [_condition(s) for s in alt.specs]}
                    for alt in route.alternatives
                ]
            else:
                entry["conditions"] = [_condition(s) for s in route.specs]
            routes.append(entry)
        levels.append(
            {
                "level": level,
                "name": LEVEL_NAMES[level],
                "routes": routes,
                "requirements": [_condition(s) for s in ruleset.requirements.get(level, ())],
            }
        )
    return {
        **_summary(ruleset),
        "scope_clause": ruleset.scope_clause,
        "scope": [_condition(s) for s in ruleset.scope],
        "levels": levels,
        "checks": [_condition(s) for s in ruleset.checks],
        "readings": list(ruleset.readings),
    }


def counts_achievements(ruleset_id: str, level: str, declaration: str) -> bool:
    """Whether the rule set's route for this level and declaration type weighs 业绩成果 (an `items` condition),
    so that an application choosing none of them should be warned before it goes on."""
    try:
        ruleset = get_ruleset(ruleset_id)
    except UnknownRuleset:
        return False
    route = ruleset.routes.get((level, declaration))
    if route is None:
        return False
    specs = list(route.specs) + [s for alternative in route.alternatives for s in alternative.specs]
    specs += list(ruleset.requirements.get(level, ()))
    return any(spec.kind == "items" for spec in specs)
