from django.apps import AppConfig

from zhicheng.evaluation import gates


class PaperConfig(AppConfig):
    name = "zhicheng.paper"
    label = "paper"
    verbose_name = "纸质材料"

    def ready(self):
        # in ready(): these modules import models, which load after the app registry
        from zhicheng.applications import timeline as applicant_timeline
        from zhicheng.plans import process as plan_process

        from . import process, selectors, timeline

        plan_process.contribute(process.steps_for_plan)
        applicant_timeline.contribute(timeline.steps_for)
        gates.register_assign_gate(selectors.assign_refusal)
