from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`make run`, `manage.py load_demo`): the top floor, it may import every app below it."""

    name = "zhicheng.demo"
    label = "demo"
    verbose_name = "演示数据"
