from datetime import timedelta

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评审与发证"

    def ready(self):
        # in ready(): these modules import models, which load after the app registry
        from zhicheng.applications import timeline as applicant_timeline
        from zhicheng.core import jobs as registry
        from zhicheng.plans import process as plan_process
        from zhicheng.publicity import kinds
        from zhicheng.publicity.models import Kind

        from . import jobs, machine, process, subscribers, timeline  # noqa: F401 - machine registers its tables
        from .services.results import results_objection_upheld, results_publicity_closing

        subscribers.connect()
        kinds.register(Kind.RESULTS, on_upheld=results_objection_upheld, on_closing=results_publicity_closing)
        applicant_timeline.contribute(timeline.steps_for)
        plan_process.contribute(process.steps_for_plan)
        registry.register(
            "evaluation_expire",
            jobs.expire_unpaid_cases,
            every=timedelta(hours=6),
            description="逾期未缴费处理",
        )
        registry.register(
            "evaluation_remind",
            jobs.send_scoring_reminders,
            every=timedelta(hours=6),
            description="专家评分截止提醒",
        )
