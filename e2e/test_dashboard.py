"""Issue 17 §4 in the browser: each office opens its dashboard from its home page, the charts are drawn
from the page's JSON (no inline script), every chart has its table, and a table downloads as Excel —
on desktop and phone widths, with screenshots in var/test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from e2e.conftest import log_in
from tests.factories import PASSWORD, EmployerFactory, OrganizationFactory, PlanFactory, UserFactory, staff
from zhicheng.applications import workflow
from zhicheng.applications.models import Application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _collect(errors: list):
    return lambda error: errors.append(str(error))


SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_offices_open_their_dashboard_from_home_see_charts_with_tables_and_export(
    live_server, new_page, shot, settings, regions
):
    settings.STAFF_OTP_REQUIRED = False
    base = live_server.url
    employer = EmployerFactory(organization__name="温州瓯江机械有限公司")
    county = OrganizationFactory(
        kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"]
    )
    today = timezone.localdate()
    plan = PlanFactory(
        employer_deadline=today + timedelta(days=2), department_deadline=today + timedelta(days=30)
    )
    plan.intake_departments.add(county)
    hr = staff("employer", employer.organization)
    county_user = staff("department", county)
    office = staff("committee_office", plan.committee.organization)
    for i in range(4):
        person = UserFactory(real_name=f"申报人{i}")
        app = Application.objects.create(
            plan=plan, applicant=person, level="intermediate", specialty="机械设计", declaration_type="normal",
            employer=employer, intake_department=county,
        )  # fmt: skip
        workflow.transition(application=app, action="submit", actor=person)
        if i % 2:
            workflow.transition(application=app, action="approve", actor=hr, opinion="同意")

    for who, user in (("office", office), ("county", county_user)):
        for size, viewport in SIZES.items():
            page = new_page(viewport=viewport)
            errors = []
            page.on("pageerror", _collect(errors))
            log_in(page, base, user.phone, PASSWORD)
            page.goto(f"{base}/accounts/home/")
            page.get_by_role("link", name="统计看板").click()
            page.wait_for_url(f"{base}/dashboard/")
            page.wait_for_selector("[data-chart='steps'] svg")
            assert page.locator("[data-chart] svg").count() == 6
            steps = page.locator("section[aria-labelledby='h-steps'] table")
            assert steps.get_by_role("rowheader", name="县级主管部门审核").is_visible()
            assert errors == []
            shot(page, f"dashboard-{who}-{size}")
            if who == "office" and size == "desktop":
                assert steps.get_by_role("rowheader", name="用人单位审核").is_visible()
                with page.expect_download() as download:
                    page.locator("section[aria-labelledby='h-steps']").get_by_role(
                        "link", name="导出 Excel"
                    ).click()
                assert download.value.suggested_filename == f"dashboard-steps-{plan.year}.xlsx"
