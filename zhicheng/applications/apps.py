from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    label = "applications"
    verbose_name = "职称申报"

    def ready(self):
        from zhicheng.plans import process

        from . import workflow  # noqa: F401 - registers the review chain's table with the one engine
        from .selectors import passed_stage_ids

        process.contribute_passed(passed_stage_ids)
