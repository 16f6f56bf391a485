from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评审与发证"

    def ready(self):
        from datetime import timedelta

        from zhicheng.core import jobs as registry

        from . import jobs, machine, subscribers  # noqa: F401 - machine registers its tables with the engine

        subscribers.connect()
        from zhicheng.publicity import kinds
        from zhicheng.publicity.models import Kind

        from .services.results import results_objection_upheld, results_publicity_closing

        kinds.register(Kind.RESULTS, on_upheld=results_objection_upheld, on_closing=results_publicity_closing)
        from zhicheng.applications import timeline as applicant_timeline

        from . import timeline

        applicant_timeline.contribute(timeline.steps_for)
        from zhicheng.plans import process as plan_process

        from . import process

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
