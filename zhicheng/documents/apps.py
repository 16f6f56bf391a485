from datetime import timedelta

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhicheng.documents"
    label = "documents"
    verbose_name = "文书与导出"

    def ready(self) -> None:
        from .kinds import register_kinds

        # The real exports: a plan's 评审表 as one ZIP, its 花名册, an employer's 公示表.
        register_kinds()
        # Per-application PDFs rendered by a worker after each transition (rendered.py).
        from .subscribers import connect

        connect()
        # Exports left queued by a broker outage are dispatched again (the one periodic-job registry).
        from zhicheng.core import jobs

        from .tasks import export_jobs_relay

        jobs.register(
            "export_relay", export_jobs_relay, every=timedelta(minutes=1), description="补派排队中的导出"
        )
