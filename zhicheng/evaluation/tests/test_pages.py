"""Every page of each role renders in Chinese, is scoped to its role, and lists without N+1 queries."""

import pytest
from django.utils import timezone

from tests.factories import PlanFactory, staff
from zhicheng.evaluation.models import AssessmentSitting, Meeting

ENGLISH_LEAKS = ("This field", "Enter a valid", "None</", "Constraint")


def _ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    assert '<html lang="zh-CN">' in body
    for leak in ENGLISH_LEAKS:
        assert leak not in body, (url, leak)
    return body


def test_every_office_page_renders(world_with_assessment, as_user):
    world = world_with_assessment
    case = world.pay(world.case())
    world.make_panel()
    client = as_user(world.office)
    plan = world.plan.pk
    sitting = AssessmentSitting.objects.get(case=case)
    assert client.get("/evaluation/")["Location"] == "/evaluation/office/"
    for url in [
        "/evaluation/office/",
        f"/evaluation/office/plans/{plan}/",
        f"/evaluation/office/plans/{plan}/?status=in_assessment",
        f"/evaluation/office/plans/{plan}/rules/",
        f"/evaluation/office/plans/{plan}/assessments/",
        f"/evaluation/office/plans/{plan}/panels/",
        f"/evaluation/office/plans/{plan}/publicity/",
        f"/evaluation/office/cases/{case.pk}/",
        f"/evaluation/office/sittings/{sitting.pk}/scores/",
        "/evaluation/office/experts/",
        f"/evaluation/office/experts/{world.experts[0].pk}/",
        f"/evaluation/office/panels/{world.panel.pk}/",
        "/certificates/office/paper/",
        "/certificates/office/integrity/",
    ]:
        _ok(client, url)


def test_offices_of_other_committees_get_404(world, as_user):
    case = world.case()
    world.make_panel()
    stranger = as_user(staff("committee_office", PlanFactory().committee.organization))
    for url in [
        f"/evaluation/office/plans/{world.plan.pk}/",
        f"/evaluation/office/cases/{case.pk}/",
        f"/evaluation/office/panels/{world.panel.pk}/",
        f"/evaluation/office/experts/{world.experts[0].pk}/",
    ]:
        assert stranger.get(url).status_code == 404, url


def test_roles_cannot_open_each_others_pages(world, as_user):
    case = world.case()
    applicant = as_user(case.application.applicant)
    assert applicant.get("/evaluation/office/").status_code == 403
    assert applicant.get("/evaluation/expert/").status_code == 403
    assert applicant.get("/evaluation/bureau/").status_code == 403
    expert = as_user(world.experts[0].user)
    assert expert.get(f"/evaluation/cases/{case.pk}/").status_code == 403
    assert expert.get("/evaluation/office/experts/").status_code == 403
    other = as_user(world.case().application.applicant)
    assert other.get(f"/evaluation/cases/{case.pk}/").status_code == 404


def test_applicant_expert_and_bureau_pages_render(world, as_user):
    case = world.pay(world.case())
    world.assign(case)
    Meeting.objects.create(
        panel=world.panel,
        held_on=timezone.localdate(),
        place="会议室",
        opened_by=world.office,
        opened_at=timezone.now(),
    )
    applicant = as_user(case.application.applicant)
    assert "我的评审" in _ok(applicant, "/evaluation/my/")
    assert "专家评审中" in _ok(applicant, f"/evaluation/cases/{case.pk}/")
    _ok(applicant, "/certificates/")
    expert = as_user(world.experts[0].user)
    assert case.code in _ok(expert, "/evaluation/expert/")
    _ok(expert, f"/evaluation/expert/cases/{case.pk}/")
    _ok(expert, f"/evaluation/expert/meetings/{Meeting.objects.get().pk}/")
    bureau = as_user(world.bureau)
    _ok(bureau, "/evaluation/bureau/")
    _ok(bureau, f"/evaluation/bureau/plans/{world.plan.pk}/")
    _ok(as_user(world.office), f"/evaluation/office/meetings/{Meeting.objects.get().pk}/")


@pytest.mark.parametrize("n", [3, 12])
def test_the_office_case_list_does_not_grow_queries_with_cases(
    world, as_user, django_assert_max_num_queries, n
):
    for _ in range(n):
        world.pay(world.case())
    client = as_user(world.office)
    client.get(f"/evaluation/office/plans/{world.plan.pk}/")  # first visit opens cases and warms caches
    with django_assert_max_num_queries(16):
        _ok(client, f"/evaluation/office/plans/{world.plan.pk}/")


@pytest.mark.parametrize("n", [2, 10])
def test_the_expert_worklist_does_not_grow_queries_with_cases(
    world, as_user, django_assert_max_num_queries, n
):
    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    client = as_user(world.experts[0].user)
    with django_assert_max_num_queries(14):
        _ok(client, "/evaluation/expert/")


def test_the_public_results_page_needs_no_login(client, world):
    moved = client.get("/evaluation/publicity/")
    assert moved.status_code == 302 and moved["Location"] == "/publicity/?kind=results"
    body = _ok(client, moved["Location"])
    assert "目前没有正在公示的名单" in body


@pytest.mark.parametrize("n", [2, 10])
def test_the_panel_and_meeting_pages_do_not_grow_queries_with_cases(
    world, as_user, django_assert_max_num_queries, n
):
    from zhicheng.evaluation.services.votes import attendance_record, meeting_open

    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    meeting = meeting_open(
        panel=world.panel, actor=world.office, held_on=timezone.localdate(), place="会议室"
    )
    attendance_record(meeting=meeting, actor=world.office, present=world.experts)
    client = as_user(world.office)
    with django_assert_max_num_queries(20):
        _ok(client, f"/evaluation/office/panels/{world.panel.pk}/")
    with django_assert_max_num_queries(17):
        _ok(client, f"/evaluation/office/meetings/{meeting.pk}/")


def test_office_and_bureau_pages_never_show_a_full_id_or_phone_number(world, as_user):
    """SECURITY.md 13: the office and the bureau see names, never the full ID number or phone."""
    case = world.pay(world.case())
    world.assign(case)
    world.vote([case])
    world.close_publicity(world.publicise(case))
    applicant = case.application.applicant
    office, bureau = as_user(world.office), as_user(world.bureau)
    pages = [
        (office, f"/evaluation/office/plans/{world.plan.pk}/"),
        (office, f"/evaluation/office/cases/{case.pk}/"),
        (office, f"/evaluation/office/panels/{world.panel.pk}/"),
        (office, f"/evaluation/office/plans/{world.plan.pk}/publicity/"),
        (office, "/certificates/office/integrity/"),
        (bureau, "/evaluation/bureau/"),
        (bureau, f"/evaluation/bureau/plans/{world.plan.pk}/"),
    ]
    for client, url in pages:
        body = _ok(client, url)
        assert applicant.id_number not in body and applicant.phone not in body, url
    assert applicant.masked_id_number in _ok(office, f"/evaluation/office/cases/{case.pk}/")
