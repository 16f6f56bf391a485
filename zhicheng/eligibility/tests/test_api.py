"""POST /api/v1/eligibility/evaluate and the rule-set pages' JSON."""

import pytest
from django.conf import settings

if not settings.configured:  # run with -p no:django: only the pure tests apply
    pytest.skip("needs Django settings", allow_module_level=True)

from zhicheng.eligibility import evaluate  # noqa: E402

from .helpers import case  # noqa: E402

URL = "/api/v1/eligibility/evaluate"


def post(client, body):
    return client.post(URL, body, content_type="application/json")


@pytest.mark.django_db
def test_evaluation_needs_login(client):
    data = case("wenling-engineer-normal-ok")
    assert post(client, {"ruleset": data["ruleset"], "profile": data["profile"]}).status_code == 401


def test_logged_in_user_gets_the_engine_result(client, login, applicant):
    login(applicant)
    data = case("senior-short-years-low-score")
    response = post(client, {"ruleset": data["ruleset"], "profile": data["profile"]})
    assert response.status_code == 200
    assert response.json() == evaluate(data["ruleset"], data["profile"])


def test_invalid_profile_is_422_with_the_field_named(client, login, applicant):
    login(applicant)
    data = case("wenling-engineer-normal-ok")
    data["profile"]["education"][0]["level"] = "phd"
    response = post(client, {"ruleset": data["ruleset"], "profile": data["profile"]})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "profile.education[0].level"
    assert "取值必须是" in errors[0]["message"]


def test_unknown_ruleset_is_404_in_chinese(client, login, applicant):
    login(applicant)
    response = post(client, {"ruleset": "nowhere-2030", "profile": case("senior-normal-ok")["profile"]})
    assert response.status_code == 404
    assert "未找到规则集" in response.json()["detail"]


def test_rulesets_are_listed_and_described(client, login, applicant):
    login(applicant)
    listed = client.get("/api/v1/eligibility/rulesets").json()
    assert "wenling-mechatronics-2022" in [r["id"] for r in listed]
    described = client.get("/api/v1/eligibility/rulesets/wenling-mechatronics-2022").json()
    assert described["levels"][1]["level"] == "intermediate"
    assert client.get("/api/v1/eligibility/rulesets/nowhere").status_code == 404
