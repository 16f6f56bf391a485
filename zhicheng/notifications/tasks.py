from celery import shared_task
from django.utils import timezone

from .models import Message
from .senders import sender_for


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def deliver_messages(self, message_ids: list[int]) -> int:
    sent = 0
    for message in Message.objects.select_related("recipient").filter(
        id__in=message_ids, status=Message.Status.QUEUED
    ):
        message.attempts += 1
        try:
            sender_for(message.channel).send(message)
        except Exception as exc:  # noqa: BLE001 - a gateway failure is recorded and retried, never lost
            message.error = str(exc)[:300]
            message.save(update_fields=["attempts", "error"])
            continue
        message.status = Message.Status.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "status", "sent_at"])
        sent += 1
    return sent
