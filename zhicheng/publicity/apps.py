from datetime import timedelta

from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhicheng.publicity"
    label = "publicity"
    verbose_name = "公示"

    def ready(self):
        # in ready(): jobs and services import models, which load after the app registry
        from zhicheng.core import jobs

        from .services import notify_ended_publicities

        jobs.register(
            "publicity_ended", notify_ended_publicities, every=timedelta(hours=1), description="公示期满提醒"
        )
