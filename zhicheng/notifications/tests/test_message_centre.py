"""Issue 17 §1: the message centre pages, marks one or all read, groups by application and keeps the
SMS-worthy messages apart from plain notices."""

import pytest

from tests.factories import UserFactory
from zhicheng.notifications.models import Message
from zhicheng.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(employer_user):
    return employer_user


def _flood(user, n, about="胡** · 2026年度机械工程师", sms="【12333】有申报待审核"):
    for i in range(n):
        notify(
            recipients=[user], subject=f"新的职称申报待审核 {i}", body="请及时审核。", sms=sms, about=about
        )


def test_166_messages_are_paged_twenty_at_a_time_and_all_reachable(client, login, reviewer):
    _flood(reviewer, 166)
    login(reviewer)
    first = client.get("/accounts/messages/").content.decode()
    assert first.count('class="message unread"') == 20 and "第 1 / 9 页" in first and "共 166 条" in first
    last = client.get("/accounts/messages/?box=important&page=9").content.decode()
    assert last.count('class="message unread"') == 6 and "新的职称申报待审核 0<" in last


def test_mark_one_read_and_mark_all_read_by_post_only(client, login, reviewer):
    _flood(reviewer, 3)
    login(reviewer)
    one = Message.objects.filter(recipient=reviewer, channel="inapp").first()
    assert client.get(f"/accounts/messages/{one.pk}/read/").status_code == 405
    assert client.post(f"/accounts/messages/{one.pk}/read/", {"box": "important"}).status_code == 302
    one.refresh_from_db()
    assert one.read_at is not None
    assert Message.objects.filter(recipient=reviewer, channel="inapp", read_at__isnull=True).count() == 2
    response = client.post("/accounts/messages/read-all/", {"box": "important"}, follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Message.objects.filter(recipient=reviewer, channel="inapp", read_at__isnull=True).exists()


def test_nobody_marks_another_users_message_read(client, login, reviewer):
    other = UserFactory()
    notify(recipients=[other], subject="别人的", body="x")
    login(reviewer)
    message = Message.objects.get(recipient=other, channel="inapp")
    assert client.post(f"/accounts/messages/{message.pk}/read/").status_code == 404
    client.post("/accounts/messages/read-all/", {"box": "notice"})
    message.refresh_from_db()
    assert message.read_at is None


def test_sms_worthy_messages_are_kept_apart_from_notices_and_grouped_by_application(client, login, reviewer):
    _flood(reviewer, 2, about="胡** · 计划甲")
    _flood(reviewer, 1, about="王** · 计划乙")
    notify(recipients=[reviewer], subject="系统维护通知", body="今晚维护。")
    login(reviewer)
    important = client.get("/accounts/messages/").content.decode()
    assert "系统维护通知" not in important and "胡** · 计划甲" in important and "王** · 计划乙" in important
    assert "2 条，<strong>2 条未读</strong>" in important
    notices = client.get("/accounts/messages/?box=notice").content.decode()
    assert "系统维护通知" in notices and "新的职称申报待审核" not in notices
    one_group = client.get(
        "/accounts/messages/", {"box": "important", "about": "王** · 计划乙"}
    ).content.decode()
    assert one_group.count('class="message unread"') == 1
    client.post("/accounts/messages/read-all/", {"box": "important", "about": "胡** · 计划甲"})
    assert Message.objects.filter(channel="inapp", read_at__isnull=True).count() == 2  # 乙 and the notice
