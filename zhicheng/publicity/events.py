"""Named audit events of the 公示 module (DESIGN.md §4.6); each writes one append-only row."""

from zhicheng.core.audit import record


def publicity_opened(*, actor, publicity, rows: int):
    return record(
        "publicity_opened",
        actor=actor,
        obj=publicity,
        kind=publicity.kind,
        rows=rows,
        start=publicity.start.isoformat(),
        end=publicity.end.isoformat(),
        working_days=publicity.working_days,
    )


def publicity_rescheduled(*, actor, publicity, old_start, old_end):
    return record(
        "publicity_rescheduled",
        actor=actor,
        obj=publicity,
        kind=publicity.kind,
        old_start=old_start.isoformat(),
        old_end=old_end.isoformat(),
        start=publicity.start.isoformat(),
        end=publicity.end.isoformat(),
        working_days=publicity.working_days,
    )


def internal_publicity_recorded(*, actor, publicity, application):
    return record(
        "internal_publicity_recorded",
        actor=actor,
        obj=application,
        publicity=publicity.pk,
        start=publicity.start.isoformat(),
        end=publicity.end.isoformat(),
        working_days=publicity.working_days,
        result=publicity.result,
    )


def objection_recorded(*, actor, objection, kind: str):
    return record(
        "publicity_objection_recorded", actor=actor, obj=objection, kind=kind, entry=objection.entry_id
    )


def objection_resolved(*, actor, objection, kind: str):
    return record(
        "publicity_objection_resolved", actor=actor, obj=objection, kind=kind, outcome=objection.status
    )


def publicity_closed(*, actor, publicity, cleared: int):
    return record(
        "publicity_closed",
        actor=actor,
        obj=publicity,
        kind=publicity.kind,
        cleared=cleared,
        result=publicity.result,
    )
