"""Online scoring on the plan's form, progress per expert, reminders before the due date."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhicheng.core.workdays import calendar
from zhicheng.evaluation.models import ExpertScore, ScoreReminder
from zhicheng.evaluation.selectors import panel_progress
from zhicheng.evaluation.services import ServiceError
from zhicheng.evaluation.services.scoring import score_save, scoring_reminders_send
from zhicheng.notifications.models import Message


def _assigned(world, n=2):
    cases = [world.pay(world.case()) for _ in range(n)]
    world.assign(*cases)
    return cases


def _full(world):
    return {c["key"]: c["max"] for c in world.rules.scoring_form}


def test_an_expert_saves_a_draft_then_submits_and_the_total_is_computed(world):
    (case,) = _assigned(world, 1)
    e = world.experts[0]
    draft = score_save(case=case, user=e.user, marks={"theory": "15"}, comment="", submit=False)
    assert draft.status == "draft" and draft.total is None and draft.marks == {"theory": "15"}
    marks = {"theory": "15", "experience": "24", "achievements": "28", "papers": "9"}
    done = score_save(case=case, user=e.user, marks=marks, comment="业绩扎实，论文一般。", submit=True)
    assert done.status == "submitted" and str(done.total) == "76.00"
    with pytest.raises(ServiceError, match="评分已提交，不能修改"):
        score_save(case=case, user=e.user, marks=marks, comment="改", submit=True)


def test_submitting_needs_every_item_in_range_and_a_comment(world):
    (case,) = _assigned(world, 1)
    user = world.experts[0].user
    with pytest.raises(ServiceError) as exc:
        score_save(case=case, user=user, marks={"theory": "25"}, comment="", submit=True)
    text = str(exc.value)
    assert "专业理论知识：分数必须在0至20之间" in text
    assert "专业技术工作经历和能力：必须填写分数" in text
    assert "评审意见：提交评分时必须填写评审意见" in text
    assert not ExpertScore.objects.exists()


def test_an_expert_outside_the_panel_cannot_score(world):
    from .helpers import expert

    (case,) = _assigned(world, 1)
    outsider = expert(world.plan, name="组外专家")
    with pytest.raises(ServiceError, match="不在您的评审任务中"):
        score_save(case=case, user=outsider.user, marks=_full(world), comment="好", submit=True)


def test_the_office_sees_progress_per_expert(world, as_user):
    a, b = _assigned(world, 2)
    score_save(case=a, user=world.experts[0].user, marks=_full(world), comment="好", submit=True)
    score_save(case=b, user=world.experts[0].user, marks={}, comment="", submit=False)
    progress = {p.member.expert_id: p for p in panel_progress(world.panel)}
    first = progress[world.experts[0].pk]
    assert (first.assigned, first.submitted, first.drafts, first.pending) == (2, 1, 1, 1)
    assert progress[world.experts[1].pk].submitted == 0
    page = as_user(world.office).get(f"/evaluation/office/panels/{world.panel.pk}/").content.decode()
    assert "评分进度" in page and world.experts[0].user.real_name in page


def test_reminders_go_before_the_due_date_once_and_only_to_those_behind(world):
    a, b = _assigned(world, 2)
    today = timezone.localdate()
    due = calendar().add(today, 1)
    world.rules.scoring_due = due
    world.rules.save()
    for case in (a, b):
        score_save(case=case, user=world.experts[0].user, marks=_full(world), comment="好", submit=True)
    early = calendar().add(today, -10)
    assert scoring_reminders_send(today=early) == 0  # too early
    sent = scoring_reminders_send(today=today)
    assert sent == len(world.experts) - 1
    assert scoring_reminders_send(today=today) == 0  # once per due date
    assert not ScoreReminder.objects.filter(expert=world.experts[0]).exists()
    sms = Message.objects.filter(recipient=world.experts[1].user, channel="sms", subject="评分即将截止").get()
    assert "2份" in sms.body and "胡" not in sms.body
    assert scoring_reminders_send(today=due + timedelta(days=1)) == 0  # past due: the office takes over


def test_the_periodic_command_runs_every_job_and_is_repeatable(world, capsys):
    case = world.case()
    call_command("evaluation_jobs", "--today", (case.fee_deadline + timedelta(days=1)).isoformat())
    out = capsys.readouterr().out
    assert "逾期未缴费 1 件" in out
    call_command(
        "evaluation_jobs", "--job", "expire", "--today", (case.fee_deadline + timedelta(days=1)).isoformat()
    )
    assert "逾期未缴费 0 件" in capsys.readouterr().out
