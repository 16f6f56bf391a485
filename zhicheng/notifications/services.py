from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Message


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
    ids = [m.pk for m in created]  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35

    def _dispatch():
        from .tasks import deliver_messages

        deliver_messages.delay(ids)

    transaction.on_commit(_dispatch)
    return created


def message_mark_read(*, message: Message) -> None:
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())


def messages_mark_all_read(*, user, important: bool | None = None, about: str | None = None) -> int:
    """Mark the user's unread in-app messages read (optionally only one box or one 事项); returns how many."""
    unread = Message.objects.filter(recipient=user, channel=Message.Channel.INAPP, read_at__isnull=True)
    if important is not None:
        unread = unread.filter(important=important)
    if about is not None:
        unread = unread.filter(about=about)
    return unread.update(read_at=timezone.now())
