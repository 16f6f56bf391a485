"""Fixtures shared by every app's tests, as a pytest plugin (registered by ``pytest_plugins`` in
the root conftest.py): an app's tests ask for them by name, without importing another app's
conftest. A conftest.py nearer a test may still override one (pytest prefers the nearest).

The scenarios are built by tests/builders.py, through the platform's own services.
"""

import pytest
from django.test import Client

from config.celery import app as celery_app
from tests import builders
from tests.exports import SAMPLE_KINDS
from tests.factories import PASSWORD, OrganizationFactory, PlanFactory
from zhicheng.documents import registry
from zhicheng.evaluation.tests.helpers import World

# --------------------------------------------------------------------------- archive and wizard


@pytest.fixture
def filled_info(applicant, employer):
    return builders.fill_personal_info(applicant, employer)


@pytest.fixture
def personal_info(filled_info):
    return filled_info


@pytest.fixture
def archive(applicant, employer_user, filled_info):
    """Education, work, title, two assessments, CE, social insurance and two achievements, all approved."""
    return builders.approved_archive(applicant, employer_user)


@pytest.fixture
def intake(regions):
    return OrganizationFactory(kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"])


@pytest.fixture
def plan(intake):
    plan = PlanFactory(name="2026年度温州市机械专业工程师评审计划")
    plan.intake_departments.set([intake])
    return plan


@pytest.fixture
def draft_app(applicant, plan, archive):
    return builders.draft_application(applicant, plan)


@pytest.fixture
def ready(draft_app, applicant, plan, archive, intake):
    """An application with every step done through the services, ready for 提交."""
    return builders.ready_application(draft_app, archive=archive, intake=intake)


# --------------------------------------------------------------------------- people and browsers


@pytest.fixture
def as_user(settings):
    """A fresh browser per user, logged in through the real login form (staff skip the second factor)."""
    settings.STAFF_OTP_REQUIRED = False

    def _as(user):
        client = Client()
        response = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:300]
        return client

    return _as


@pytest.fixture
def world(db, regions):
    """A committee with its office, bureau and experts, and a plan (evaluation/tests/helpers.py)."""
    return World()


# --------------------------------------------------------------------------- exports


@pytest.fixture
def sample_export_kinds():
    """Export kinds over sample data (no database rows), for the tests of the export pipeline itself
    (start → task → file → audit → download); registered for the test only."""
    for kind in SAMPLE_KINDS:
        registry.register(kind, replace=True)
    yield SAMPLE_KINDS
    for kind in SAMPLE_KINDS:
        registry.unregister(kind.key)


# --------------------------------------------------------------------------- the task broker


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks go to a real broker (CELERY_TASK_ALWAYS_EAGER=False), and the broker is a closed port."""
    before = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield
    celery_app.conf.update(**before)


def broker_back():
    celery_app.conf.update(task_always_eager=True)
