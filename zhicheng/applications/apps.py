from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    label = "applications"
    verbose_name = "职称申报"

    def ready(self):
        from zhicheng.archive import access

        from .permissions import can_read_cited_evidence

        # Whoever may view an application may open the archive files it cites (the archive sits below).
        access.register_evidence_reader(can_read_cited_evidence)
