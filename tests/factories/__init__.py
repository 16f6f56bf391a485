"""Factories shared by every app's tests, one module per app (accounts, organizations, plans,
applications, evaluation). Every name is importable from ``tests.factories``."""

from .accounts import PASSWORD, UserFactory, staff, valid_id_number
from .applications import ApplicationFactory
from .evaluation import EvaluationCaseFactory
from .organizations import CommitteeFactory, EmployerFactory, OrganizationFactory, region_tree, valid_uscc
from .plans import PlanFactory

__all__ = [
    "PASSWORD",
    "ApplicationFactory",
    "CommitteeFactory",
    "EmployerFactory",
    "EvaluationCaseFactory",
    "OrganizationFactory",
    "PlanFactory",
    "UserFactory",
    "region_tree",
    "staff",
    "valid_id_number",
    "valid_uscc",
]
