from datetime import timedelta

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhicheng.notifications"
    label = "notifications"
    verbose_name = "消息通知"

    def ready(self):
        # in ready(): jobs and services import models, which load after the app registry
        from zhicheng.core import jobs

        from .services import outbox_relay

        # Messages a broker outage or a failing sender left behind are sent again, with back-off.
        jobs.register(
            "outbox_relay", outbox_relay, every=timedelta(minutes=1), description="补发未送出与待重试的消息"
        )
