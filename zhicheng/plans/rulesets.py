"""The eligibility rule sets a plan may name (资格条件规则集).

The rule sets live in the eligibility engine, a floor above plans; the engine registers its list here
when the app is ready (``zhicheng.eligibility.apps``), so the plan form offers them without importing
upwards (issue 16 §1, docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable

_source: Callable[[], list[dict]] | None = None


def register_source(source: Callable[[], list[dict]]) -> None:
    """Called once by the eligibility app: ``source()`` lists the rule sets as {"id", "title", ...}."""
    global _source
    _source = source


def available() -> list[dict]:
    """The rule sets a plan may name; none when no engine registered (the plan is then checked by hand)."""
    return list(_source()) if _source else []
