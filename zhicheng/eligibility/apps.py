from datetime import timedelta

from django.apps import AppConfig

from zhicheng.plans import rulesets


def _list_rulesets() -> list[dict]:
    # The engine (and jsonschema) load on first use, not at every process's start-up
    # (documents/tests/test_startup.py: a roster export's memory budget has no room for them).
    from .engine import list_rulesets

    return list_rulesets()


class EligibilityConfig(AppConfig):
    name = "zhicheng.eligibility"
    label = "eligibility"
    verbose_name = "资格条件"

    def ready(self):
        # in ready(): jobs and tasks import models, which load after the app registry
        from zhicheng.core import jobs

        from .tasks import eligibility_relay

        # The plan form offers the rule sets this engine knows (plans sits below eligibility).
        rulesets.register_source(_list_rulesets)

        # Work a broker outage left undone is dispatched again (the one periodic-job registry).
        jobs.register(
            "eligibility_relay",
            eligibility_relay,
            every=timedelta(minutes=1),
            description="补做未完成的资格条件核对",
        )
