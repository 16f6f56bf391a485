"""资格审查公示 through the one 公示 module (moved from review/tests/test_departments_and_office.py):
public columns only, the period in working days, the objection window and the closing rule."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import EmployerFactory, staff
from zhicheng.applications import workflow
from zhicheng.applications.models import Status
from zhicheng.core.models import AuditEvent
from zhicheng.core.workdays import calendar
from zhicheng.notifications.models import Message
from zhicheng.publicity import services as publicity_services
from zhicheng.publicity.models import Entry, Objection, Publicity
from zhicheng.publicity.services import PublicityError

pytestmark = pytest.mark.django_db


def _to_stage(chain, app, kind):
    order = ["employer", "county", "city", "committee_office"]
    hr = (
        chain.employer_user
        if app.employer_id == chain.employer.pk
        else staff("employer", app.employer.organization)
    )
    holders = [hr, chain.county_user, chain.city_user, chain.office_user]
    for k, holder in zip(order, holders, strict=True):
        if k == kind:
            return app
        workflow.transition(application=app, action="approve", actor=holder, opinion="同意")
        app.refresh_from_db()
    return app


def _qualified(chain, name, **kw):
    app = chain.new_application(name, **kw)
    _to_stage(chain, app, "none")
    app.refresh_from_db()
    assert app.status == Status.QUALIFIED
    return app


def _publish(chain, c, start=None):
    today = timezone.localdate()
    start = start or today
    return c.post(
        "/review/publicity/new/",
        {
            "plan": chain.plan.pk,
            "start": start.isoformat(),
            "end": "",
            "contact": "如有异议，请于公示期内书面反映，电话 0577-86591590。",
        },
    )


def test_publicity_lists_only_public_columns_for_at_least_five_working_days(chain, as_user, client):
    a = _qualified(chain, "胡小明")
    b = _qualified(chain, "王大海", employer=EmployerFactory(organization__name="温州精工阀门有限公司"))
    c = as_user(chain.office_user)
    response = _publish(chain, c)
    publicity = Publicity.objects.get()
    assert response["Location"] == f"/publicity/manage/{publicity.pk}/"
    cal = calendar()
    assert publicity.end == cal.end_of_period(publicity.start, 5) and publicity.working_days == 5
    assert set(Entry.objects.values_list("name", flat=True)) == {"胡小明", "王大海"}
    assert Message.objects.filter(recipient=a.applicant, subject="资格审查结果公示").exists()
    client.logout()
    page = client.get("/publicity/").content.decode()
    assert (
        "胡小明" in page
        and "温州精工阀门有限公司" in page
        and "机械设计" in page
        and "中级（工程师）" in page
    )
    for person in (a.applicant, b.applicant):
        assert person.id_number not in page and person.masked_id_number not in page
        assert person.phone not in page and person.masked_phone not in page
    assert not re.search(r"1[3-9]\d{9}|\d{17}[\dX]", page)
    assert "公示中" in page and f"{publicity.working_days} 个工作日" in page


def test_publicity_start_in_the_past_or_too_short_is_refused(chain, as_user):
    _qualified(chain, "胡小明")
    c = as_user(chain.office_user)
    today = timezone.localdate()
    html = _publish(chain, c, start=today - timedelta(days=1)).content.decode()
    assert "公示开始日期：公示开始日期不能早于今天" in html
    start = calendar().next_workday(today + timedelta(days=1))
    short_end = calendar().end_of_period(start, 4)
    html = c.post(
        "/review/publicity/new/",
        {
            "plan": chain.plan.pk,
            "start": start.isoformat(),
            "end": short_end.isoformat(),
            "contact": "书面反映",
        },
    ).content.decode()
    assert "公示结束日期：" in html and "只有 4 个工作日" in html
    assert not Publicity.objects.exists()


def test_objections_must_be_resolved_before_the_publicity_closes(chain, as_user):
    a = _qualified(chain, "胡小明")
    b = _qualified(chain, "王大海")
    c = as_user(chain.office_user)
    _publish(chain, c)
    publicity = Publicity.objects.get()
    entry_a = Entry.objects.get(application=a)
    entry_b = Entry.objects.get(application=b)
    today = timezone.localdate()
    # A date outside the period is refused with the rule; nothing stored.
    html = c.post(
        f"/publicity/manage/{publicity.pk}/objections/",
        {
            "entry": entry_a.pk,
            f"o{entry_a.pk}-received_on": (publicity.start - timedelta(days=1)).isoformat(),
            f"o{entry_a.pk}-channel": "letter",
            f"o{entry_a.pk}-content": "反映论文非本人撰写",
        },
    ).content.decode()
    assert "收到日期：" in html and "只受理公示期内" in html and not Objection.objects.exists()
    for entry, text in ((entry_a, "反映论文非本人撰写"), (entry_b, "反映年度考核材料有误")):
        c.post(
            f"/publicity/manage/{publicity.pk}/objections/",
            {
                "entry": entry.pk,
                f"o{entry.pk}-received_on": publicity.start.isoformat(),
                f"o{entry.pk}-channel": "phone",
                f"o{entry.pk}-content": text,
            },
        )
    assert Objection.objects.filter(status="open").count() == 2
    with pytest.raises(PublicityError, match="期满后才能结束公示"):
        publicity_services.publicity_close(actor=chain.office_user, publicity=publicity, today=today)
    after = publicity.end + timedelta(days=1)
    with pytest.raises(PublicityError, match="还有 2 件异议未处理"):
        publicity_services.publicity_close(actor=chain.office_user, publicity=publicity, today=after)
    # Dismiss one, uphold the other: the upheld one loses its qualification through the workflow.
    oa, ob = Objection.objects.order_by("id")
    html = c.post(
        f"/publicity/objections/{oa.pk}/resolve/",
        {f"r{oa.pk}-decision": "dismissed", f"r{oa.pk}-resolution": ""},
    ).content.decode()
    assert "核查情况：必须填写" in html
    c.post(
        f"/publicity/objections/{oa.pk}/resolve/",
        {f"r{oa.pk}-decision": "dismissed", f"r{oa.pk}-resolution": "经核实，论文为本人独著。"},
    )
    c.post(
        f"/publicity/objections/{ob.pk}/resolve/",
        {f"r{ob.pk}-decision": "upheld", f"r{ob.pk}-resolution": "经核实，年度考核表系伪造。"},
    )
    b.refresh_from_db()
    assert b.status == Status.REJECTED
    assert b.history.filter(
        from_status="qualified", to_status="rejected", opinion__contains="年度考核表系伪造"
    ).exists()
    entry_b.refresh_from_db()
    assert entry_b.outcome == Entry.Outcome.WITHDRAWN
    with time_machine.travel(timezone.now() + timedelta(days=(publicity.end - today).days + 1), tick=False):
        c = as_user(chain.office_user)  # a new day, a new session
        response = c.post(f"/publicity/manage/{publicity.pk}/close/", follow=True)
    assert "资格审查公示已结束" in response.content.decode()
    publicity.refresh_from_db()
    assert publicity.status == Publicity.Status.CLOSED
    entry_a.refresh_from_db()
    assert entry_a.outcome == Entry.Outcome.CLEARED
    assert AuditEvent.objects.filter(event="publicity_closed").count() == 1
    assert AuditEvent.objects.filter(event="publicity_objection_resolved").count() == 2


def test_the_office_of_another_committee_cannot_touch_the_publicity(chain, as_user):
    from tests.factories import CommitteeFactory

    _qualified(chain, "胡小明")
    _publish(chain, as_user(chain.office_user))
    publicity = Publicity.objects.get()
    stranger = staff("committee_office", CommitteeFactory().organization)
    c = as_user(stranger)
    assert c.get(f"/publicity/manage/{publicity.pk}/").status_code == 404
    assert c.post(f"/publicity/manage/{publicity.pk}/close/").status_code == 404
    assert "胡小明" not in c.get("/publicity/manage/").content.decode()


def test_the_publicity_form_opens_with_the_end_computed_from_five_working_days(chain, as_user):
    _qualified(chain, "胡小明")
    page = as_user(chain.office_user).get("/review/publicity/new/").content.decode()
    end = calendar().end_of_period(timezone.localdate(), 5)
    assert f'name="end" value="{end.isoformat()}"' in page and "可以修改" in page
