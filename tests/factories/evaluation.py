"""Factories of the evaluation app: an evaluation case (评审案卷) of a qualified application.

Like ApplicationFactory, it writes rows directly, for tests about what reads a case; the
evaluation's own tests open cases through ``case_open_for_qualified`` (evaluation/tests/helpers.py)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from zhicheng.applications.models import Status
from zhicheng.evaluation.models import CaseStatus, EvaluationCase

from .applications import ApplicationFactory


class EvaluationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationCase

    application = factory.SubFactory(ApplicationFactory, status=Status.QUALIFIED)
    plan = factory.SelfAttribute("application.plan")
    level = factory.SelfAttribute("application.level")
    specialty = factory.SelfAttribute("application.specialty")
    status = CaseStatus.AWAITING_PAYMENT
    fee_amount = Decimal("180.00")
    fee_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    opened_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyFunction(timezone.now)
