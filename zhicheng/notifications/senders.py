"""Pluggable senders. The default keeps messages in the database, where 消息中心 and the admin show them;
a deployment points SMS_SENDER / EMAIL_SENDER at a gateway class with the same `send(message)` method.

A gateway sender passes `message.idempotency_key` to the gateway (most SMS APIs take a client
message id) so that a retry after a worker died mid-send is not delivered twice; it raises on
failure, and the outbox retries with back-off (notifications.services.messages_deliver)."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class DatabaseSender:
    def send(self, message) -> None:
        # The row itself is the delivery: nothing leaves the machine.
        return None


class DjangoEmailSender:
    def send(self, message) -> None:
        if message.recipient.email:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient.email])


def sender_for(channel: str):
    return import_string(settings.NOTIFICATION_SENDERS[channel])()
