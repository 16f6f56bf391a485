from datetime import timedelta

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhicheng.certificates"
    label = "certificates"
    verbose_name = "电子证书"

    def ready(self):
        # in ready(): jobs and tasks import models, which load after the app registry
        from zhicheng.core import jobs

        from .tasks import certificates_render_relay

        # Work a broker outage left undone is dispatched again (the one periodic-job registry).
        jobs.register(
            "certificates_relay",
            certificates_render_relay,
            every=timedelta(minutes=1),
            description="补生成未生成的证书文件",
        )
