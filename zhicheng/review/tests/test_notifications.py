"""Every transition tells the applicant and the next stage's reviewers, in 12333 style, without personal numbers."""

import re

import pytest

from zhicheng.applications import workflow
from zhicheng.notifications.models import Message

pytestmark = pytest.mark.django_db


def _latest(user, channel="sms"):
    return Message.objects.filter(recipient=user, channel=channel).order_by("-id").first()


def test_each_step_messages_the_applicant_and_the_next_reviewers(chain):
    app = chain.new_application("胡小明")
    me = app.applicant
    assert "已提交，现由温州测试机械有限公司审核" in _latest(me).body
    assert "待审核" in _latest(chain.employer_user).body
    steps = [
        (
            chain.employer_user,
            "approve",
            "同意推荐",
            "已通过温州测试机械有限公司审核，现由鹿城区人力资源和社会保障局审核",
            chain.county_user,
        ),
        (
            chain.county_user,
            "return",
            "缺少继续教育学时证明",
            "被鹿城区人力资源和社会保障局退回修改，原因：缺少继续教育学时证明",
            None,
        ),
        (me, "resubmit", "", "已重新提交，现由鹿城区人力资源和社会保障局审核", chain.county_user),
        (chain.county_user, "approve", "同意", "现由温州市人力资源和社会保障局审核", chain.city_user),
        (
            chain.city_user,
            "approve",
            "同意",
            f"现由{chain.plan.committee.organization.name}审核",
            chain.office_user,
        ),
        (chain.office_user, "approve", "资格审查通过", "已通过资格审查", None),
    ]
    for actor, action, opinion, applicant_text, next_reviewer in steps:
        before = Message.objects.count()
        workflow.transition(application=app, action=action, actor=actor, opinion=opinion)
        sms = _latest(me).body
        assert sms.startswith("【12333】胡小明您好：") and applicant_text in sms, sms
        assert "职称申报与评审平台" in sms
        inapp = _latest(me, "inapp")
        assert inapp.link == f"/applications/{app.pk}/"
        if next_reviewer is not None:
            note = _latest(next_reviewer, "inapp")
            assert (
                note.subject == "新的职称申报待审核"
                and "胡*" in note.body
                and note.link == f"/review/applications/{app.pk}/"
            )
            assert "截止日期" in note.body
        assert Message.objects.count() > before
    for m in Message.objects.all():
        assert me.id_number not in m.body and not re.search(r"\d{17}[\dX]", m.body)
        assert me.phone not in m.body


def test_withdrawal_tells_the_employer(chain):
    app = chain.new_application("胡小明")
    workflow.transition(application=app, action="withdraw", actor=app.applicant)
    note = _latest(chain.employer_user, "inapp")
    assert note.subject == "职称申报已被申报人撤回" and "胡*" in note.body
    assert "已撤回" in _latest(app.applicant).body


def test_a_refused_transition_sends_nothing(chain):
    app = chain.new_application("胡小明")
    before = Message.objects.count()
    with pytest.raises(workflow.TransitionError):
        workflow.transition(application=app, action="approve", actor=chain.county_user, opinion="同意")
    assert Message.objects.count() == before
