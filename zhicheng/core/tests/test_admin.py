"""Issue 17 §2: the admin is branded as the platform's 管理后台 and shows the audit events, read-only and
searchable."""

import pytest

from zhicheng.core import audit
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_admin_is_the_platforms_management_backend(client, login, admin_user):
    login(admin_user)
    body = client.get("/django-admin/").content.decode()
    assert (
        "职称申报与评审平台 管理后台" in body
        and "Django 管理" not in body
        and "Django administration" not in body
    )
    assert "审计事件" in body


def test_audit_events_are_searchable_and_read_only_in_the_admin(client, login, admin_user):
    login(admin_user)
    audit.staff_account_created(actor=admin_user, user=admin_user)
    event = AuditEvent.objects.filter(event="staff_account_created").latest("id")
    listing = client.get("/django-admin/core/auditevent/", {"q": "staff_account_created"}).content.decode()
    assert "staff_account_created" in listing and "管理员" in listing
    assert client.get("/django-admin/core/auditevent/add/").status_code == 403
    assert (
        client.post(f"/django-admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    detail = client.get(f"/django-admin/core/auditevent/{event.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()


def test_third_party_apps_read_in_chinese_in_the_admin(client, login, admin_user):
    login(admin_user)
    body = client.get("/django-admin/").content.decode()
    assert "登录安全（失败锁定）" in body and "登录尝试" in body and "动态口令（TOTP）" in body
    assert "Access attempts" not in body and ">Axes<" not in body and "Otp_Totp" not in body
