"""The happy path through every stage by the pages, with a return along the way."""

import pytest

from zhicheng.applications.models import Status
from zhicheng.publicity.models import Publicity
from zhicheng.review.models import EntryState, ReviewEntry

from .conftest import publicity_post

pytestmark = pytest.mark.django_db


def test_file_goes_employer_county_city_committee_and_back_on_a_return(chain, as_user):
    app = chain.new_application("胡小明")
    c = as_user(chain.employer_user)
    page = c.get("/review/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "胡小明" in body and "待审查" in body
    detail = c.get(f"/review/applications/{app.pk}/")
    assert detail.status_code == 200
    c.post(f"/review/applications/{app.pk}/start/")  # 开始审核 is a POST; reading changes nothing
    app.refresh_from_db()
    assert app.review_started_at is not None
    response = c.post(
        f"/review/applications/{app.pk}/decide/",
        {"decision": "approve", **publicity_post(), "approve-version": app.version},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app.refresh_from_db()
    assert app.current_org == chain.county and app.status == Status.PENDING
    assert Publicity.objects.filter(kind="internal").filter(application=app, working_days=5).exists()

    c = as_user(chain.county_user)
    assert "胡小明" in c.get("/review/").content.decode()
    c.get(f"/review/applications/{app.pk}/")
    app.refresh_from_db()
    r = c.post(
        f"/review/applications/{app.pk}/decide/",
        {
            "decision": "return",
            "return-opinion": "学历证书扫描件不清晰，请重新上传。",
            "return-version": app.version,
        },
    )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    assert ReviewEntry.objects.get(application=app, organization=chain.county).state == EntryState.RETURNED
