"""Who else may read an archive file: apps above the archive add their rule here (issue 16 §1).

An evidence file is the owner's, and their employer's HR reads it to approve the entry; beyond that,
whoever may view an application that cites the file may open it. Applications sit a floor above the
archive, so the applications app registers that rule when it is ready (``zhicheng.applications.apps``)
instead of the archive importing upwards.
"""

from __future__ import annotations

from collections.abc import Callable

_rules: list[Callable] = []


def register_evidence_reader(rule: Callable) -> None:
    """``rule(user, evidence) -> bool``: True when the user may read the file for a reason of that app."""
    if rule not in _rules:
        _rules.append(rule)


def may_read_evidence(user, evidence) -> bool:
    return any(rule(user, evidence) for rule in _rules)
