import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from zhicheng.core import versioned_cache
from zhicheng.core.outbox import enqueue_on_commit

from .models import Message
from .selectors import unread_version_key
from .senders import sender_for

log = logging.getLogger(__name__)


def notify(
    *, recipients: Iterable, subject: str, body: str, sms: str = "", link: str = "", about: str = ""
) -> list[Message]:
    """Queue an in-app message for each recipient, plus an SMS (12333 style) and e-mail where they have one.

    A message with an SMS text is important (the message centre lists it apart from plain notices); `about`
    names what it concerns (one application, say) so that the message centre can group by it.

    Delivery happens after commit, so a rolled-back action never sends anything.
    """
    rows: list[Message] = []
    for user in recipients:
        if user is None:
            continue
        rows.append(
            Message(
                recipient=user,
                channel=Message.Channel.INAPP,
                subject=subject,
                body=body,
                link=link,
                important=bool(sms),
                about=about[:200],
            )
        )
        if sms and user.phone:
            rows.append(
                Message(recipient=user, channel=Message.Channel.SMS, subject=subject, body=sms, link=link)
            )
        if user.email:
            rows.append(
                Message(recipient=user, channel=Message.Channel.EMAIL, subject=subject, body=body, link=link)
            )
    created = Message.objects.bulk_create(rows)
    versioned_cache.changed(
        *(unread_version_key(m.recipient_id) for m in created if m.channel == Message.Channel.INAPP)
    )
    ids = [m.pk for m in created]  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35
    from .tasks import deliver_messages  # tasks imports this module

    # A broker outage leaves the rows queued for outbox_relay; it never fails the action.
    enqueue_on_commit(deliver_messages, ids)
    return created


def _retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure."""
    return timedelta(seconds=settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def messages_deliver(*, message_ids: Iterable[int]) -> int:
    """Send each message that is queued and due; returns how many were sent.

    Each row is claimed first (queued → sending, one conditional UPDATE): a second worker, a
    duplicated task message or the relay racing this one finds nothing to claim, so no message is
    sent twice. A failure puts the row back with the reason and a back-off, or gives up after
    NOTIFICATION_MAX_ATTEMPTS with the reason kept on the row.
    """
    sent = 0
    for pk in message_ids:
        now = timezone.now()
        due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        claimed = Message.objects.filter(due, pk=pk, status=Message.Status.QUEUED).update(
            status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        message = Message.objects.select_related("recipient").get(pk=pk)
        try:
            sender_for(message.channel).send(message)
        except Exception as exc:  # noqa: BLE001 - a gateway failure is recorded and retried, never lost
            reason = f"{type(exc).__name__}: {exc}"[:300]
            update: dict[str, object]
            if message.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                update = {"status": Message.Status.FAILED, "next_attempt_at": None}
                log.error("message %s gave up after %s attempts", pk, message.attempts)
            else:
                update = {
                    "status": Message.Status.QUEUED,
                    "next_attempt_at": now + _retry_delay(message.attempts),
                }
                log.warning("message %s attempt %s failed; retrying later", pk, message.attempts)
            Message.objects.filter(pk=pk, status=Message.Status.SENDING).update(error=reason, **update)
            continue
        Message.objects.filter(pk=pk, status=Message.Status.SENDING).update(
            status=Message.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
        )
        sent += 1
    return sent


def outbox_relay() -> int:
    """The periodic job: send what is still queued a minute after it was written (its task was lost
    to a broker outage, or it waits for a retry), and take back claims of a worker that died mid-send."""
    now = timezone.now()
    Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - timedelta(minutes=10)).update(
        status=Message.Status.QUEUED
    )
    due = (
        Message.objects.filter(status=Message.Status.QUEUED, created_at__lte=now - timedelta(minutes=1))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)
    )
    return messages_deliver(message_ids=list(due[:2000]))


def message_mark_read(*, message: Message) -> None:
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
        versioned_cache.changed(unread_version_key(message.recipient_id))


def messages_mark_all_read(*, user, important: bool | None = None, about: str | None = None) -> int:
    """Mark the user's unread in-app messages read (optionally only one box or one 事项); returns how many."""
    unread = Message.objects.filter(recipient=user, channel=Message.Channel.INAPP, read_at__isnull=True)
    if important is not None:
        unread = unread.filter(important=important)
    if about is not None:
        unread = unread.filter(about=about)
    marked = unread.update(read_at=timezone.now())
    versioned_cache.changed(unread_version_key(user.pk))
    return marked
