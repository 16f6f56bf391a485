"""Optional login through a government identity provider (e.g. 浙江政务服务网) over OpenID Connect.

Off by default (OIDC_ENABLED). The provider vouches for the person; we match on the keyed hash of the
ID number, never on a plaintext column, and create an applicant account on first login.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from zhicheng.core import crypto

from .models import Role, User
from .validators import validate_id_number, validate_phone


def _claim(claims: dict, setting: str, default: str) -> str:
    return str(claims.get(getattr(settings, setting, default), "") or "").strip()


class GovernmentOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        try:
            validate_id_number(_claim(claims, "OIDC_CLAIM_ID_NUMBER", "id_number"))
        except ValidationError:
            return False
        return bool(_claim(claims, "OIDC_CLAIM_NAME", "name"))

    def filter_users_by_claims(self, claims):
        id_number = validate_id_number(_claim(claims, "OIDC_CLAIM_ID_NUMBER", "id_number"))
        return User.objects.filter(id_number_index=crypto.blind_index(id_number), is_active=True)

    def create_user(self, claims):
        id_number = validate_id_number(_claim(claims, "OIDC_CLAIM_ID_NUMBER", "id_number"))
        phone = _claim(claims, "OIDC_CLAIM_PHONE", "phone_number")
        try:
            phone = validate_phone(phone)
        except ValidationError:
            phone = ""
        login = phone or f"oidc-{crypto.blind_index(id_number)[:32]}"
        return User.objects.create_user(
            login=login,
            password=None,  # unusable: this person logs in through the provider
            role=Role.APPLICANT,
            real_name=_claim(claims, "OIDC_CLAIM_NAME", "name"),
            id_number=id_number,
            phone=phone,
        )

    def update_user(self, user, claims):
        return user
