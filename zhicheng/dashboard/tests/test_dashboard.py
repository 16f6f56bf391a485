# ruff: noqa: F811  (fixtures imported by name are redefined as arguments, as pytest intends)
"""Issue 17 §4: each office's season at a glance, scoped on the server, in a fixed number of queries."""

import io
import json
import re
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CommitteeFactory, EmployerFactory, OrganizationFactory, PlanFactory, staff
from zhicheng.applications import workflow
from zhicheng.dashboard import selectors
from zhicheng.evaluation.models import (
    AssessmentSitting,
    AssessmentSpec,
    EvaluationCase,
    Meeting,
    Panel,
    VoteTally,
)
from zhicheng.review.tests.conftest import as_user, chain  # noqa: F401 - fixtures are found by name


def _rows(table):
    return {row[0]: row[1:] for row in table.rows}


def _approve(app, user):
    workflow.transition(application=app, action="approve", actor=user, opinion="同意")
    app.refresh_from_db()


def _season(chain, *, extra=0):
    """Three files at the employer, one at the county, one at the city, one qualified, one rejected."""
    apps = [chain.new_application(f"申报人{i}") for i in range(7 + extra)]
    for app in apps[3:]:
        _approve(app, chain.employer_user)
    for app in apps[4:]:
        _approve(app, chain.county_user)
    _approve(apps[5], chain.city_user)
    _approve(apps[5], chain.office_user)
    workflow.transition(application=apps[6], action="reject", actor=chain.city_user, opinion="学历不符合")
    return apps


def _vote_and_exam(app, chain, *, exam_passed: bool, vote_passed: bool):
    now = timezone.now()
    case = EvaluationCase.objects.create(
        application=app, plan=app.plan, level=app.level, fee_amount=180,
        fee_deadline=timezone.localdate() + timedelta(days=10), opened_at=now, status_changed_at=now,
        status="review_passed" if vote_passed else "review_failed",
    )  # fmt: skip
    spec, _ = AssessmentSpec.objects.get_or_create(
        plan=app.plan, kind="exam", defaults={"name": "专业理论考试"}
    )
    AssessmentSitting.objects.create(
        case=case, spec=spec, score=80 if exam_passed else 40, passed=exam_passed,
        recorded_by=chain.office_user, recorded_at=now,
    )  # fmt: skip
    panel = Panel.objects.create(
        plan=app.plan, name=f"机械组{case.pk}", created_at=now, created_by=chain.office_user
    )
    meeting = Meeting.objects.create(
        panel=panel, held_on=timezone.localdate(), place="评审会议室", opened_by=chain.office_user, opened_at=now
    )  # fmt: skip
    VoteTally.objects.create(
        meeting=meeting, case=case, members=7, present=7, yes=6 if vote_passed else 2, no=1 if vote_passed else 5,
        abstain=0, quorum_met=True, passed=vote_passed, rule="赞成票超过出席人数三分之二",
        closed_by=chain.office_user, closed_at=now,
    )  # fmt: skip


def test_office_sees_each_step_its_waiting_times_and_the_deadlines_in_working_days(chain):
    _season(chain)
    year = chain.plan.year
    steps = _rows(selectors.files_at_each_step(chain.office_user, year))
    assert (
        steps["用人单位审核"][0] == 3
        and steps["县级主管部门审核"][0] == 1
        and steps["市级主管部门审核"][0] == 1
    )
    assert steps["用人单位审核"][1] == 3  # all arrived today: waited 5 days or fewer
    later = timezone.now() + timedelta(days=20)
    steps = _rows(selectors.files_at_each_step(chain.office_user, year, now=later))
    assert steps["用人单位审核"][3] == 3 and steps["用人单位审核"][-1] == 20
    risk = _rows(selectors.deadlines_at_risk(chain.office_user, year))
    assert risk["用人单位审核"] == [0, 0, 0, 3, 0]  # 20 days ahead: more than 10 working days
    late = timezone.localdate() + timedelta(days=21)
    assert _rows(selectors.deadlines_at_risk(chain.office_user, year, today=late))["用人单位审核"][0] == 3


def test_pass_rates_count_qualification_exams_and_the_vote(chain):
    apps = _season(chain)
    _vote_and_exam(apps[5], chain, exam_passed=True, vote_passed=True)
    rates = _rows(selectors.pass_rates(chain.office_user, chain.plan.year))
    assert rates["资格审查"] == [2, 1, 1, "50.0%"]
    assert rates["考试考评"] == [1, 1, 0, "100.0%"]
    assert rates["评审表决"] == [1, 1, 0, "100.0%"]


def test_county_and_employer_tables_and_the_comparison_with_last_season(chain):
    _season(chain)
    other = EmployerFactory(organization__name="温州第二机械有限公司")
    chain.new_application("另一单位", employer=other)
    last_year = PlanFactory(committee=chain.plan.committee, year=chain.plan.year - 1, name="上一年度计划")
    last_year.intake_departments.add(chain.county)
    chain.new_application("去年申报", plan=last_year)
    year = chain.plan.year
    employers = _rows(selectors.by_employer(chain.office_user, year))
    assert employers["温州测试机械有限公司"][0] == 7 and employers["温州第二机械有限公司"][0] == 1
    county = selectors.by_county(chain.office_user, year)
    assert sum(r[1] for r in county.rows) == 8
    seasons = selectors.compared_with_last_season(chain.office_user, year)
    assert seasons.rows == [[chain.plan.committee.organization.name, 1, 8, 7, 0, 1, 0, 0]]
    assert selectors.season_years(chain.office_user) == [year, year - 1]


def test_each_role_counts_only_its_own_scope(chain):
    _season(chain)
    year = chain.plan.year
    # The county department counts the files that reached it, not those still at the employer.
    county_steps = _rows(selectors.files_at_each_step(chain.county_user, year))
    assert "用人单位审核" not in county_steps and county_steps["县级主管部门审核"][0] == 1
    # Another committee's office and a bureau that approves other committees see nothing.
    stranger = staff("committee_office", CommitteeFactory().organization)
    assert selectors.files_at_each_step(stranger, year).rows == []
    bureau_user = staff("hr_bureau", chain.plan.committee.hr_bureau)
    assert _rows(selectors.files_at_each_step(bureau_user, year))["用人单位审核"][0] == 3
    other_bureau = staff("hr_bureau", OrganizationFactory(kind="hr_bureau"))
    assert selectors.by_employer(other_bureau, year).rows == []
    assert selectors.applications_in_scope(chain.employer_user).count() == 0


def _count_queries(user, year):
    with CaptureQueriesContext(connection) as ctx:
        for selector in selectors.SELECTORS.values():
            selector(user, year)
    return len(ctx.captured_queries)


def test_each_selector_runs_a_fixed_number_of_queries_as_data_grows(chain, django_assert_max_num_queries):
    apps = _season(chain)
    _vote_and_exam(apps[5], chain, exam_passed=True, vote_passed=True)
    year = chain.plan.year
    small = _count_queries(chain.office_user, year)
    more = _season(chain, extra=12)
    _vote_and_exam(more[5], chain, exam_passed=False, vote_passed=False)
    for i in range(3):
        employer = EmployerFactory(organization__name=f"新增单位{i}")
        chain.new_application(f"新增{i}", employer=employer)
    with django_assert_max_num_queries(small):
        for selector in selectors.SELECTORS.values():
            selector(chain.office_user, year)
    assert (
        small <= 10
    )  # steps 1, deadlines 3 (counts, stages, calendar), county 1, employer 1, pass 3, seasons 1


def test_the_page_draws_charts_from_json_with_tables_beside_and_the_home_links_to_it(chain, as_user):
    _season(chain)
    client = as_user(chain.office_user)
    home = client.get("/accounts/home/").content.decode()
    assert 'href="/dashboard/"' in home
    page = client.get("/dashboard/").content.decode()
    data = json.loads(
        re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S)[1]
    )
    assert set(data) == set(selectors.SELECTORS)
    assert data["steps"]["categories"][0] == "用人单位审核"
    assert '<th scope="row">用人单位审核</th>' in page
    assert "vendor/echarts/echarts.min.js" in page and "js/dashboard.js" in page
    # No inline executable script (strict CSP script-src 'self'): only src= scripts and the JSON.
    for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page):
        assert 'type="application/json"' in tag
    for key in selectors.SELECTORS:
        assert f"/dashboard/export/{key}.xlsx?year={chain.plan.year}" in page


def test_excel_export_has_the_table_and_keeps_formula_like_names_as_text(chain, as_user):
    evil = EmployerFactory(organization__name='=HYPERLINK("http://x","点我")')
    chain.new_application("公式单位", employer=evil)
    response = as_user(chain.office_user).get("/dashboard/export/employer.xlsx")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(1, ws.max_row + 1)}
    cell = cells['=HYPERLINK("http://x","点我")']
    assert cell.data_type == "s" and cell.quotePrefix
    assert [c.value for c in ws[4]][:2] == ["用人单位", "申报件数"]


@pytest.mark.parametrize("role", ["applicant", "employer", "expert"])
def test_other_roles_are_refused(chain, as_user, role):
    user = chain.employer_user if role == "employer" else staff(role)
    assert as_user(user).get("/dashboard/").status_code == 403


def test_the_page_counts_once_per_cache_period_and_says_when(chain, as_user):
    from django.core.cache import cache

    _season(chain)
    client = as_user(chain.office_user)
    with CaptureQueriesContext(connection) as first:
        page = client.get("/dashboard/").content.decode()
    assert "数据统计于" in page and f"每 {selectors.CACHE_SECONDS // 60} 分钟更新一次" in page
    counted = sum("applications_application" in q["sql"] for q in first.captured_queries)
    assert counted >= len(selectors.SELECTORS)
    # A second view within the period reads the tables from the cache: no aggregate over the season.
    with CaptureQueriesContext(connection) as second:
        again = client.get("/dashboard/")
    assert again.status_code == 200
    assert not [q for q in second.captured_queries if "applications_application" in q["sql"]]
    # The export gives the numbers the page showed, and says when they were counted.
    response = client.get("/dashboard/export/steps.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "数据统计于" in ws.cell(1, 1).value
    cache.clear()  # the period ended: counted again
    with CaptureQueriesContext(connection) as third:
        client.get("/dashboard/")
    assert [q for q in third.captured_queries if "applications_application" in q["sql"]]
    # Another office's scope is its own entry: a department counts its own, never reads the office's;
    # its second view (years included: a semi-join over its jurisdiction) reads the cache.
    county_client = as_user(chain.county_user)
    with CaptureQueriesContext(connection) as county:
        page = county_client.get("/dashboard/").content.decode()
    assert "本部门辖区" in page
    assert [q for q in county.captured_queries if "applications_application" in q["sql"]]
    with CaptureQueriesContext(connection) as county_again:
        county_client.get("/dashboard/")
    assert not [q for q in county_again.captured_queries if "applications_application" in q["sql"]]
