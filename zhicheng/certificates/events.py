"""Named audit events of the certificates app (DESIGN.md §4.6)."""

from __future__ import annotations

from zhicheng.core.audit import record


def certificate_issued(*, actor, certificate):
    return record("certificate_issued", actor=actor, obj=certificate, number=certificate.number)


def certificate_downloaded(*, actor, certificate):
    return record("certificate_downloaded", actor=actor, obj=certificate, number=certificate.number)


def certificate_revoked(*, actor, certificate):
    return record(
        "certificate_revoked",
        actor=actor,
        obj=certificate,
        number=certificate.number,
        revoked_on=certificate.revoked_on.isoformat(),
    )


def certificate_verified(*, method: str, state: str, number: str = ""):
    # Public checks are audited without personal data: the method, the outcome, the number if known.
    return record(
        "certificate_verified",
        actor_label="public",
        role="public",
        result="ok" if state in ("valid", "revoked") else "denied",
        method=method,
        state=state,
        number=number[:32],
    )


def certificate_verification_throttled():
    # Written at most once per address per hour (views.verify_page), however many look-ups were refused.
    return record("certificate_verification_throttled", actor_label="public", role="public", result="denied")


def paper_requested(*, actor, request):
    return record("paper_certificate_requested", actor=actor, obj=request, kind=request.kind)


def paper_mailed(*, actor, request):
    return record("paper_certificate_mailed", actor=actor, obj=request, ems=request.ems_number)


def integrity_recorded(*, actor, row):
    return record(
        "integrity_recorded",
        actor=actor,
        obj=row,
        person=row.person_id,
        kind=row.kind,
        ban=f"{row.ban_from_year}-{row.ban_until_year}",
    )
