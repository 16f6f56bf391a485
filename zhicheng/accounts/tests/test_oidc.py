import pytest

from tests.factories import UserFactory
from zhicheng.accounts.oidc import GovernmentOIDCBackend

pytestmark = pytest.mark.django_db

CLAIMS = {"name": "胡小明", "id_number": "330302199001011235", "phone_number": "13612343546"}


def test_provider_claims_create_an_applicant_matched_later_by_id_number(settings):
    settings.OIDC_RP_CLIENT_ID = "zhicheng"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.invalid/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.invalid/userinfo"
    backend = GovernmentOIDCBackend()
    assert backend.verify_claims(CLAIMS)
    assert not backend.verify_claims({**CLAIMS, "id_number": "330302199001011236"})  # bad checksum
    user = backend.create_user(CLAIMS)
    assert user.role == "applicant" and user.real_name == "胡小明" and not user.has_usable_password()
    assert list(backend.filter_users_by_claims(CLAIMS)) == [user]
    assert (
        not backend.filter_users_by_claims({**CLAIMS, "id_number": UserFactory().id_number})
        .filter(pk=user.pk)
        .exists()
    )


def test_oidc_is_off_by_default(client, settings):
    assert settings.OIDC_ENABLED is False
    assert client.get("/oidc/authenticate/").status_code == 404
