import pytest

from .helpers import World


@pytest.fixture
def world(db, regions):
    return World()


@pytest.fixture
def world_with_assessment(db, regions):
    return World(assessments=True)


@pytest.fixture
def as_user(settings):
    """A fresh browser per user, logged in through the real login form (staff skip the second factor)."""
    from django.test import Client

    from tests.factories import PASSWORD

    settings.STAFF_OTP_REQUIRED = False

    def _as(user):
        client = Client()
        response = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:300]
        return client

    return _as
