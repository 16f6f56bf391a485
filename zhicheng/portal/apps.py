from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhicheng.portal"
    label = "portal"
    verbose_name = "门户"
