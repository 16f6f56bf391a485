from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Message


def notify(*, recipients: Iterable, subject: str, body: str, sms: str = "", link: str = "") -> list[Message]:
    """Queue an in-app message for each recipient, plus an SMS (12333 style) and e-mail where they have one.

    Delivery happens after commit, so a rolled-back action never sends anything.
    """
    rows: list[Message] = []
    for user in recipients:
        if user is None:
            continue
        rows.append(
            Message(recipient=user, channel=Message.Channel.INAPP, subject=subject, body=body, link=link)
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
    ids = [m.pk for m in created]  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35

    def _dispatch():
        from .tasks import deliver_messages

        deliver_messages.delay(ids)

    transaction.on_commit(_dispatch)
    return created


def message_mark_read(*, message: Message) -> None:
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
