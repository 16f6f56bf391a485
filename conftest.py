import os

import pytest

from tests.factories import PASSWORD, EmployerFactory, UserFactory, region_tree, staff

# Fixtures every app's tests share (archive, wizard, browsers, sample exports): one plugin, not
# imports of another app's conftest.
pytest_plugins = ["tests.fixtures"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls in our fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sms_outbox(settings, monkeypatch):
    """SMS sent through the sender adapter, recorded so that a test can read a verification code.

    A test's transaction never commits, so the codes' after-commit sending is run at once here."""
    from tests.senders import RecordingSender

    monkeypatch.setattr("zhicheng.accounts.codes.on_commit", lambda fn, **kwargs: fn())
    settings.NOTIFICATION_SENDERS = {**settings.NOTIFICATION_SENDERS, "sms": "tests.senders.RecordingSender"}
    RecordingSender.sent.clear()
    return RecordingSender.sent


@pytest.fixture
def regions(db):
    return region_tree()


@pytest.fixture
def employer(db, regions):
    return EmployerFactory()


@pytest.fixture
def applicant(db):
    return UserFactory(real_name="胡小明")


@pytest.fixture
def employer_user(employer):
    return staff("employer", employer.organization, real_name="李经办")


@pytest.fixture
def admin_user(db, regions):
    from tests.factories import OrganizationFactory

    return staff(
        "admin",
        OrganizationFactory(kind="platform", name="平台运营"),
        real_name="管理员",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client, settings):
    """Log a user in through the real login form; staff skip the second factor unless a test asks for it."""

    def _login(user, *, second_factor_waived=True):
        if second_factor_waived:
            settings.STAFF_OTP_REQUIRED = False
        response = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login
