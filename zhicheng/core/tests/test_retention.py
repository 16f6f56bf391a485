"""Retention (SECURITY.md 11): rules as data, a daily purge job, and an audit chain that still verifies."""

from datetime import timedelta

import pytest
from axes.models import AccessLog
from django.utils import timezone

from tests.factories import UserFactory
from zhicheng.core import audit, retention
from zhicheng.core.jobs import registered, run_job
from zhicheng.core.models import AuditEvent
from zhicheng.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_the_rules_keep_logs_six_months_and_processing_records_three_years_at_least():
    keep = {rule.label: rule.keep for rule in retention.RULES}
    assert keep["axes.AccessLog"] >= timedelta(days=183) and keep["axes.AccessFailureLog"] >= timedelta(
        days=183
    )
    assert keep["notifications.Message"] >= timedelta(days=3 * 365)
    assert timedelta(days=3 * 365) <= retention.AUDIT_KEEP
    assert "retention_purge" in registered()


def test_the_purge_job_deletes_only_what_is_past_its_retention_and_the_chain_still_verifies():
    user = UserFactory()
    old_log = AccessLog.objects.create(username="old", ip_address="10.0.0.1", user_agent="x")
    new_log = AccessLog.objects.create(username="new", ip_address="10.0.0.1", user_agent="x")
    AccessLog.objects.filter(pk=old_log.pk).update(attempt_time=timezone.now() - timedelta(days=400))
    AccessLog.objects.filter(pk=new_log.pk).update(attempt_time=timezone.now() - timedelta(days=200))
    old_msg = Message.objects.create(recipient=user, channel="inapp", subject="旧", body="旧", status="sent")
    waiting = Message.objects.create(recipient=user, channel="sms", subject="旧", body="旧", status="queued")
    Message.objects.filter(pk__in=[old_msg.pk, waiting.pk]).update(
        created_at=timezone.now() - timedelta(days=4 * 365)
    )
    for _ in range(3):
        audit.login_succeeded(user=user)
    for row in AuditEvent.objects.all():  # test set-up: written four years ago (re-sealed as if then)
        AuditEvent.objects.filter(pk=row.pk).update(at=timezone.now() - timedelta(days=4 * 365))
        row.refresh_from_db()
        AuditEvent.objects.filter(pk=row.pk).update(mac=audit.row_mac(row))
    audit.login_succeeded(user=user)

    assert run_job("retention_purge", force=True) == "按保存期限清理过期记录：处理 5 项"

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["new"]
    assert list(Message.objects.values_list("pk", flat=True)) == [waiting.pk]  # not yet sent: kept
    assert AuditEvent.objects.filter(event="login_succeeded").count() == 1
    audit.chain_drain()
    assert audit.verify_chain() == []
    assert AuditEvent.objects.filter(event="audit_purged", data__rows=3).exists()
