"""Factories shared by every app's tests."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from stdnum.cn import ric, uscc

from zhicheng.accounts.models import Role, User, login_key
from zhicheng.organizations.models import Committee, Employer, Organization, Region
from zhicheng.plans.models import Plan, PlanAttachment, PlanFee, PlanStage

PASSWORD = "Test@2026pw"


def valid_id_number(n: int) -> str:
    base = f"3303021{990 + n % 10}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")  # stdnum reads the first 17 of 18 characters


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


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    name = factory.Sequence(lambda n: f"测试申报计划{n}")
    committee = factory.SubFactory(CommitteeFactory)
    specialty = "机械"
    levels = ["assistant", "intermediate"]
    declaration_types = ["normal", "exceptional"]
    ruleset_id = "wenzhou-mech-2020"
    seniority_cutoff = factory.LazyFunction(lambda: date(timezone.localdate().year, 12, 31))
    apply_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    apply_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = Plan.Status.PUBLISHED

    @factory.post_generation
    def chain(obj, create, extracted, **kwargs):
        if not create:
            return
        for i, kind in enumerate(extracted or ["employer", "county", "city", "committee_office"]):
            PlanStage.objects.create(plan=obj, order=i + 1, kind=kind)
        PlanFee.objects.create(plan=obj, level="intermediate", amount=180)
        PlanAttachment.objects.create(
            plan=obj, name="学历证书", required=True, allowed_types=["pdf", "jpeg"], max_mb=5
        )
