"""The shared predicates (office of this plan, bureau of this plan, member of this organisation), their
queryset forms, the ``{% can %}`` template tag, and the selectors that fetch and authorise with them."""

import pytest
from django.http import Http404
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from tests.factories import CommitteeFactory, EmployerFactory, OrganizationFactory, PlanFactory, staff
from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import (
    bureau_scope,
    is_bureau_of,
    is_member_of,
    is_office_of,
    office_scope,
)
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory()


@pytest.fixture
def other_plan():
    return PlanFactory()


def office_of(plan):
    return staff(Role.COMMITTEE_OFFICE, plan.committee.organization)


def bureau_of(plan):
    return staff(Role.HR_BUREAU, plan.committee.hr_bureau)


def test_office_of_its_own_plan_only(plan, other_plan):
    office = office_of(plan)
    assert is_office_of(office, plan)
    assert not is_office_of(office, other_plan)


def test_bureau_of_the_plans_it_approves_only(plan, other_plan):
    bureau = bureau_of(plan)
    assert is_bureau_of(bureau, plan)
    assert not is_bureau_of(bureau, other_plan)
    assert not is_office_of(bureau, plan)


def test_the_role_matters_not_only_the_organisation(plan):
    """A user of the committee's organisation with another role (say an expert account attached to it)
    is not its office; the bureau's organisation is not the office either."""
    expert = staff(Role.EXPERT, plan.committee.organization)
    assert is_member_of(expert, plan.committee.organization)
    assert not is_office_of(expert, plan)
    assert not is_bureau_of(staff(Role.COMMITTEE_OFFICE, plan.committee.hr_bureau), plan)


def test_inactive_and_anonymous_users_are_nobody(plan):
    from django.contrib.auth.models import AnonymousUser

    office = office_of(plan)
    office.is_active = False
    assert not is_office_of(office, plan)
    assert not is_member_of(office, plan.committee.organization)
    assert not is_office_of(AnonymousUser(), plan)
    assert not is_member_of(AnonymousUser(), plan.committee.organization)


def test_member_of_takes_an_organisation_or_its_pk():
    employer = EmployerFactory()
    user = staff(Role.EMPLOYER, employer.organization)
    assert is_member_of(user, employer.organization)
    assert is_member_of(user, employer.pk)
    assert not is_member_of(user, OrganizationFactory())
    assert not is_member_of(
        User(role=Role.EMPLOYER), None
    )  # a staff row without one is refused by a constraint


def test_scopes_are_the_same_questions_as_filters(plan, other_plan):
    office, bureau = office_of(plan), bureau_of(plan)
    assert list(Plan.objects.filter(office_scope(office, ""))) == [plan]
    assert list(Plan.objects.filter(bureau_scope(bureau, ""))) == [plan]
    assert not Plan.objects.filter(office_scope(bureau, "")).exists()
    assert not Plan.objects.filter(bureau_scope(office, "")).exists()
    assert not Plan.objects.filter(office_scope(User(role=Role.COMMITTEE_OFFICE), "")).exists()
    applicant = staff(Role.APPLICANT)
    assert not Plan.objects.filter(office_scope(applicant, "")).exists()


def test_a_second_committee_under_the_same_bureau_is_its_plan_too(plan):
    sibling = PlanFactory(committee=CommitteeFactory(hr_bureau=plan.committee.hr_bureau))
    bureau = bureau_of(plan)
    assert is_bureau_of(bureau, sibling)
    assert set(Plan.objects.filter(bureau_scope(bureau, ""))) == {plan, sibling}


# --------------------------------------------------------------------------- the {% can %} tag


def render(text, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load permission_tags %}" + text).render(Context({"request": request, **context}))


def test_can_tag_asks_the_apps_predicate(plan, other_plan):
    office = office_of(plan)
    text = '{% can "review.manage_publicity" p as ok %}{% if ok %}yes{% else %}no{% endif %}'
    assert render(text, office, p=plan) == "yes"
    assert render(text, office, p=other_plan) == "no"
    assert render(text, bureau_of(plan), p=plan) == "no"


def test_can_tag_without_an_object(plan):
    department = staff(Role.DEPARTMENT, OrganizationFactory())
    text = '{% can "review.recommend" as ok %}{{ ok }}'
    assert render(text, department) == "True"
    assert render(text, office_of(plan)) == "False"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("recommend", "应用.动作"),
        ("nosuchapp.recommend", "没有 permissions 模块"),
        ("review.reviewable_applications", "can_reviewable_applications"),
        ("review.__class__", "应用.动作"),
    ],
)
def test_can_tag_refuses_anything_but_a_can_predicate(plan, name, message):
    with pytest.raises(TemplateSyntaxError, match=message):
        render(f'{{% can "{name}" as ok %}}', office_of(plan))


def test_the_review_queue_shows_each_role_its_own_links(client, settings, plan):
    """The queue's role-dependent parts now come from predicates: the department's 审核推荐, the
    office's 收到的推荐名单 and 资格审查公示, the employer's 公示 reminder without an employer column."""
    cases = [
        (staff(Role.DEPARTMENT, OrganizationFactory()), ["审核推荐"], ["收到的推荐名单", "公示管理"]),
        (
            office_of(plan),
            ["收到的推荐名单", "公示管理", "工作单位"],
            ["审核推荐</a>", "公示不少于 5 个工作日"],
        ),
        (
            staff(Role.EMPLOYER, EmployerFactory().organization),
            ["公示不少于 5 个工作日"],
            ["收到的推荐名单", "公示管理", '<th scope="col">工作单位</th>'],
        ),
    ]
    for user, present, absent in cases:
        client.force_login(user)
        settings.STAFF_OTP_REQUIRED = False
        response = client.get("/review/")
        assert response.status_code == 200, (user.role, response.status_code)
        html = response.content.decode()
        for text in present:
            assert text in html, (user.role, text)
        for text in absent:
            assert text not in html, (user.role, text)


# --------------------------------------------------------------------------- fetch-and-authorise selectors


def test_evaluation_selectors_answer_404_outside_the_office(plan, other_plan):
    from django.utils import timezone

    from zhicheng.evaluation import selectors
    from zhicheng.evaluation.models import Panel

    panel = Panel.objects.create(
        plan=plan, name="第一组", created_at=timezone.now(), created_by=office_of(plan)
    )
    assert selectors.get_panel_for_office(office_of(plan), panel.pk) == panel
    for outsider in (office_of(other_plan), bureau_of(plan), staff(Role.APPLICANT)):
        with pytest.raises(Http404):
            selectors.get_panel_for_office(outsider, panel.pk)
    with pytest.raises(Http404):
        selectors.get_panel_for_office(office_of(plan), panel.pk + 1)


def test_the_employer_letter_is_for_the_admin_and_the_employers_own_hr(admin_user):
    from zhicheng.organizations.permissions import can_view_employer_letter

    employer, other = EmployerFactory(), EmployerFactory()
    assert can_view_employer_letter(admin_user, employer)
    assert can_view_employer_letter(staff(Role.EMPLOYER, employer.organization), employer)
    assert not can_view_employer_letter(staff(Role.EMPLOYER, other.organization), employer)
    assert not can_view_employer_letter(staff(Role.DEPARTMENT, OrganizationFactory()), employer)
    assert not can_view_employer_letter(staff(Role.APPLICANT), employer)
