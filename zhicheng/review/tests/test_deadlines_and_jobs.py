"""Reminders before stage deadlines (once per application, stage and deadline) and the periodic-job runners."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhicheng.applications import workflow
from zhicheng.core.workdays import calendar
from zhicheng.notifications.models import Message
from zhicheng.review import jobs, services
from zhicheng.review.models import DeadlineReminder, JobRun, Publicity

pytestmark = pytest.mark.django_db


def _reminders(user):
    return Message.objects.filter(recipient=user, subject="职称申报审核即将截止", channel="inapp")


def _deadline_in(chain, working_days):
    today = timezone.localdate()
    chain.plan.employer_deadline = calendar().add(today, working_days)
    chain.plan.save()
    return chain.plan.employer_deadline


def test_reviewers_are_reminded_once_per_application_stage_and_deadline(chain, settings):
    settings.REVIEW_REMINDER_WORKING_DAYS = 2
    _deadline_in(chain, 2)
    chain.new_application("甲")
    chain.new_application("乙")
    assert services.send_deadline_reminders() == 2
    messages = _reminders(chain.employer_user)
    assert messages.count() == 1  # one message per organisation, not per file
    assert "尚有 2 件申报待审核" in messages.get().body
    sms = (
        Message.objects.filter(recipient=chain.employer_user, channel="sms", subject="职称申报审核即将截止")
        .get()
        .body
    )
    assert sms.startswith("【12333】") and "2件职称申报待审核" in sms
    assert services.send_deadline_reminders() == 0  # idempotent
    assert _reminders(chain.employer_user).count() == 1
    chain.new_application("丙")
    assert services.send_deadline_reminders() == 1
    assert "尚有 1 件申报待审核" in _reminders(chain.employer_user).latest("id").body
    assert DeadlineReminder.objects.count() == 3


def test_no_reminder_while_the_deadline_is_further_away_than_configured(chain, settings):
    settings.REVIEW_REMINDER_WORKING_DAYS = 2
    _deadline_in(chain, 3)
    chain.new_application("甲")
    assert services.send_deadline_reminders() == 0
    settings.REVIEW_REMINDER_WORKING_DAYS = 3
    assert services.send_deadline_reminders() == 1


def test_a_moved_deadline_is_a_new_deadline_to_remind_about(chain, settings):
    settings.REVIEW_REMINDER_WORKING_DAYS = 2
    _deadline_in(chain, 1)
    chain.new_application("甲")
    assert services.send_deadline_reminders() == 1
    _deadline_in(chain, 2)
    assert services.send_deadline_reminders() == 1


def test_past_deadlines_and_decided_files_are_not_reminded(chain, settings):
    settings.REVIEW_REMINDER_WORKING_DAYS = 2
    chain.plan.employer_deadline = timezone.localdate() - timedelta(days=1)
    chain.plan.save()
    chain.new_application("甲")
    assert services.send_deadline_reminders() == 0
    _deadline_in(chain, 1)
    app = chain.new_application("乙")
    workflow.transition(application=app, action="return", actor=chain.employer_user, opinion="请补充")
    assert services.send_deadline_reminders() == 1  # 甲 only: 乙 is back with the applicant


def test_reminders_reach_the_department_that_holds_the_file(chain, settings):
    settings.REVIEW_REMINDER_WORKING_DAYS = 2
    chain.plan.department_deadline = calendar().add(timezone.localdate(), 1)
    chain.plan.save()
    app = chain.new_application("甲")
    workflow.transition(application=app, action="approve", actor=chain.employer_user, opinion="同意")
    assert services.send_deadline_reminders() == 1
    assert _reminders(chain.county_user).count() == 1 and _reminders(chain.employer_user).count() == 0


def test_job_runner_runs_each_job_once_per_interval(chain, settings):
    settings.REVIEW_REMINDER_WORKING_DAYS = 2
    _deadline_in(chain, 1)
    chain.new_application("甲")
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out)
    assert "审核截止前提醒：处理 1 项" in out.getvalue()
    assert JobRun.objects.get(name="deadline_reminders").last_ok
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out)
    assert "审核截止前提醒" not in out.getvalue().split("\n", 1)[1]  # not due again within the hour
    assert jobs.run_due(force=True) == [
        "审核截止前提醒：处理 0 项",
        "公示期满提醒：处理 0 项",
        "资格审查通过后开通缴费：处理 0 项",
        "逾期未缴费处理：处理 0 项",
        "专家评分截止提醒：处理 0 项",
        "补发未送出与待重试的消息：处理 0 项",
        "补做未完成的资格条件核对：处理 0 项",
        "补生成未生成的证书文件：处理 0 项",
        "按保存期限清理过期记录：处理 0 项",
        "补派排队中的导出：处理 0 项",
    ]


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch, db):
    def boom():
        raise RuntimeError("短信网关不可用")

    monkeypatch.setattr(
        jobs,
        "JOBS",
        {
            **jobs.JOBS,
            "deadline_reminders": jobs.Job("deadline_reminders", timedelta(hours=1), boom, "审核截止前提醒"),
        },
    )
    results = jobs.run_due(force=True)
    assert results[0].startswith("审核截止前提醒：失败") and results[1] == "公示期满提醒：处理 0 项"
    assert JobRun.objects.get(name="deadline_reminders").last_ok is False


def test_celery_beat_schedules_the_jobs(settings):
    from django.conf import settings as conf

    assert any(
        v["task"] == "zhicheng.review.tasks.run_periodic_jobs" for v in conf.CELERY_BEAT_SCHEDULE.values()
    )
    from zhicheng.review.tasks import run_periodic_jobs

    assert run_periodic_jobs.delay().get() is not None


def test_the_office_is_told_once_when_a_publicity_period_is_over(chain, as_user):
    from .test_departments_and_office import _publish, _qualified

    _qualified(chain, "胡小明")
    _publish(chain, as_user(chain.office_user))
    publicity = Publicity.objects.get()
    assert services.notify_ended_publicities() == 0
    later = publicity.end + timedelta(days=1)
    assert services.notify_ended_publicities(today=later) == 1
    assert services.notify_ended_publicities(today=later) == 0
    told = Message.objects.get(recipient=chain.office_user, subject="资格审查公示期已满")
    assert "请确认无异议后结束公示" in told.body
