"""The outbox is real (issue 12 item 6): a broker outage never turns a committed action into a 500,
the relay delivers what is still queued, failing sends back off and give up with the reason kept,
and no message is sent twice."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connections
from django.utils import timezone

from tests.factories import UserFactory
from tests.fixtures import broker_back
from tests.samples import pdf_bytes, upload
from zhicheng.core.jobs import run_job
from zhicheng.documents import services as export_services
from zhicheng.documents.models import ExportJob
from zhicheng.notifications.models import Message
from zhicheng.notifications.services import messages_deliver, notify, outbox_relay
from zhicheng.organizations import services as org_services
from zhicheng.organizations.models import Employer

pytestmark = pytest.mark.django_db
SENT: list[int] = []


class FailingSender:
    def send(self, message) -> None:
        SENT.append(message.pk)
        raise ConnectionError("短信网关无响应（HTTP 503）")


class CountingSlowSender:
    def send(self, message) -> None:
        import time

        time.sleep(0.05)
        SENT.append(message.pk)


@pytest.fixture(autouse=True)
def _clear_sent():
    SENT.clear()


def test_an_approval_with_the_broker_down_answers_and_the_relay_delivers_later(
    client, login, employer_user, admin_user, broker_down, django_capture_on_commit_callbacks
):
    employer = employer_user.organization.employer
    Employer.objects.filter(pk=employer.pk).update(status=Employer.Status.AWAITING_LETTER)
    employer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        org_services.employer_letter_upload(
            employer=employer, actor=employer_user, uploaded=upload("l.pdf", pdf_bytes())
        )
    login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organizations/review/{employer.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.status == Employer.Status.APPROVED
    queued = Message.objects.filter(recipient=employer_user, subject__contains="审核通过")
    assert queued.count() >= 2 and set(queued.values_list("status", flat=True)) == {"queued"}

    assert outbox_relay() == 0  # written less than a minute ago: its own task may still come
    waiting = Message.objects.filter(status="queued").count()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert run_job("outbox_relay", force=True).endswith(f"处理 {waiting} 项")
    assert set(queued.values_list("status", flat=True)) == {"sent"}


@pytest.mark.usefixtures("sample_export_kinds")
def test_an_export_requested_with_the_broker_down_is_queued_and_run_by_the_relay_later(
    employer_user, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_services.export_job_start(
            kind="sample_roster", requested_by=employer_user, params={"count": "5"}
        )
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.QUEUED
    broker_back()  # the broker and a worker are back
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert run_job("export_relay", force=True) is not None
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.row_count == 5


def test_a_failing_sms_sender_is_retried_with_backoff_and_gives_up_after_the_limit(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SENDERS = {**settings.NOTIFICATION_SENDERS, "sms": f"{__name__}.FailingSender"}
    settings.NOTIFICATION_MAX_ATTEMPTS = 4
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject="材料退回", body="请补正材料。", sms="【12333】请补正材料。")
    sms = Message.objects.get(recipient=user, channel="sms")
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == ("queued", 1) and "HTTP 503" in sms.error
    waits = [sms.next_attempt_at - start]
    clock = start
    while True:
        # The relay before the back-off has passed does not try again.
        with time_machine.travel(sms.next_attempt_at - timedelta(seconds=1), tick=False):
            outbox_relay()
        assert len(SENT) == sms.attempts
        clock = sms.next_attempt_at + timedelta(seconds=1)
        with time_machine.travel(clock, tick=False):
            outbox_relay()
        sms.refresh_from_db()
        if sms.status != "queued":
            break
        waits.append(sms.next_attempt_at - clock)
    assert [round(w.total_seconds()) for w in waits] == [60, 120, 240]
    assert (sms.status, sms.attempts, len(SENT)) == ("failed", 4, 4)
    assert "ConnectionError" in sms.error and "HTTP 503" in sms.error
    with time_machine.travel(clock + timedelta(days=1), tick=False):
        outbox_relay()
    assert len(SENT) == 4  # given up: never tried again
    # The in-app copy was not held back by the SMS gateway.
    assert Message.objects.get(recipient=user, channel="inapp").status == "sent"


@pytest.mark.django_db(transaction=True)
def test_workers_racing_on_the_same_messages_send_each_exactly_once(settings):
    settings.NOTIFICATION_SENDERS = {
        **settings.NOTIFICATION_SENDERS,
        "inapp": f"{__name__}.CountingSlowSender",
    }
    users = [UserFactory(email="") for _ in range(5)]
    ids = [m.pk for m in notify(recipients=users, subject="提醒", body="请及时处理。")]
    SENT.clear()  # notify ran its own delivery (no transaction here): start over with the rows queued
    Message.objects.update(status="queued", sent_at=None)
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait(timeout=10)
            messages_deliver(message_ids=ids)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(SENT) == sorted(ids)
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert len(set(Message.objects.values_list("idempotency_key", flat=True))) == 5
