"""Factories of the organizations app: the region tree, organisations, employers, committees."""

import factory
from stdnum.cn import uscc

from zhicheng.organizations.models import Committee, Employer, Organization, Region


def valid_uscc(n: int) -> str:
    base = f"9133030{n % 10}MA2{n:07d}"[:17]
    return base + uscc.calc_check_digit(base)


def region_tree() -> dict[str, Region]:
    rows = [
        ("330000", "浙江省", "province", None),
        ("330300", "温州市", "city", "330000"),
        ("330302", "鹿城区", "county", "330300"),
        ("330304", "瓯海区", "county", "330300"),
        ("331000", "台州市", "city", "330000"),
        ("331081", "温岭市", "county", "331000"),
    ]
    out = {}
    for code, name, level, parent in rows:
        out[code], _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )
    return out


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = "department"
    name = factory.Sequence(lambda n: f"测试机构{n}")
    region = factory.LazyFunction(lambda: region_tree()["330302"])
    department_kind = factory.LazyAttribute(lambda o: "hrss" if o.kind == "department" else "")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    organization = factory.SubFactory(
        OrganizationFactory, kind="employer", name=factory.Sequence(lambda n: f"温州测试机械有限公司{n}")
    )
    uscc = factory.Sequence(valid_uscc)
    nature = "私营企业和个体工商户"
    contact_name = "李经办"
    status = Employer.Status.APPROVED


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    organization = factory.SubFactory(
        OrganizationFactory, kind="committee", name=factory.Sequence(lambda n: f"测试评审委员会{n}")
    )
    level = "intermediate"
    specialties = ["机械"]
    organizer = "温州市机械工程学会"
    hr_bureau = factory.SubFactory(
        OrganizationFactory, kind="hr_bureau", name=factory.Sequence(lambda n: f"测试人社局{n}")
    )
