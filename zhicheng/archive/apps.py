from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhicheng.archive"
    label = "archive"
    verbose_name = "业绩档案"
