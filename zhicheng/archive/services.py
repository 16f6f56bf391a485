from django.db import transaction
from stdnum.cn import ric

from .models import Gender, PersonalInfo


def identity_facts(id_number: str) -> dict:
    """Birth date and gender are read from the ID number, so the two can never disagree."""
    if not id_number:
        return {}
    return {
        "birth_date": ric.get_birth_date(id_number),
        "gender": Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE,
    }


@transaction.atomic
def personal_info_save(*, user, data: dict) -> PersonalInfo:
    info, _ = PersonalInfo.objects.select_for_update().get_or_create(user=user)
    for field, value in data.items():
        setattr(info, field, value)
    for field, value in identity_facts(user.id_number).items():
        setattr(info, field, value)
    info.save()
    return info
