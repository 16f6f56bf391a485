"""Eligibility: rule sets as data, the explaining engine and the continuing-education ledger.

The public functions are pure (no Django, no database); importing this package does not
touch Django either, so the engine can run in a task, a command or a plain script.
"""

from .engine import evaluate, outcome_of
from .ledger import compile_ledger, ledger_records, rank_weight
from .rulesets import RuleSetError, UnknownRuleset, describe_ruleset, list_rulesets
from .validation import ProfileInvalid, profile_errors, validate_profile

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
