from django.apps import AppConfig


class PaperConfig(AppConfig):
    name = "zhicheng.paper"
    label = "paper"
    verbose_name = "纸质材料"

    def ready(self):
        from zhicheng.applications import timeline as applicant_timeline
        from zhicheng.evaluation import gates
        from zhicheng.plans import process as plan_process

        from . import process, selectors, timeline

        plan_process.contribute(process.steps_for_plan)
        applicant_timeline.contribute(timeline.steps_for)
        gates.register_assign_gate(selectors.assign_refusal)
