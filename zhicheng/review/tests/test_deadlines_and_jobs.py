"""Reminders before stage deadlines (once per application, stage and deadline) and the periodic-job runners."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhicheng.applications import workflow
from zhicheng.core.workdays import calendar
from zhicheng.notifications.models import Message
from zhicheng.review import services
from zhicheng.review.models import DeadlineReminder

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


def test_the_review_chain_registers_its_timed_jobs_in_the_one_registry():
    from zhicheng.core import jobs

    registered = jobs.registered()
    assert registered["deadline_reminders"].func is services.send_deadline_reminders
