"""资格自测 through the real page: approved archive → profile → engine → each criterion with its clause."""

import pytest

from zhicheng.eligibility.checks import check_for_user

pytestmark = pytest.mark.django_db


def test_self_check_shows_every_criterion_with_its_clause(client, login, applicant, archive, plan):
    login(applicant)
    response = client.get(
        "/eligibility/self-check/", {"plan": plan.pk, "level": "intermediate", "declaration": "normal"}
    )
    body = response.content.decode()
    direct = check_for_user(applicant, plan, level="intermediate", declaration="normal")
    assert direct.result is not None, direct.error
    assert direct.outcome_label in body
    for criterion in direct.result["criteria"]:
        assert criterion["clause"] in body
    # The archive has an assistant title since 2016 and a bachelor's degree: the years are met.
    education = next(c for c in direct.result["criteria"] if c["id"].startswith("education"))
    assert education["result"] == "met", education
    # Only 2023's continuing education is on record: the yearly hours are not met, and the page says so.
    assert direct.outcome == "ineligible"
    assert "不符合" in body


def test_self_check_uses_only_approved_entries(applicant, archive, plan, employer_user):
    from zhicheng.archive import services

    before = check_for_user(applicant, plan, level="intermediate", declaration="normal")
    pending = services.entry_create(
        owner=applicant,
        kind="continuing_education",
        data={"year": 2024, "category": "professional", "hours": 90, "route": "registry"},
    )
    after = check_for_user(applicant, plan, level="intermediate", declaration="normal")
    assert after.profile["continuing_education"] == before.profile["continuing_education"]
    services.entry_version_approve(version=pending.latest_version_id, actor=employer_user)
    approved = check_for_user(applicant, plan, level="intermediate", declaration="normal")
    assert len(approved.profile["continuing_education"]) == len(before.profile["continuing_education"]) + 1


def test_plan_without_rule_set_says_reviewers_check_by_hand(applicant, plan):
    plan.ruleset_id = ""
    plan.save()
    assert "人工核对" in check_for_user(applicant, plan, level="intermediate", declaration="normal").error


def test_only_applicants_use_the_self_check(client, login, employer_user):
    login(employer_user)
    assert client.get("/eligibility/self-check/").status_code == 403


def test_an_integrity_record_bans_the_person_with_its_clause(applicant, archive, plan, employer_user):
    """诚信档案: fraud recorded by a committee office refuses the next application, citing the clause."""
    from django.utils import timezone

    from zhicheng.certificates.models import IntegrityRecord

    today = timezone.localdate()
    IntegrityRecord.objects.create(
        person=applicant, organization=plan.committee.organization, kind="forged", description="伪造学历证书，经核实属实。",
        decided_on=today.replace(year=today.year - 1), ban_from_year=today.year, ban_until_year=today.year + 2,
        clause="浙机联〔2020〕022号 五", recorded_by=employer_user, recorded_at=timezone.now(),
    )  # fmt: skip
    check = check_for_user(applicant, plan, level="intermediate", declaration="normal")
    assert check.result is not None, check.error
    assert check.profile["sanctions"][0]["kind"] == "fraud"
    # The wenzhou notice has no ban clause of its own: the record's clause is cited instead.
    banned = [c for c in check.result["criteria"] if c["id"] == "integrity_ban"]
    assert check.outcome == "ineligible" and banned[0]["result"] == "not_met"
    assert banned[0]["clause"] == "浙机联〔2020〕022号 五" and "不得申报" in banned[0]["detail"]
    # A rule set with its own ban (wenling) cites its own clause, once.
    plan.ruleset_id = "wenling-mechatronics-2022"
    own = check_for_user(applicant, plan, level="intermediate", declaration="normal")
    assert any(c["id"] == "sanction_fraud" and c["result"] == "not_met" for c in own.result["criteria"])
    assert not any(c["id"] == "integrity_ban" for c in own.result["criteria"])
