"""A signed-in page pays for its own reads only (issue 15: homes ≤ 3× the floor at 200,000 applications).

Before: every signed-in page read its session row and counted the unread messages in PostgreSQL, and the
applicant's home prefetched the open plans' fees, stages, 受理点 and attachments that it never shows
(9 statements). Now the session and the unread count come from the cache (the count under the user's
inbox version, which the message services bump), and the home reads the plans' names and dates only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganizationFactory, PlanFactory, staff
from zhicheng.notifications import services as notifications
from zhicheng.notifications.models import Message

pytestmark = pytest.mark.django_db


def _get(client, url="/accounts/home/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _reads(statements, table):
    return [s for s in statements if s.startswith("SELECT") and f'FROM "{table}"' in s]


def _badge(html):
    found = re.search(r'aria-label="(\d+) 条未读"', html)
    return int(found.group(1)) if found else 0


def test_the_applicant_home_reads_no_session_row_no_message_count_and_no_plan_details(as_user, ready):
    client = as_user(ready.applicant)
    _get(client)  # warms the cache
    html, statements = _get(client)
    assert "正在受理的申报计划" in html and ready.plan.name in html
    assert not _reads(statements, "django_session")
    assert not _reads(statements, "notifications_message")
    for table in (
        "plans_planfee",
        "plans_planstage",
        "plans_planattachment",
        "plans_plan_intake_departments",
    ):
        assert not _reads(statements, table), table
    # the user, the personal info with the employer, the open plans' names and dates
    assert len(statements) == 3, statements


def test_the_bell_count_follows_new_and_read_messages(as_user, ready):
    user = ready.applicant
    client = as_user(user)
    before = _badge(_get(client)[0])
    notifications.notify(recipients=[user], subject="材料已受理", body="您的申报材料已受理。")
    notifications.notify(
        recipients=[user], subject="请补充材料", body="请补充学历证书。", sms="请补充学历证书"
    )
    html, statements = _get(client)
    assert _badge(html) == before + 2
    assert len(_reads(statements, "notifications_message")) == 1  # counted afresh once after the change
    assert _badge(_get(client)[0]) == before + 2
    message = Message.objects.get(recipient=user, subject="材料已受理", channel=Message.Channel.INAPP)
    notifications.message_mark_read(message=message)
    assert _badge(_get(client)[0]) == before + 1
    notifications.messages_mark_all_read(user=user)
    assert _badge(_get(client)[0]) == 0


def test_the_department_home_names_its_jurisdiction_in_one_read(as_user, regions):
    """The county reviewer's home: the organisation and its region's chain in one read (were four: the
    organisation, then the county, city and province one by one for the region's full name)."""
    county = OrganizationFactory(
        kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"]
    )
    client = as_user(staff("department", county))
    _get(client)
    html, statements = _get(client)
    assert "浙江省温州市鹿城区" in html and county.name in html
    assert len(_reads(statements, "organizations_region")) == 0
    assert len(_reads(statements, "organizations_organization")) == 1
    assert len(statements) == 2, statements  # the user, the organisation with its regions


def test_the_employer_home_finds_its_plans_by_one_probe_per_plan(as_user, ready, employer, employer_user):
    """The plans in which the employer's staff applied (where its 公示表 is made): an EXISTS probe of
    employer_plan_idx per plan, not a semi-join over all of the employer's applications (4 ms of SQL for
    an employer with 40,000 applications at 200,000; the probe 0.07 ms)."""
    other = PlanFactory(committee=ready.plan.committee, name="另一个计划")  # nobody of this employer applied
    ready.employer = employer
    ready.save(update_fields=["employer"])
    client = as_user(employer_user)
    _get(client)
    html, statements = _get(client)
    assert ready.plan.name in html and other.name not in html
    (plans,) = [s for s in statements if s.startswith('SELECT "plans_plan"')]
    assert "EXISTS" in plans and "INNER JOIN" not in plans
    # the user, the employer with its organisation, the plans
    assert len(statements) == 3, [q[:90] for q in statements]
