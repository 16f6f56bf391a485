"""Departments (county, then city) and the committee office: 审核推荐, 资格审查, 公示 with objections, the portal."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import EmployerFactory, OrganizationFactory, staff
from zhicheng.applications import workflow
from zhicheng.applications.models import Status
from zhicheng.core.models import AuditEvent
from zhicheng.core.workdays import calendar
from zhicheng.notifications.models import Message
from zhicheng.review import services
from zhicheng.review.models import Objection, Publicity, PublicityEntry, RecommendationBatch

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


def test_county_then_city_each_see_their_stage_only(chain, as_user):
    app = _to_stage(chain, chain.new_application("胡小明"), "county")
    county_page = as_user(chain.county_user).get("/review/").content.decode()
    assert "胡小明" in county_page and "职称评审资格审查" in county_page
    assert "胡小明" not in as_user(chain.city_user).get("/review/").content.decode()
    workflow.transition(application=app, action="approve", actor=chain.county_user, opinion="同意")
    city_page = as_user(chain.city_user).get("/review/").content.decode()
    assert "胡小明" in city_page and "温州测试机械有限公司" in city_page
    approved = as_user(chain.county_user).get("/review/?tab=approved").content.decode()
    assert "胡小明" in approved


def test_a_county_outside_the_files_region_never_sees_it(chain, as_user, regions):
    other_county = OrganizationFactory(kind="department", name="瓯海区人社局", region=regions["330304"])
    chain.plan.intake_departments.add(other_county)
    outsider = staff("department", other_county)
    app = _to_stage(chain, chain.new_application("胡小明"), "county")
    c = as_user(outsider)
    assert "胡小明" not in c.get("/review/?tab=all").content.decode()
    assert c.get(f"/review/applications/{app.pk}/").status_code == 404


def test_recommendation_batch_lists_the_approved_once_and_tells_the_next_body(chain, as_user):
    a = _to_stage(chain, chain.new_application("胡小明"), "city")
    b = _to_stage(chain, chain.new_application("王大海"), "city")
    pending = _to_stage(chain, chain.new_application("李未审"), "city")
    for app in (a, b):
        workflow.transition(application=app, action="approve", actor=chain.city_user, opinion="符合条件")
    c = as_user(chain.city_user)
    page = c.get("/review/recommendations/").content.decode()
    assert "待推荐 2 人" in page and "胡小明" in page and "王大海" in page and "李未审" not in page
    response = c.post(
        "/review/recommendations/submit/", {"plan": chain.plan.pk, "note": "以上人员符合申报条件。"}
    )
    batch = RecommendationBatch.objects.get()
    assert response["Location"] == f"/review/recommendations/{batch.pk}/"
    assert batch.size == 2 and batch.submitted_by == chain.city_user and batch.organization == chain.city
    assert {i.application_id for i in batch.items.all()} == {a.pk, b.pk}
    detail = c.get(response["Location"]).content.decode()
    assert "胡小明" in detail and "王大海" in detail and "赵市审" in detail
    assert "待推荐" not in c.get("/review/recommendations/").content.decode()
    again = c.post("/review/recommendations/submit/", {"plan": chain.plan.pk}, follow=True).content.decode()
    assert "该计划没有本部门审查通过且尚未推荐的人员" in again
    assert RecommendationBatch.objects.count() == 1
    told = Message.objects.filter(
        recipient=chain.office_user, subject="收到审核推荐名单", channel="inapp"
    ).get()
    assert "2 名申报人员" in told.body
    assert AuditEvent.objects.filter(event="recommendation_submitted", object_id=str(batch.pk)).exists()
    office = as_user(chain.office_user).get("/review/recommendations/").content.decode()
    assert "温州市人力资源和社会保障局" in office and "查看名单" in office
    del pending


def test_only_departments_recommend(chain, as_user):
    assert (
        as_user(chain.employer_user)
        .post("/review/recommendations/submit/", {"plan": chain.plan.pk})
        .status_code
        == 403
    )


def test_committee_office_qualifies_and_sees_the_eligibility_place(chain, as_user):
    app = _to_stage(chain, chain.new_application("胡小明"), "committee_office")
    c = as_user(chain.office_user)
    page = c.get(f"/review/applications/{app.pk}/").content.decode()
    assert 'id="eligibility"' in page and "资格条件核对" in page
    assert ("依据条款" in page) or ("无法自动核对" in page) or ("人工核对" in page)
    c.post(
        f"/review/applications/{app.pk}/decide/", {"decision": "approve", "approve-opinion": "资格审查通过。"}
    )
    app.refresh_from_db()
    assert app.status == Status.QUALIFIED
    sms = Message.objects.filter(recipient=app.applicant, channel="sms").latest("id").body
    assert "已通过资格审查" in sms and "缴纳评审费" in sms


def test_every_reviewer_sees_the_eligibility_verdict(chain, as_user):
    """Issue 5: reviewers at every stage see the per-criterion result, not only the committee office."""
    app = chain.new_application("胡小明")
    page = as_user(chain.employer_user).get(f"/review/applications/{app.pk}/").content.decode()
    assert 'id="eligibility"' in page and "资格条件核对" in page


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
    assert response["Location"] == f"/review/publicity/{publicity.pk}/"
    cal = calendar()
    assert publicity.end == cal.end_of_period(publicity.start, 5) and publicity.working_days == 5
    assert set(PublicityEntry.objects.values_list("name", flat=True)) == {"胡小明", "王大海"}
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
    entry_a = PublicityEntry.objects.get(application=a)
    entry_b = PublicityEntry.objects.get(application=b)
    today = timezone.localdate()
    # A date outside the period is refused with the rule; nothing stored.
    html = c.post(
        f"/review/publicity/{publicity.pk}/objections/",
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
            f"/review/publicity/{publicity.pk}/objections/",
            {
                "entry": entry.pk,
                f"o{entry.pk}-received_on": publicity.start.isoformat(),
                f"o{entry.pk}-channel": "phone",
                f"o{entry.pk}-content": text,
            },
        )
    assert Objection.objects.filter(status="open").count() == 2
    with pytest.raises(services.ReviewError, match="期满后才能结束公示"):
        services.publicity_close(actor=chain.office_user, publicity=publicity, today=today)
    after = publicity.end + timedelta(days=1)
    with pytest.raises(services.ReviewError, match="还有 2 件异议未处理"):
        services.publicity_close(actor=chain.office_user, publicity=publicity, today=after)
    # Dismiss one, uphold the other: the upheld one loses its qualification through the workflow.
    oa, ob = Objection.objects.order_by("id")
    html = c.post(
        f"/review/objections/{oa.pk}/resolve/",
        {f"r{oa.pk}-decision": "dismissed", f"r{oa.pk}-resolution": ""},
    ).content.decode()
    assert "核查情况：必须填写" in html
    c.post(
        f"/review/objections/{oa.pk}/resolve/",
        {f"r{oa.pk}-decision": "dismissed", f"r{oa.pk}-resolution": "经核实，论文为本人独著。"},
    )
    c.post(
        f"/review/objections/{ob.pk}/resolve/",
        {f"r{ob.pk}-decision": "upheld", f"r{ob.pk}-resolution": "经核实，年度考核表系伪造。"},
    )
    b.refresh_from_db()
    assert b.status == Status.REJECTED
    assert b.history.filter(
        from_status="qualified", to_status="rejected", opinion__contains="年度考核表系伪造"
    ).exists()
    entry_b.refresh_from_db()
    assert entry_b.outcome == PublicityEntry.Outcome.WITHDRAWN
    with time_machine.travel(timezone.now() + timedelta(days=(publicity.end - today).days + 1), tick=False):
        c = as_user(chain.office_user)  # a new day, a new session
        response = c.post(f"/review/publicity/{publicity.pk}/close/", follow=True)
    assert "公示已结束" in response.content.decode()
    publicity.refresh_from_db()
    assert publicity.status == Publicity.Status.CLOSED
    entry_a.refresh_from_db()
    assert entry_a.outcome == PublicityEntry.Outcome.CLEARED
    assert AuditEvent.objects.filter(event="publicity_closed").count() == 1
    assert AuditEvent.objects.filter(event="objection_resolved").count() == 2


def test_the_office_of_another_committee_cannot_touch_the_publicity(chain, as_user):
    from tests.factories import CommitteeFactory

    _qualified(chain, "胡小明")
    _publish(chain, as_user(chain.office_user))
    publicity = Publicity.objects.get()
    stranger = staff("committee_office", CommitteeFactory().organization)
    c = as_user(stranger)
    assert c.get(f"/review/publicity/{publicity.pk}/").status_code == 404
    assert c.post(f"/review/publicity/{publicity.pk}/close/").status_code == 404
    assert "胡小明" not in c.get("/review/publicity/").content.decode()


def test_the_publicity_form_opens_with_the_end_computed_from_five_working_days(chain, as_user):
    _qualified(chain, "胡小明")
    page = as_user(chain.office_user).get("/review/publicity/new/").content.decode()
    end = calendar().end_of_period(timezone.localdate(), 5)
    assert f'name="end" value="{end.isoformat()}"' in page and "可以修改" in page


def test_the_recommendation_page_says_the_files_already_went_on_and_what_the_list_is_for(chain, as_user):
    """Issue 17 §1: the page said it "报送下一环节" though each file reached the next office on approval."""
    app = _to_stage(chain, chain.new_application("胡小明"), "city")
    workflow.transition(application=app, action="approve", actor=chain.city_user, opinion="符合条件")
    page = as_user(chain.city_user).get("/review/recommendations/").content.decode()
    hint = re.search(r'<p class="hint" id="what-recommend-does">(.*?)</p>', page, re.S).group(1)
    assert "已送达下一环节" in hint and "不再移动申报材料" in hint and "正式推荐名单" in hint
    assert "将名单一次报送下一环节" not in page
