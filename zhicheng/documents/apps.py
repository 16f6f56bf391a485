from django.apps import AppConfig
from django.conf import settings


class DocumentsConfig(AppConfig):
    name = "zhicheng.documents"
    label = "documents"
    verbose_name = "文书与导出"

    def ready(self) -> None:
        # Sample-data exports let a demo (and the tests) exercise the whole background
        # pipeline before the applications and review apps register their real kinds.
        if getattr(settings, "DEMO_MODE", False):
            from .previews import register_demo_kinds

            register_demo_kinds()
