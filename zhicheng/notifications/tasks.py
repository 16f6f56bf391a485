from celery import shared_task

from .services import messages_deliver


@shared_task
def deliver_messages(message_ids: list[int]) -> int:
    # Retries are not Celery's: a failed send waits in the row (next_attempt_at) and the relay job
    # tries it again, so a retry survives a worker restart and a broker outage alike.
    return messages_deliver(message_ids=message_ids)
