from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评审与发证"

    def ready(self):
        from . import subscribers

        subscribers.connect()
