"""Re-chain the existing audit rows with the key (issue 12 item 11).

Before this, the chain was plain SHA-256, which anyone able to write to the database could
recompute. The old chain is checked first and the result is written into a checkpoint event at
the end of the new chain (`audit_chain_keyed`: the old head, its row count and whether it
verified), so re-keying never hides tampering that happened before it.
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone


def _old_hash(row) -> str:
    body = {
        "at": row.at.isoformat(),
        "event": row.event,
        "actor": row.actor_id,
        "actor_label": row.actor_label,
        "role": row.role,
        "ip": row.ip,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "result": row.result,
        "data": row.data,
        "prev": row.prev_hash,
    }
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def rekey(apps, schema_editor):
    from zhicheng.core.audit import GENESIS, head_mac, link_hash, row_mac

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    head, _ = AuditHead.objects.get_or_create(pk=1)
    old_head, old_count = head.last_hash, head.count
    prev, seq, old_ok, old_prev = GENESIS, 0, True, GENESIS
    batch = []
    for row in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != old_prev or _old_hash(row) != row.hash:
            old_ok = False
        old_prev = row.hash
        seq += 1
        row.mac = row_mac(row)
        row.seq = seq
        row.prev_hash = prev
        row.hash = link_hash(seq, prev, row.mac)
        prev = row.hash
        batch.append(row)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["mac", "seq", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["mac", "seq", "prev_hash", "hash"])
    old_ok = old_ok and old_count == seq
    if seq:
        checkpoint = AuditEvent(
            at=timezone.now(),
            event="audit_chain_keyed",
            result="ok" if old_ok else "denied",
            data={"old_head": old_head, "old_rows": old_count, "old_chain_verified": old_ok},
        )
        checkpoint.mac = row_mac(checkpoint)
        seq += 1
        checkpoint.seq, checkpoint.prev_hash = seq, prev
        checkpoint.hash = link_hash(seq, prev, checkpoint.mac)
        checkpoint.save()
        prev = checkpoint.hash
    head.count, head.last_hash, head.base_seq, head.base_hash = seq, prev, 0, GENESIS
    head.mac = head_mac(head)
    head.save()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_chain_keyed_and_drained")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
