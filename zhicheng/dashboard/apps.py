from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The offices' picture of their season (issue 17 §4). It reads applications, review and
    evaluation data and writes nothing, so it sits above them (and above documents, whose
    spreadsheet-cell escaping it reuses), just below the portal."""

    name = "zhicheng.dashboard"
    label = "dashboard"
    verbose_name = "统计看板"
