"""A whole review chain: employer (鹿城区) → 鹿城区 county department → 温州市 city department → committee office."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import EmployerFactory, OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.applications import workflow
from zhicheng.applications.models import Application
from zhicheng.core.workdays import calendar


@dataclass
class Chain:
    plan: object
    employer: object
    employer_user: object
    county: object
    county_user: object
    city: object
    city_user: object
    office_user: object
    regions: dict

    def new_application(self, name="胡小明", *, submit=True, plan=None, employer=None, **fields):
        user = UserFactory(real_name=name)
        app = Application.objects.create(
            plan=plan or self.plan,
            applicant=user,
            level=fields.pop("level", "intermediate"),
            specialty=fields.pop("specialty", "机械设计"),
            declaration_type=fields.pop("declaration_type", "normal"),
            employer=employer or self.employer,
            intake_department=fields.pop("intake_department", self.county),
            **fields,
        )
        if submit:
            workflow.transition(application=app, action="submit", actor=user)
            app.refresh_from_db()
        return app


def finished_publicity(today=None) -> dict:
    """A publicity period of exactly five working days that ended before today."""
    cal = calendar()
    today = today or timezone.localdate()
    end = cal.add(today, -1)
    start = end
    while cal.count(start, end) < 5:
        start -= timedelta(days=1)
    return {"start": start, "end": end, "result": "no_objection", "note": ""}


def publicity_post(prefix="approve", **overrides) -> dict:
    p = finished_publicity()
    data = {
        f"{prefix}-opinion": "经审核，材料真实，单位内部公示无异议，同意推荐。",
        f"{prefix}-publicity_start": p["start"].isoformat(),
        f"{prefix}-publicity_end": p["end"].isoformat(),
        f"{prefix}-publicity_result": "no_objection",
        f"{prefix}-publicity_note": "",
    }
    data.update({f"{prefix}-{k}": v for k, v in overrides.items()})
    return data


@pytest.fixture
def chain(db, regions):
    employer = EmployerFactory(organization__name="温州测试机械有限公司")
    county = OrganizationFactory(
        kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"]
    )
    city = OrganizationFactory(kind="department", name="温州市人力资源和社会保障局", region=regions["330300"])
    today = timezone.localdate()
    plan = PlanFactory(
        name="2026年度温州市机械专业工程师评审计划",
        employer_deadline=today + timedelta(days=20),
        department_deadline=today + timedelta(days=40),
        review_start=today + timedelta(days=70),
    )
    plan.intake_departments.add(county, city)
    return Chain(
        plan=plan,
        employer=employer,
        employer_user=staff("employer", employer.organization, real_name="李经办"),
        county=county,
        county_user=staff("department", county, real_name="王县审"),
        city=city,
        city_user=staff("department", city, real_name="赵市审"),
        office_user=staff("committee_office", plan.committee.organization, real_name="钱办公"),
        regions=regions,
    )


@pytest.fixture
def as_user(client, settings):
    """Log in through the real login form (second factor waived)."""
    from tests.factories import PASSWORD

    settings.STAFF_OTP_REQUIRED = False

    def _as(user):
        client.logout()
        response = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return _as


def past_workday_span(days: int, end: date) -> date:
    cal = calendar()
    start = end
    while cal.count(start, end) < days:
        start -= timedelta(days=1)
    return start
