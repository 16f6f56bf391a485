from datetime import timedelta

from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "zhicheng.eligibility"
    label = "eligibility"
    verbose_name = "资格条件"

    def ready(self):
        from zhicheng.core import jobs
        from zhicheng.plans import rulesets

        from .engine import list_rulesets
        from .tasks import eligibility_relay

        # The plan form offers the rule sets this engine knows (plans sits below eligibility).
        rulesets.register_source(list_rulesets)

        # Work a broker outage left undone is dispatched again (the one periodic-job registry).
        jobs.register(
            "eligibility_relay",
            eligibility_relay,
            every=timedelta(minutes=1),
            description="补做未完成的资格条件核对",
        )
