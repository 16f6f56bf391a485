"""What every kind of criterion shares: the verdicts, the ``Kind`` record, the registry and
the ``@kind`` decorator that fills it, and two small text helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..context import Context

MET = "met"
NOT_MET = "not_met"
REVIEW = "needs_review"
NA = "not_applicable"
RESULT_ORDER = {MET: 0, NA: 0, REVIEW: 1, NOT_MET: 2}
RESULT_NAMES = {MET: "符合", NOT_MET: "不符合", REVIEW: "待审核", NA: "不适用"}


@dataclass(frozen=True)
class Verdict:
    result: str
    detail: str


@dataclass(frozen=True)
class Kind:
    name: str
    check: Callable[[Mapping[str, Any], Context], Verdict]
    describe: Callable[[Mapping[str, Any]], str]
    required: frozenset[str]
    optional: frozenset[str]
    compile: Callable[[dict[str, Any]], dict[str, Any]] | None


KINDS: dict[str, Kind] = {}


def kind(name: str, *, describe, required=(), optional=(), compile=None):
    def register(fn):
        KINDS[name] = Kind(name, fn, describe, frozenset(required), frozenset(optional), compile)
        return fn

    return register


def _num(value: float) -> str:
    return f"{value:g}"


def _join(items, sep="、") -> str:
    return sep.join(str(i) for i in items)
