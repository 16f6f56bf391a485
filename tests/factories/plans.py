"""Factories of the plans app: a published plan with its chain of stages, a fee and an attachment."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from zhicheng.plans.models import Plan, PlanAttachment, PlanFee, PlanStage

from .organizations import CommitteeFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    name = factory.Sequence(lambda n: f"测试申报计划{n}")
    committee = factory.SubFactory(CommitteeFactory)
    specialty = "机械"
    levels = ["assistant", "intermediate"]
    declaration_types = ["normal", "exceptional"]
    ruleset_id = "wenzhou-mech-2020"
    seniority_cutoff = factory.LazyFunction(lambda: date(timezone.localdate().year, 12, 31))
    apply_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    apply_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = Plan.Status.PUBLISHED

    @factory.post_generation
    def chain(obj, create, extracted, **kwargs):
        if not create:
            return
        for i, kind in enumerate(extracted or ["employer", "county", "city", "committee_office"]):
            PlanStage.objects.create(plan=obj, order=i + 1, kind=kind)
        PlanFee.objects.create(plan=obj, level="intermediate", amount=180)
        PlanAttachment.objects.create(
            plan=obj, name="学历证书", required=True, allowed_types=["pdf", "jpeg"], max_mb=5
        )
