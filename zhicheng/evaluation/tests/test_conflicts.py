"""Conflicts of interest: found automatically, declared by experts, dismissed with a reason; a conflicted
expert never sees the application and does not count in its vote."""

import pytest

from tests.factories import EmployerFactory, UserFactory
from zhicheng.core.models import AuditEvent
from zhicheng.evaluation.conflicts import Affiliation, ApplicantFacts, ExpertFacts, Relation, detect
from zhicheng.evaluation.models import ConflictOfInterest, ExpertAffiliation, ExpertRelation
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.experts import conflict_declare, conflict_dismiss, expert_profile_save
from zhicheng.evaluation.services.votes import tally_counts

from .helpers import expert

APPLICANT = ApplicantFacts(
    name="胡小明", id_index="idx-hu", employer_id=7, employer_name="温州测试机械有限公司"
)


@pytest.mark.parametrize(
    ("facts", "sources"),
    [
        (ExpertFacts(employer_id=7, organization_name="温州测试机械有限公司"), ["same_employer"]),
        (ExpertFacts(employer_id=None, organization_name="温州测试机械有限公司 "), ["same_employer"]),
        (ExpertFacts(employer_id=8, organization_name="浙江大学"), []),
        # Worked at the applicant's employer until two years ago: within the 3-year window.
        (
            ExpertFacts(8, "浙江大学", affiliations=(Affiliation(7, "温州测试机械有限公司", 2015, 2024),)),
            ["past_employer"],
        ),
        # Left four years ago: outside the window.
        (ExpertFacts(8, "浙江大学", affiliations=(Affiliation(7, "温州测试机械有限公司", 2010, 2022),)), []),
        # Still there (no end year).
        (
            ExpertFacts(8, "浙江大学", affiliations=(Affiliation(None, "温州测试机械有限公司", 2019, None),)),
            ["past_employer"],
        ),
        (ExpertFacts(8, "浙江大学", relations=(Relation("配偶", "李某", "idx-hu"),)), ["relation"]),
        # Same name, no ID number listed: flagged as a possible false positive.
        (ExpertFacts(8, "浙江大学", relations=(Relation("师生关系", "胡小明", ""),)), ["relation"]),
        (ExpertFacts(8, "浙江大学", relations=(Relation("师生关系", "胡小明", "idx-other"),)), []),
    ],
)
def test_conflict_grounds_are_found_from_plain_facts(facts, sources):
    found = detect(APPLICANT, facts, years=3, this_year=2026)
    assert [s for s, _ in found] == sources


def test_a_conflicted_expert_gets_404_and_the_case_is_absent_from_their_list_and_api(world, as_user):
    employer = EmployerFactory()
    colleague = expert(world.plan, name="同单位专家", employer=employer)
    world.experts.append(colleague)
    mine = world.pay(world.case(employer=employer))
    other = world.pay(world.case())
    world.assign(mine, other)
    conflict = ConflictOfInterest.objects.get(case=mine, expert=colleague)
    assert conflict.source == "same_employer" and conflict.status == "active"
    client = as_user(colleague.user)
    assert client.get(f"/evaluation/expert/cases/{mine.pk}/").status_code == 404
    assert client.get(f"/evaluation/api/expert/cases/{mine.pk}/").status_code == 404
    assert client.get(f"/evaluation/expert/cases/{other.pk}/").status_code == 200
    listing = client.get("/evaluation/expert/").content.decode()
    assert mine.code not in listing and other.code in listing
    ids = [r["id"] for r in client.get("/evaluation/api/expert/cases/").json()["results"]]
    assert ids == [other.pk]
    assert client.post(f"/evaluation/expert/cases/{mine.pk}/", {"submit": "1"}).status_code == 404
    denied = AuditEvent.objects.filter(event="expert_case_denied", actor=colleague.user)
    assert denied.count() == 3 and denied.first().data["case"] == mine.pk
    # An expert of the same panel without a conflict sees it.
    assert as_user(world.experts[0].user).get(f"/evaluation/expert/cases/{mine.pk}/").status_code == 200


def test_a_conflict_found_from_history_added_later_hides_the_case_at_once(world, as_user):
    employer = EmployerFactory()
    case = world.pay(world.case(employer=employer))
    world.assign(case)
    e = world.experts[1]
    client = as_user(e.user)
    assert client.get(f"/evaluation/expert/cases/{case.pk}/").status_code == 200
    expert_profile_save(
        actor=world.office,
        committee=world.plan.committee,
        user=e.user,
        profile=e,
        specialty=e.specialty,
        level=e.level,
        title=e.title,
        organization_name=e.organization_name,
        affiliations=[(employer.organization.name, 2018, None)],
    )
    assert ConflictOfInterest.objects.filter(case=case, expert=e, source="past_employer").exists()
    assert client.get(f"/evaluation/expert/cases/{case.pk}/").status_code == 404


def test_an_expert_declares_a_conflict_and_no_longer_sees_the_case(world, as_user):
    case = world.pay(world.case())
    world.assign(case)
    e = world.experts[2]
    client = as_user(e.user)
    response = client.post(f"/evaluation/expert/cases/{case.pk}/conflict/", {"reason": "申报人是我的学生"})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.get(case=case, expert=e).source == "declared"
    assert client.get(f"/evaluation/expert/cases/{case.pk}/").status_code == 404
    with pytest.raises(ServiceError, match="请说明"):
        conflict_declare(case=case, expert=world.experts[3], reason=" ")


def test_a_false_positive_is_dismissed_with_a_logged_reason_and_the_expert_sees_the_case(world, as_user):
    namesake = UserFactory(real_name="胡小明")
    e = world.experts[3]
    ExpertRelation.objects.create(expert=e, kind="teacher", person_name="胡小明")  # no ID number listed
    case = world.pay(world.case(applicant=namesake))
    world.assign(case)
    conflict = ConflictOfInterest.objects.get(case=case, expert=e)
    assert "同名" in conflict.detail
    client = as_user(e.user)
    assert client.get(f"/evaluation/expert/cases/{case.pk}/").status_code == 404
    with pytest.raises(ServiceError, match="核实说明"):
        conflict_dismiss(conflict=conflict, actor=world.office, reason="同名")
    office = as_user(world.office)
    office.post(
        f"/evaluation/office/conflicts/{conflict.pk}/dismiss/",
        {"reason": "经核实，专家登记的学生为另一同名人员"},
    )
    conflict.refresh_from_db()
    assert conflict.status == "dismissed" and conflict.dismissed_by == world.office
    event = AuditEvent.objects.get(event="conflict_dismissed")
    assert event.data["reason"] == "经核实，专家登记的学生为另一同名人员"
    assert as_user(e.user).get(f"/evaluation/expert/cases/{case.pk}/").status_code == 200
    # Detected again later, a dismissed ground is not raised again.
    from zhicheng.evaluation.services.experts import conflicts_refresh

    assert conflicts_refresh(cases=[case], experts=[e]) == []


def test_a_declared_conflict_cannot_be_dismissed(world):
    case = world.pay(world.case())
    world.assign(case)
    conflict = conflict_declare(case=case, expert=world.experts[0], reason="亲属关系")
    with pytest.raises(ServiceError, match="不能撤销"):
        conflict_dismiss(conflict=conflict, actor=world.office, reason="办公室认为无需回避")


def test_a_conflicted_expert_is_not_a_member_of_that_cases_vote(world):
    employer = EmployerFactory()
    world.experts[4].employer = employer
    world.experts[4].save()
    case = world.pay(world.case(employer=employer))
    world.assign(case)
    from django.utils import timezone

    from zhicheng.evaluation.services.votes import attendance_record, meeting_open, vote_cast

    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts)
    with pytest.raises(ServiceError, match="不在您的表决范围内"):
        vote_cast(meeting=meeting, case=case, user=world.experts[4].user, choice="yes")
    counts = tally_counts(meeting=meeting, case=case)
    assert counts["members"] == 4 and counts["present"] == 4


def test_expert_affiliation_years_are_checked(world):
    from zhicheng.evaluation.forms import ExpertForm

    form = ExpertForm(
        {
            "phone": "13900000001",
            "specialty": "机械",
            "level": "associate_senior",
            "title": "高级工程师",
            "organization_name": "浙江大学",
            "affiliations": "温州某厂｜2020｜2018",
            "relations": "朋友｜张三",
        }
    )
    assert not form.is_valid()
    assert "结束年份不能早于起始年份" in form.errors["affiliations"][0]
    assert "关系应为配偶、亲属、师生、合作或其他" in form.errors["relations"][0]
    assert not ExpertAffiliation.objects.exists()
