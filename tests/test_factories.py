"""The per-app factories write rows the database accepts, consistent with each other."""

import pytest

from tests.factories import ApplicationFactory, EvaluationCaseFactory
from zhicheng.accounts.models import Role
from zhicheng.applications.models import Status
from zhicheng.evaluation.models import CaseStatus
from zhicheng.organizations.models import Employer

pytestmark = pytest.mark.django_db


def test_an_application_is_a_draft_of_an_applicant_at_an_approved_employer(regions):
    application = ApplicationFactory()
    application.full_clean()
    assert application.status == Status.DRAFT
    assert application.applicant.role == Role.APPLICANT
    assert application.employer.status == Employer.Status.APPROVED
    assert application.level in application.plan.levels


def test_an_evaluation_case_belongs_to_a_qualified_application_of_its_plan(regions):
    case = EvaluationCaseFactory()
    case.full_clean()
    assert case.status == CaseStatus.AWAITING_PAYMENT
    assert case.application.status == Status.QUALIFIED
    assert (case.plan, case.level) == (case.application.plan, case.application.level)
    assert case.application.evaluation == case
