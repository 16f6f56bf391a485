from django.apps import AppConfig

from zhicheng.archive import access


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    label = "applications"
    verbose_name = "职称申报"

    def ready(self):
        # in ready(): these modules import models, which load after the app registry
        from zhicheng.plans import process

        from . import workflow  # noqa: F401 - registers the review chain's table with the one engine
        from .permissions import can_read_cited_evidence
        from .selectors import passed_stage_ids

        # The plan editor refuses changes to steps that files have passed (plans sits below).
        process.contribute_passed(passed_stage_ids)
        # Whoever may view an application may open the archive files it cites (the archive sits below).
        access.register_evidence_reader(can_read_cited_evidence)
