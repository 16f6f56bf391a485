from datetime import timedelta

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhicheng.documents"
    label = "documents"
    verbose_name = "文书与导出"

    def ready(self) -> None:
        # in ready(): these modules import models, which load after the app registry
        from zhicheng.core import jobs

        from .kinds import register_kinds
        from .subscribers import connect
        from .tasks import export_jobs_relay

        # The real exports: a plan's 评审表 as one ZIP, its 花名册, an employer's 公示表.
        register_kinds()
        # Per-application PDFs rendered by a worker after each transition (rendered.py).
        connect()
        # Exports left queued by a broker outage are dispatched again (the one periodic-job registry).
        jobs.register(
            "export_relay", export_jobs_relay, every=timedelta(minutes=1), description="补派排队中的导出"
        )
