"""Factories of the accounts app: users of every role."""

import factory
from stdnum.cn import ric

from zhicheng.accounts.models import Role, User, login_key

PASSWORD = "Test@2026pw"


def valid_id_number(n: int) -> str:
    base = f"3303021{990 + n % 10}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")  # stdnum reads the first 17 of 18 characters


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    role = Role.APPLICANT
    real_name = "张测试"
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    username = factory.LazyAttribute(lambda o: login_key(o.phone))
    id_number = factory.Sequence(valid_id_number)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff(role: str, organization=None, **kwargs) -> User:
    return UserFactory(role=role, organization=organization, id_number="", **kwargs)
