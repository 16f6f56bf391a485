"""The one periodic-job registry: each app registers its timed jobs; a job runs once per interval."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from zhicheng.core import jobs
from zhicheng.core.models import JobRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def only(monkeypatch):
    """Replace the registry's content for one test with the given jobs."""

    def _only(*registered):
        monkeypatch.setattr(jobs, "_REGISTRY", {})
        for name, func, every, description in registered:
            jobs.register(name, func, every=every, description=description)

    return _only


def test_every_app_registers_its_timed_jobs_and_nothing_polls_for_changes():
    names = set(jobs.registered())
    assert {"deadline_reminders", "publicity_ended", "evaluation_expire", "evaluation_remind"} <= names
    assert not any("open" in name for name in names)  # cases open on an event, never on a timer


def test_a_name_is_registered_once(only):
    def a():
        return 0

    def b():
        return 0

    only(("x", a, timedelta(hours=1), "甲"))
    jobs.register("x", a, every=timedelta(hours=1), description="甲")  # ready() twice: harmless
    with pytest.raises(ValueError, match="already registered"):
        jobs.register("x", b, every=timedelta(hours=1))
    with pytest.raises(ValueError, match="positive"):
        jobs.register("y", b, every=timedelta(0))


def test_a_job_runs_once_per_interval_and_force_runs_it_again(only):
    calls = []

    def count():
        calls.append(1)
        return 3

    only(("counted", count, timedelta(hours=1), "计数任务"))
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out)
    assert "计数任务：处理 3 项" in out.getvalue()
    assert JobRun.objects.get(name="counted").last_ok
    assert jobs.run_due() == []  # not due again within the hour
    assert jobs.run_due(force=True) == ["计数任务：处理 3 项"]
    assert len(calls) == 2


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(only):
    def boom():
        raise RuntimeError("短信网关不可用")

    only(
        ("boom", boom, timedelta(hours=1), "审核截止前提醒"),
        ("fine", lambda: 0, timedelta(hours=1), "公示期满提醒"),
    )
    results = jobs.run_due(force=True)
    assert results[0].startswith("审核截止前提醒：失败") and results[1] == "公示期满提醒：处理 0 项"
    assert JobRun.objects.get(name="boom").last_ok is False


def test_celery_beat_schedules_the_registry(only):
    from django.conf import settings

    from zhicheng.core.tasks import run_periodic_jobs

    assert any(
        v["task"] == "zhicheng.core.tasks.run_periodic_jobs" for v in settings.CELERY_BEAT_SCHEDULE.values()
    )
    only(("fine", lambda: 0, timedelta(hours=1), "公示期满提醒"))
    assert run_periodic_jobs.delay().get() == ["公示期满提醒：处理 0 项"]
