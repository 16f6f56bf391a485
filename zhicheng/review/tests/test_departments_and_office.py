"""Departments (county, then city) and the committee office: 审核推荐, 资格审查, 公示 with objections, the portal."""

import re

import pytest

from tests.factories import OrganizationFactory, staff
from zhicheng.applications import workflow
from zhicheng.applications.models import Status
from zhicheng.core.models import AuditEvent
from zhicheng.notifications.models import Message
from zhicheng.review.models import RecommendationBatch

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


def test_the_recommendation_page_says_the_files_already_went_on_and_what_the_list_is_for(chain, as_user):
    """Issue 17 §1: the page said it "报送下一环节" though each file reached the next office on approval."""
    app = _to_stage(chain, chain.new_application("胡小明"), "city")
    workflow.transition(application=app, action="approve", actor=chain.city_user, opinion="符合条件")
    page = as_user(chain.city_user).get("/review/recommendations/").content.decode()
    hint = re.search(r'<p class="hint" id="what-recommend-does">(.*?)</p>', page, re.S).group(1)
    assert "已送达下一环节" in hint and "不再移动申报材料" in hint and "正式推荐名单" in hint
    assert "将名单一次报送下一环节" not in page
