"""Export kinds: a registry mapping a kind to the callable that produces its content.

The document layer does not know which applications a committee office may export;
the apps that own that knowledge register a kind, with its own permission predicate:

    from zhicheng.documents import registry

    registry.register(registry.ExportKind(
        key="plan_roster",
        label="申报计划花名册",
        allowed=lambda user, params: can_export_plan(user, params["plan_id"]),
        build=lambda request: registry.RosterExport(
            meta=..., rows=selectors.roster_rows(plan_id=request.params["plan_id"]), total=...
        ),
    ))

A builder returns a RosterExport (written as one .xlsx), a DocumentBatch (a ZIP of
rendered files) or a SingleDocument (one file, e.g. a 公示表 PDF). Both take lazy iterables, so a builder can stream from a queryset's
``.iterator()`` and nothing big is held in memory; ``total`` (when known) drives the
progress bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .data import RenderedDocument, RosterMeta, RosterRow


class UnknownExportKind(KeyError):
    pass


class MissingExportParameter(ValueError):
    """A required parameter was not given; the message names it in Chinese."""


@dataclass(frozen=True)
class ExportRequest:
    """What a builder gets: the job's id, the requesting user and the job's parameters."""

    job_id: int
    user: Any
    params: dict[str, Any]


@dataclass
class RosterExport:
    meta: RosterMeta
    rows: Iterable[RosterRow]
    total: int | None = None
    # The committee needs full ID numbers on its roster (附件7 注4); the kind's builder decides.
    reveal_identifiers: bool = False
    filename: str = "评委会评审对象资格审查花名册.xlsx"


@dataclass
class DocumentBatch:
    documents: Iterable[RenderedDocument]
    total: int | None = None
    filename: str = "documents.zip"
    # The audited row count when it is not the number of files (a ZIP of rosters counts their
    # rows); called once every document is written.
    row_count: Callable[[], int] | None = None


@dataclass
class SingleDocument:
    """One rendered file (a 公示表 PDF) stored as it is; ``rows`` is what it lists, for the
    audit record (SECURITY.md 15)."""

    document: RenderedDocument
    rows: int


BuildResult = RosterExport | DocumentBatch | SingleDocument


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: str
    build: Callable[[ExportRequest], BuildResult]
    # One permission predicate per action (DESIGN.md §4.5): may this user start this export?
    allowed: Callable[[Any, dict[str, Any]], bool]
    # Parameters the start form offers (name → label); an empty mapping means none.
    params: dict[str, str] = field(default_factory=dict)
    # For a parameter picked from a list (a plan): name → callable(user) giving the
    # (value, label) pairs this user may pick, so the form never offers what the predicate
    # would refuse. Parameters without choices are typed in.
    choices: dict[str, Callable[[Any], list[tuple[str, str]]]] = field(default_factory=dict)
    # Parameters a job cannot start without (services.export_job_start refuses it).
    required: tuple[str, ...] = ()

    def options_for(self, user: Any) -> list[tuple[str, str, list[tuple[str, str]] | None]]:
        """(name, label, choices or None) of each parameter, for the start form."""
        return [
            (name, label, self.choices[name](user) if name in self.choices else None)
            for name, label in self.params.items()
        ]


_KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind, *, replace: bool = False) -> ExportKind:
    if kind.key in _KINDS and not replace:
        raise ValueError(f"export kind {kind.key!r} is already registered")
    _KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def get(key: str) -> ExportKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise UnknownExportKind(key) from None


def kinds_for(user: Any) -> list[ExportKind]:
    """The kinds this user may start with default parameters, for the start form."""
    return [k for k in _KINDS.values() if k.allowed(user, {})]
