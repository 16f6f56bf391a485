"""Eligibility: rule sets as data, the explaining engine and the continuing-education ledger.

The public functions are pure (no Django, no database); importing this package does not
touch Django either, so the engine can run in a task, a command or a plain script.

The names below load on first use (PEP 562): Django imports this package for its models
in every process, and the engine with its rule sets and JSON Schema validator is 7 MB that
a process writing a roster or serving a page that never evaluates does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import evaluate, outcome_of
    from .ledger import compile_ledger, ledger_records, rank_weight
    from .rulesets import RuleSetError, UnknownRuleset, describe_ruleset, list_rulesets
    from .validation import ProfileInvalid, profile_errors, validate_profile

_HOME = {
    "evaluate": "engine",
    "outcome_of": "engine",
    "compile_ledger": "ledger",
    "ledger_records": "ledger",
    "rank_weight": "ledger",
    "RuleSetError": "rulesets",
    "UnknownRuleset": "rulesets",
    "describe_ruleset": "rulesets",
    "list_rulesets": "rulesets",
    "ProfileInvalid": "validation",
    "profile_errors": "validation",
    "validate_profile": "validation",
}

__all__ = [
    "ProfileInvalid",
    "RuleSetError",
    "UnknownRuleset",
    "compile_ledger",
    "describe_ruleset",
    "evaluate",
    "ledger_records",
    "list_rulesets",
    "outcome_of",
    "profile_errors",
    "rank_weight",
    "validate_profile",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value
