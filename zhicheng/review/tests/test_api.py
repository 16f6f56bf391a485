"""The JSON API answers like the pages: same scope, same rules, Chinese messages, 403/404 out of scope."""

import pytest
from ninja.testing import TestClient

from tests.factories import EmployerFactory, UserFactory, staff
from zhicheng.applications.models import Status
from zhicheng.review.api import router

from .conftest import finished_publicity

pytestmark = pytest.mark.django_db
api = TestClient(router)


def _publicity():
    p = finished_publicity()
    return {
        "start": p["start"].isoformat(),
        "end": p["end"].isoformat(),
        "result": "no_objection",
        "note": "",
    }


def test_queue_and_search_over_json(chain):
    a = chain.new_application("胡小明")
    chain.new_application("王大海")
    page = api.get("/queue?tab=pending", user=chain.employer_user).json()
    assert page["counts"]["pending"] == 2 and {i["name"] for i in page["items"]} == {"胡小明", "王大海"}
    item = next(i for i in page["items"] if i["name"] == "胡小明")
    assert item["id_number_masked"] == a.applicant.masked_id_number and item["working_days_left"] > 0
    assert a.applicant.id_number not in str(page)
    found = api.post("/queue/search", json={"q": a.applicant.id_number[-4:]}, user=chain.employer_user).json()
    assert [i["name"] for i in found["items"]] == ["胡小明"]
    bad = api.post("/queue/search", json={"q": "12345"}, user=chain.employer_user).json()
    assert bad["items"] == [] and "后4位" in bad["search_error"]


def test_the_api_says_when_the_tabs_were_not_counted(chain, monkeypatch):
    """A common surname past MAX_ID_LIST people: the items come, the counts are null, search_note says why."""
    monkeypatch.setattr("zhicheng.review.selectors.MAX_ID_LIST", 2)
    monkeypatch.setattr("zhicheng.review.selectors.BROAD_SEARCH_RECORDS", 2)
    for name in ("王小明", "王大海", "王芳"):
        chain.new_application(name)
    body = api.post("/queue/search", json={"q": "王", "tab": "all"}, user=chain.employer_user).json()
    assert body["counts"] is None and "未统计各栏数量" in body["search_note"]
    assert len(body["items"]) == 3


def test_decisions_over_json_follow_the_same_rules(chain):
    app = chain.new_application("胡小明")
    u = chain.employer_user
    detail = api.get(f"/applications/{app.pk}", user=u).json()
    assert (
        detail["can_decide"]
        and detail["needs_internal_publicity"]
        and detail["timeline"][1]["state"] == "current"
    )
    missing = api.post(
        f"/applications/{app.pk}/decision", json={"decision": "approve", "opinion": "同意"}, user=u
    )
    assert missing.status_code == 400 and "单位内部公示" in missing.json()["detail"]
    no_reason = api.post(
        f"/applications/{app.pk}/decision", json={"decision": "return", "opinion": " "}, user=u
    )
    assert no_reason.status_code == 400 and "必须填写原因" in no_reason.json()["detail"]
    stale = api.post(
        f"/applications/{app.pk}/decision",
        json={
            "decision": "approve",
            "opinion": "同意",
            "version": app.version - 1,
            "publicity": _publicity(),
        },
        user=u,
    )
    assert stale.status_code == 409 and "已被他人处理" in stale.json()["detail"]
    ok = api.post(
        f"/applications/{app.pk}/decision",
        json={
            "decision": "approve",
            "opinion": "同意推荐",
            "version": detail["version"],
            "publicity": _publicity(),
        },
        user=u,
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["current_org"] == "鹿城区人力资源和社会保障局" and ok.json()["status"] == Status.PENDING
    again = api.post(
        f"/applications/{app.pk}/decision", json={"decision": "reject", "opinion": "不符合"}, user=u
    )
    assert again.status_code == 409


def test_out_of_scope_and_non_reviewers_over_json(chain):
    app = chain.new_application("胡小明")
    stranger = staff("employer", EmployerFactory().organization)
    for path in (f"/applications/{app.pk}",):
        response = api.get(path, user=stranger)
        assert response.status_code == 404 and "胡小明" not in response.content.decode()
    response = api.post(
        f"/applications/{app.pk}/decision", json={"decision": "reject", "opinion": "x"}, user=stranger
    )
    assert response.status_code == 404
    applicant = UserFactory(real_name="路人甲")
    assert api.get("/queue", user=applicant).status_code == 403
    assert api.get(f"/applications/{app.pk}", user=app.applicant).status_code == 403
    assert "胡小明" not in str(api.get("/queue?tab=all", user=stranger).json())
    app.refresh_from_db()
    assert app.status == Status.PENDING
