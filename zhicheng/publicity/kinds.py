"""What each kind of 公示 does beyond the common rule, registered by the app that owns the kind.

The 公示 module sits below review and evaluation (pyproject [tool.importlinter]), so it cannot call them.
An objection upheld and a 公示 closing change their records in the same transaction (the file loses its
qualification, the evaluation case is cancelled or cleared), so those apps register their steps here in
AppConfig.ready(); everything that may wait for the commit is the `publicity_closed` signal instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Kind


@dataclass(frozen=True)
class KindSteps:
    # (objection, actor, resolution) → None; may raise the caller's error to refuse.
    on_upheld: Callable | None = None
    # (publicity, actor, cleared application ids) → None, inside the closing transaction.
    on_closing: Callable | None = None


_STEPS: dict[str, KindSteps] = {}


def register(kind: str, *, on_upheld: Callable | None = None, on_closing: Callable | None = None) -> None:
    if kind not in Kind.values:
        raise ValueError(f"unknown kind of publicity: {kind}")
    _STEPS[kind] = KindSteps(on_upheld=on_upheld, on_closing=on_closing)


def steps(kind: str) -> KindSteps:
    return _STEPS.get(kind, KindSteps())
