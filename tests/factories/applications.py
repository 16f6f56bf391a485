"""Factories of the applications app: an application row in the state a test names.

A factory writes the row directly: use it for tests about what *reads* an application (lists,
permissions, documents). A test about how an application *gets* to a state walks the services
(tests/builders.py: ``ready_application``; the review chain's own tests)."""

import factory

from zhicheng.applications.models import Application, Status

from .accounts import UserFactory
from .organizations import EmployerFactory
from .plans import PlanFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    plan = factory.SubFactory(PlanFactory)
    applicant = factory.SubFactory(UserFactory, real_name="胡小明")
    employer = factory.SubFactory(EmployerFactory)
    level = "intermediate"
    specialty = "机械"
    declaration_type = "normal"
    status = Status.DRAFT
