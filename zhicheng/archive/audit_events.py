"""Named audit events of the archive (DESIGN.md §4.6); each calls core.audit.record."""

from zhicheng.core import audit


def entry_submitted(*, actor, version):
    return audit.record(
        "archive_entry_submitted", actor=actor, obj=version, kind=version.entry.kind, number=version.number
    )


def entry_approved(*, actor, version, bulk: bool = False):
    return audit.record(
        "archive_entry_approved",
        actor=actor,
        obj=version,
        kind=version.entry.kind,
        number=version.number,
        owner=version.entry.owner_id,
        bulk=bulk,
    )


def entry_returned(*, actor, version, reason: str):
    return audit.record(
        "archive_entry_returned",
        actor=actor,
        obj=version,
        kind=version.entry.kind,
        number=version.number,
        owner=version.entry.owner_id,
        reason=reason,
    )


def entry_deleted(*, actor, entry):
    return audit.record("archive_entry_deleted", actor=actor, obj=entry, kind=entry.kind)


def personal_info_saved(*, actor, info):
    return audit.record("personal_info_saved", actor=actor, obj=info)


def default_photo_set(*, actor, info):
    return audit.record("default_photo_set", actor=actor, obj=info)
