from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    label = "applications"
    verbose_name = "职称申报"

    def ready(self):
        from zhicheng.plans import process

        from .selectors import passed_stage_ids

        process.contribute_passed(passed_stage_ids)
