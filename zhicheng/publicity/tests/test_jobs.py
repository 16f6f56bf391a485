"""The 公示 module's one timed job: telling the committee office once that a period is over."""

from datetime import timedelta

import pytest

from zhicheng.notifications.models import Message
from zhicheng.publicity import services as publicity_services
from zhicheng.publicity.models import Publicity

pytestmark = pytest.mark.django_db


def test_the_publicity_module_registers_its_timed_job_in_the_one_registry():
    from zhicheng.core import jobs

    assert jobs.registered()["publicity_ended"].func is publicity_services.notify_ended_publicities


def test_the_office_is_told_once_when_a_publicity_period_is_over(chain, as_user):
    from .test_qualification import _publish, _qualified

    _qualified(chain, "胡小明")
    _publish(chain, as_user(chain.office_user))
    publicity = Publicity.objects.get()
    assert publicity_services.notify_ended_publicities() == 0
    later = publicity.end + timedelta(days=1)
    assert publicity_services.notify_ended_publicities(today=later) == 1
    assert publicity_services.notify_ended_publicities(today=later) == 0
    told = Message.objects.get(recipient=chain.office_user, subject="资格审查公示期已满")
    assert "请确认无异议后结束公示" in told.body
