"""The applicant's timeline: where the file is, who holds it, its deadline, every opinion so far."""

import pytest
from django.template.loader import render_to_string

from zhicheng.applications import workflow
from zhicheng.applications.timeline import steps_for
from zhicheng.review.selectors import timeline_for
from zhicheng.review.services import application_approve

from .conftest import finished_publicity

pytestmark = pytest.mark.django_db


def _states(steps):
    return [(s.title, s.state) for s in steps]


def test_timeline_follows_the_file_through_a_return_and_resubmission(chain):
    chain.plan.resubmit_to = "returning_stage"
    chain.plan.save()
    app = chain.new_application("胡小明")
    steps = timeline_for(app)
    assert _states(steps) == [
        ("个人申报", "done"),
        ("用人单位审核", "current"),
        ("县级主管部门审核", "upcoming"),
        ("市级主管部门审核", "upcoming"),
        ("评委会办公室资格审查", "upcoming"),
        ("资格审查公示", "upcoming"),
    ]
    current = steps[1]
    assert current.is_current and current.organization == "温州测试机械有限公司"
    assert current.deadline == chain.plan.employer_deadline and current.time_left.working_days > 0
    assert [s.organization for s in steps[2:5]] == [
        "鹿城区人力资源和社会保障局",
        "温州市人力资源和社会保障局",
        chain.plan.committee.organization.name,
    ]

    application_approve(
        application=app, actor=chain.employer_user, opinion="同意推荐", publicity=finished_publicity()
    )
    workflow.transition(
        application=app, action="return", actor=chain.county_user, opinion="请补充继续教育学时证明"
    )
    app.refresh_from_db()
    steps = timeline_for(app)
    assert _states(steps)[:3] == [
        ("个人申报", "returned"),
        ("用人单位审核", "done"),
        ("县级主管部门审核", "returned"),
    ]
    employer_events = steps[1].events
    assert employer_events[0].opinion == "同意推荐" and employer_events[0].publicity.working_days == 5
    assert steps[2].events[0].opinion == "请补充继续教育学时证明"
    assert steps[2].events[0].organization == "鹿城区人力资源和社会保障局"

    workflow.transition(application=app, action="resubmit", actor=app.applicant)
    app.refresh_from_db()
    steps = timeline_for(app)
    assert _states(steps)[:3] == [
        ("个人申报", "done"),
        ("用人单位审核", "done"),
        ("县级主管部门审核", "current"),
    ]
    assert [e.label for e in steps[0].events] == [
        "提交申报，送温州测试机械有限公司审核",
        "修改后重新提交，送鹿城区人力资源和社会保障局审核",
    ]


def test_timeline_of_a_rejected_and_of_a_qualified_file(chain):
    rejected = chain.new_application("王大海")
    workflow.transition(
        application=rejected, action="reject", actor=chain.employer_user, opinion="不具备申报资格"
    )
    rejected.refresh_from_db()
    assert _states(timeline_for(rejected))[1:3] == [
        ("用人单位审核", "rejected"),
        ("县级主管部门审核", "skipped"),
    ]

    app = chain.new_application("胡小明")
    for holder in (chain.employer_user, chain.county_user, chain.city_user, chain.office_user):
        workflow.transition(application=app, action="approve", actor=holder, opinion="同意")
    app.refresh_from_db()
    steps = timeline_for(app)
    assert all(state == "done" for _, state in _states(steps)[:5])
    assert steps[5].state == "current" and steps[5].state_label == "资格审查已通过，等待公示"


def test_timeline_template_renders_in_chinese_with_the_opinions(chain):
    app = chain.new_application("胡小明")
    workflow.transition(application=app, action="return", actor=chain.employer_user, opinion="照片不符合要求")
    app.refresh_from_db()
    html = render_to_string("applications/_timeline.html", {"timeline": steps_for(app)})
    assert (
        "用人单位审核" in html
        and "已退回修改" in html
        and "照片不符合要求" in html
        and 'aria-current="step"' in html
    )


def test_template_tag_renders_the_same_timeline(chain):
    from django.template import Context, Template

    app = chain.new_application("胡小明")
    html = Template("{% load review_tags %}{% review_timeline application %}").render(
        Context({"application": app})
    )
    assert "温州测试机械有限公司" in html and "待审核" in html


def test_timeline_queries_do_not_grow_with_history(chain, django_assert_max_num_queries):
    short = chain.new_application("胡小明")
    long = chain.new_application("王大海")
    for _ in range(3):
        workflow.transition(application=long, action="return", actor=chain.employer_user, opinion="请补充")
        workflow.transition(application=long, action="resubmit", actor=long.applicant)
    with django_assert_max_num_queries(8) as few:
        timeline_for(short)
    with django_assert_max_num_queries(8) as many:
        steps = timeline_for(long)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(steps[0].events) == 4 and len(steps[1].events) == 3


def test_the_reviewers_detail_page_shows_the_one_timeline_draft_to_certificate(chain, as_user):
    app = chain.new_application("胡小明")
    page = as_user(chain.employer_user).get(f"/review/applications/{app.pk}/").content.decode()
    progress = page.split('aria-label="办理进度"')[1].split("</ol>")[0]
    assert "用人单位审核" in progress and "资格审查公示" in progress
    assert "专家评审" in progress and "电子证书" in progress  # the evaluation's steps, from the same history
    assert "需要您办理" not in progress  # the applicant's to-do is not the reviewer's
