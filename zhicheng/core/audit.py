"""Named audit events (DESIGN.md §4.6). Call these, never AuditEvent.objects.create.

How the chain resists rewriting and contention (SECURITY.md 10, issue 12 item 11, issue 15):
- each row is sealed when it is written: `mac` = HMAC-SHA256(key, content), the key kept outside
  the database (crypto.audit_chain_key);
- the row is inserted, then linked into the chain only if no other transaction holds the chain's
  head (`SELECT … FOR UPDATE SKIP LOCKED`): an audited transaction never waits for another one.
  Linking gives the row `seq`, `prev_hash` and `hash` = HMAC(key, seq, prev, mac) and moves the
  head (sealed with the key too). Rows written while another transaction held the head are linked
  by that holder's successor or by a drain right after their own commit (`chain_drain`);
- `verify_chain()` recomputes every seal and link: a changed row, a deleted row, or a chain
  recomputed without the key (plain SHA-256) is reported.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .crypto import audit_chain_key
from .middleware import current_request_meta
from .models import AuditEvent, AuditHead

log = logging.getLogger(__name__)
GENESIS = "0" * 64
DRAIN_BATCH = 5000


def _hmac(message: bytes) -> str:
    return hmac.new(audit_chain_key(), message, hashlib.sha256).hexdigest()


def row_mac(row) -> str:
    """The seal of one row's content (works on historical models too: only reads attributes)."""
    return _hmac(b"row:" + AuditEvent.canonical(row))


def link_hash(seq: int, prev: str, mac: str) -> str:
    return _hmac(f"link:{seq}:{prev}:{mac}".encode())


def head_mac(head) -> str:
    return _hmac(f"head:{head.base_seq}:{head.base_hash}:{head.count}:{head.last_hash}".encode())


def record(
    event: str, *, actor=None, obj=None, result: str = "ok", role: str = "", **data: Any
) -> AuditEvent:
    meta = current_request_meta()
    row = AuditEvent(
        at=timezone.now(),
        event=event,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(
            data.pop("actor_label", "") or (actor.get_username() if getattr(actor, "pk", None) else "")
        )[:64],
        role=role or getattr(actor, "role", "") or "",
        ip=meta.get("ip"),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        result=result,
        data=data,
    )
    row.mac = row_mac(row)
    row.save()
    # Link it now if no other transaction holds the head (never waiting for it); otherwise the
    # holder, or a drain after this commit, links it.
    if chain_drain(wait=False) is None:
        transaction.on_commit(_drain_after_commit)
    return row


def _drain_after_commit() -> None:
    try:
        chain_drain(wait=False)
    except Exception:  # noqa: BLE001 - the action is committed; the next drain links the row
        log.warning("audit chain drain after commit failed; the next drain links the rows", exc_info=True)


def _locked_head(*, wait: bool) -> AuditHead | None:
    """The head row, locked; None when another drainer holds it and wait=False."""
    qs = AuditHead.objects.filter(pk=1)
    skip = not wait and connection.features.has_select_for_update_skip_locked
    head = qs.select_for_update(skip_locked=skip).first()
    if head is None and not qs.exists():  # a database migrated without rows: the first drain makes it
        AuditHead.objects.get_or_create(pk=1)
        head = qs.select_for_update().get()
    return head


def chain_drain(*, wait: bool = True) -> int | None:
    """Link every visible, unlinked row into the chain; returns how many were linked.

    wait=False (each audited write) returns None at once when another transaction holds the head:
    that one, or the next, links the rows. The periodic job and verify_audit call it with wait=True.
    """
    linked = 0
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction and connection.vendor == "postgresql":
            # A lost drain (crash before the WAL flush) only leaves rows unlinked for the next
            # drain, so this transaction need not wait for the disk: no second fsync per request.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        head = _locked_head(wait=wait)
        if head is None:
            return None
        if head.mac == "" and head.count == 0 and head.base_seq == 0:
            head.mac = head_mac(head)  # a fresh head: nothing to protect yet
        pending = AuditEvent.objects.filter(seq__isnull=True).order_by("id").values_list("id", "mac")
        for pk, mac in pending[:DRAIN_BATCH]:
            seq = head.count + 1
            link = link_hash(seq, head.last_hash, mac)
            AuditEvent.objects.filter(pk=pk, seq__isnull=True).update(
                seq=seq, prev_hash=head.last_hash, hash=link
            )
            head.count, head.last_hash = seq, link
            linked += 1
        if linked:
            head.mac = head_mac(head)
            head.save()
    if linked:
        # The head also goes to the log, outside the database: an anchor against truncating the tail.
        log.info("audit chain head seq=%s hash=%s", head.count, head.last_hash)
    return linked


def verify_chain() -> list[str]:
    """Return the problems found; empty when every row is intact and none is missing."""
    problems: list[str] = []
    head = AuditHead.objects.filter(pk=1).first()
    base_seq, prev = (head.base_seq, head.base_hash) if head else (0, GENESIS)
    if head and not hmac.compare_digest(head.mac, head_mac(head)):
        problems.append("链尾记录的密钥签名不符：链尾被改写")
    expected = base_seq + 1
    for row in AuditEvent.objects.order_by("seq", "id").iterator(chunk_size=2000):
        if not hmac.compare_digest(row.mac, row_mac(row)):
            problems.append(f"#{row.pk}: 记录内容被改动（密钥签名不符）")
        if row.seq is None:
            continue  # not linked yet: its own seal was checked above
        if row.seq != expected:
            problems.append(f"#{row.pk}: 链序号应为 {expected}，实为 {row.seq}：有记录缺失")
        if row.prev_hash != prev:
            problems.append(f"#{row.pk}: 前一条记录缺失或被改动")
        if not hmac.compare_digest(row.hash or "", link_hash(row.seq, row.prev_hash, row.mac)):
            problems.append(f"#{row.pk}: 链接哈希不符：链被改写")
        prev, expected = row.hash, row.seq + 1
    if head and (head.last_hash != prev or head.count != expected - 1):
        problems.append("链尾与记录不符：有记录被删除")
    return problems


def purge_chain_before(cutoff) -> int:
    """Retention (SECURITY.md 11): delete the oldest whole segment of the chain whose rows are all
    older than `cutoff`, and move the sealed checkpoint (base_seq, base_hash) to its last link, so
    the rest still verifies from there. Returns the number of rows deleted."""
    chain_drain()
    with transaction.atomic():
        head = _locked_head(wait=True)
        first_kept = (
            AuditEvent.objects.filter(seq__isnull=False, at__gte=cutoff)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        last_purged = head.count if first_kept is None else first_kept - 1
        if last_purged <= head.base_seq:
            return 0
        link = AuditEvent.objects.filter(seq=last_purged).values_list("hash", flat=True).first()
        if link is None:
            raise RuntimeError("audit chain is broken at the purge boundary: run verify_audit")
        deleted, _ = AuditEvent.objects.filter(seq__lte=last_purged).delete()
        head.base_seq, head.base_hash = last_purged, link
        head.mac = head_mac(head)
        head.save()
    record("audit_purged", rows=deleted, through_seq=last_purged, before=cutoff.isoformat())
    return deleted


# --- named events -------------------------------------------------------------------------------


def login_succeeded(*, user):
    return record("login_succeeded", actor=user, obj=user)


def login_failed(*, username_hint: str):
    return record("login_failed", result="denied", actor_label=username_hint)


def logout(*, user):
    return record("logout", actor=user, obj=user)


def access_denied(*, user, path: str):
    return record("access_denied", actor=user, result="denied", path=path)


def object_access_denied(*, user, path: str, method: str):
    """An object outside the user's scope, answered 404 so that nothing leaks (issue 12 item 18)."""
    return record("access_denied", actor=user, result="denied", path=path, method=method, answer=404)


def password_changed(*, user):
    return record("password_changed", actor=user, obj=user)


def account_registered(*, user):
    return record("account_registered", actor=user, obj=user)


def staff_account_created(*, actor, user):
    return record("staff_account_created", actor=actor, obj=user, new_role=user.role)


def role_changed(*, actor, user, old_role: str):
    return record("role_changed", actor=actor, obj=user, old_role=old_role, new_role=user.role)


def id_number_viewed(*, actor, subject):
    return record("id_number_viewed", actor=actor, obj=subject)


def employer_registered(*, actor, employer):
    return record("employer_registered", actor=actor, obj=employer)


def employer_letter_uploaded(*, actor, employer):
    return record("employer_letter_uploaded", actor=actor, obj=employer)


def employer_approved(*, actor, employer):
    return record("employer_approved", actor=actor, obj=employer)


def employer_rejected(*, actor, employer, reason: str):
    return record("employer_rejected", actor=actor, obj=employer, reason=reason)


def plan_saved(*, actor, plan, created: bool):
    return record("plan_created" if created else "plan_updated", actor=actor, obj=plan)


def plan_published(*, actor, plan):
    return record("plan_published", actor=actor, obj=plan)


def plan_reopened(*, actor, plan, reason: str):
    return record("plan_reopened", actor=actor, obj=plan, reason=reason)


def plan_closed(*, actor, plan, reason: str):
    return record("plan_closed", actor=actor, obj=plan, reason=reason)


def export_made(*, actor, kind: str, rows: int, obj=None):
    return record("export_made", actor=actor, obj=obj, kind=kind, rows=rows)


def otp_device_confirmed(*, user):
    return record("otp_device_confirmed", actor=user, obj=user)


def upload_rejected(*, actor, field: str, reason: str):
    return record("upload_rejected", actor=actor, result="denied", field=field, reason=reason)


def application_transition(*, actor, application, action: str, from_status: str, to_status: str):
    """application_submitted / _approved / _returned / _rejected / _withdrawn / _resubmitted."""
    past = {
        "submit": "submitted",
        "resubmit": "resubmitted",
        "withdraw": "withdrawn",
        "approve": "approved",
        "return": "returned",
        "reject": "rejected",
    }
    return record(
        f"application_{past[action]}",
        actor=actor,
        obj=application,
        from_status=from_status,
        to_status=to_status,
    )
