"""Real applications for the document tests, built through the platform's own services.

An applicant with an approved archive (archive fixtures) fills the wizard (`ready`), submits,
and the chain decides: employer (with its 单位内部公示) → 鹿城区 county department → 温州市 city
department → committee office (资格审查通过). Around it: the people each permission test needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.builders import INFO, sign
from tests.factories import EmployerFactory, OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.applications import services as application_services
from zhicheng.applications.models import Application
from zhicheng.archive.models import PersonalInfo
from zhicheng.review import services as review_services
from zhicheng.review.tests.conftest import finished_publicity

SELF_STATEMENT = INFO["self_statement"]


@pytest.fixture
def city(regions):
    return OrganizationFactory(kind="department", name="温州市人力资源和社会保障局", region=regions["330300"])


@pytest.fixture
def plan(intake, city):
    """The archive tests' plan, with a city department too so the chain runs to the end."""
    plan = PlanFactory(name="2026年度温州市机械专业工程师评审计划")
    plan.intake_departments.set([intake, city])
    return plan


@dataclass
class People:
    employer_user: object
    county_user: object
    city_user: object
    office_user: object
    other_employer_user: object
    other_department_user: object
    other_office_user: object
    expert: object
    hr_user: object
    other_applicant: object


@pytest.fixture
def people(plan, employer_user, intake, city, regions):
    other_employer = EmployerFactory(organization__name="瓯海另一家机械有限公司")
    other_department = OrganizationFactory(
        kind="department", name="温岭市人力资源和社会保障局", region=regions["331081"]
    )
    other_plan = PlanFactory(name="另一个评委会的计划")
    return People(
        employer_user=employer_user,
        county_user=staff("department", intake, real_name="王县审"),
        city_user=staff("department", city, real_name="赵市审"),
        office_user=staff("committee_office", plan.committee.organization, real_name="钱办公"),
        other_employer_user=staff("employer", other_employer.organization, real_name="孙经办"),
        other_department_user=staff("department", other_department, real_name="周审核"),
        other_office_user=staff("committee_office", other_plan.committee.organization, real_name="吴办公"),
        expert=UserFactory(role="expert", real_name="郑专家", id_number=""),
        hr_user=staff("hr_bureau", plan.committee.hr_bureau, real_name="冯人社"),
        other_applicant=UserFactory(real_name="陈别人"),
    )


def complete_info(applicant) -> None:
    """What the archive fixtures leave empty but the forms print."""
    PersonalInfo.objects.filter(user=applicant).update(
        gender="male", address="温州市鹿城区学院中路100号", postcode="325000"
    )


@pytest.fixture
def submitted(ready, applicant) -> Application:
    complete_info(applicant)
    application_services.application_submit(application=ready, actor=applicant)
    ready.refresh_from_db()
    return ready


def approve_at_employer(application, user, opinion="经审核，材料真实，单位内部公示无异议，同意推荐。"):
    application.refresh_from_db()
    return review_services.application_approve(
        application=application, actor=user, opinion=opinion, publicity=finished_publicity()
    )


def approve(application, user, opinion):
    application.refresh_from_db()  # the service reads the stage the file is at now
    return review_services.application_approve(application=application, actor=user, opinion=opinion)


@pytest.fixture
def qualified(submitted, people) -> Application:
    """Through every stage of the chain: 资格审查通过."""
    approve_at_employer(submitted, people.employer_user)
    approve(submitted, people.county_user, "经审查，同意推荐。")
    approve(submitted, people.city_user, "同意推荐至评审委员会。")
    approve(submitted, people.office_user, "资格审查通过。")
    submitted.refresh_from_db()
    assert submitted.status == "qualified"
    return submitted


@pytest.fixture
def exceptional(ready, applicant) -> Application:
    """The same applicant as a 破格申报, re-signed after the change and submitted."""
    application_services.draft_info_save(
        application=ready,
        actor=applicant,
        data={
            **INFO,
            "intake_department": ready.intake_department,
            "declaration_type": "exceptional",
            "exceptional_reasons": "主持完成的阀门密封结构获国家实用新型专利授权，本人排名第一。",
            "exceptional_resume": "2008.09—2012.06 浙江工业大学机械工程专业学习\n2012.07—至今 温州测试机械有限公司设计员",
        },
    )
    sign(ready)
    complete_info(applicant)
    application_services.application_submit(application=ready, actor=applicant)
    ready.refresh_from_db()
    return ready


@pytest.fixture
def login(client, settings):
    """Log in through the real login form as this user, logging out whoever was in before
    (the login page sends a signed-in visitor away without switching accounts)."""
    from tests.factories import PASSWORD

    settings.STAFF_OTP_REQUIRED = False

    def _login(user):
        client.logout()
        response = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:300]
        return client

    return _login
