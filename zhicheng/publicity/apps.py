from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhicheng.publicity"
    label = "publicity"
    verbose_name = "公示"

    def ready(self):
        from datetime import timedelta

        from zhicheng.core import jobs

        from .services import notify_ended_publicities

        jobs.register(
            "publicity_ended", notify_ended_publicities, every=timedelta(hours=1), description="公示期满提醒"
        )
