"""The audit chain is keyed (issue 12 item 11) and appended without a global lock (issue 15)."""

import hashlib
import json
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from tests.factories import UserFactory
from zhicheng.core import audit
from zhicheng.core.models import AuditEvent, AuditHead


def _plain_sha256(row: AuditEvent, prev: str) -> str:
    body = json.loads(AuditEvent.canonical(row))
    body["prev"] = prev
    return hashlib.sha256(
        json.dumps(body, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


def _events(n=5):
    user = UserFactory()
    for _ in range(n):
        audit.login_succeeded(user=user)
    call_command("verify_audit")  # links them


@pytest.mark.django_db
def test_an_intact_chain_verifies_and_every_row_is_linked():
    _events()
    assert audit.verify_chain() == []
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    head = AuditHead.objects.get()
    assert head.count == AuditEvent.objects.count()


@pytest.mark.django_db
def test_deleting_a_row_and_recomputing_the_chain_with_plain_sha256_is_detected():
    _events()
    victim = AuditEvent.objects.order_by("seq")[2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
        # The attacker rewrites every link and the head as the old, unkeyed chain computed them.
        prev, seq = "0" * 64, 0
        for row in AuditEvent.objects.order_by("id"):
            seq += 1
            new = _plain_sha256(row, prev)
            fake_mac = hashlib.sha256(AuditEvent.canonical(row)).hexdigest()
            cursor.execute(
                "UPDATE core_auditevent SET seq = %s, prev_hash = %s, hash = %s, mac = %s WHERE id = %s",
                [seq, prev, new, fake_mac, row.pk],
            )
            prev = new
        fake_head = hashlib.sha256(f"head:0:{'0' * 64}:{seq}:{prev}".encode()).hexdigest()
        cursor.execute(
            "UPDATE core_audithead SET count = %s, last_hash = %s, mac = %s WHERE id = 1",
            [seq, prev, fake_head],
        )
    problems = audit.verify_chain()
    assert any("密钥签名不符" in p for p in problems)
    with pytest.raises(Exception, match="审计链校验失败"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_relinking_after_a_deletion_without_the_key_is_detected_even_with_valid_row_seals():
    _events()
    victim = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
        cursor.execute("UPDATE core_auditevent SET seq = seq - 1 WHERE seq > %s", [victim.seq])
    assert audit.verify_chain() != []


@pytest.mark.django_db
def test_a_changed_row_is_detected_by_its_seal():
    user = UserFactory()
    row = audit.login_succeeded(user=user)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET result = 'denied' WHERE id = %s", [row.pk])
    assert any("内容被改动" in p for p in audit.verify_chain())


@pytest.mark.django_db
def test_retention_purge_removes_an_old_segment_and_the_rest_still_verifies():
    user = UserFactory()
    old = timezone.now() - timedelta(days=4 * 365)
    for _ in range(3):
        audit.login_succeeded(user=user)
    AuditEvent.objects.update(at=old)  # test set-up: make them old, then re-seal as if written then
    for row in AuditEvent.objects.all():
        AuditEvent.objects.filter(pk=row.pk).update(mac=audit.row_mac(row))
    for _ in range(2):
        audit.login_succeeded(user=user)
    audit.chain_drain()
    assert audit.purge_chain_before(timezone.now() - timedelta(days=3 * 365)) == 3
    audit.chain_drain()
    assert AuditEvent.objects.filter(event="login_succeeded").count() == 2
    assert AuditEvent.objects.filter(event="audit_purged").count() == 1
    assert audit.verify_chain() == []
    # Deleting the oldest remaining row is still detected: the checkpoint is sealed with the key.
    first = AuditEvent.objects.order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [first.pk])
    assert audit.verify_chain() != []


@pytest.mark.django_db(transaction=True)
def test_concurrent_audited_transactions_each_get_one_link_and_the_chain_verifies():
    user = UserFactory()
    barrier = threading.Barrier(6)

    def work():
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                with transaction.atomic():
                    audit.login_succeeded(user=user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    audit.chain_drain()
    assert AuditEvent.objects.filter(event="login_succeeded").count() == 30
    assert audit.verify_chain() == []
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 31))
