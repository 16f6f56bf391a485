import logging
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import UserFactory
from zhicheng.core import audit
from zhicheng.core.logging import PersonalDataInLog
from zhicheng.core.masking import mask_id_number, mask_name, mask_phone
from zhicheng.core.models import AuditEvent


@pytest.mark.parametrize(
    ("fn", "value", "masked"),
    [
        (mask_name, "胡歌", "胡*"),
        (mask_name, "欧阳娜娜", "欧***"),
        (mask_id_number, "330302199001011235", "330***********1235"),
        (mask_phone, "13612343546", "136****3546"),
        (mask_phone, "", ""),
    ],
)
def test_masks_match_the_security_checklist(fn, value, masked):
    assert fn(value) == masked


@pytest.mark.django_db
def test_audit_chain_detects_a_changed_row():
    user = UserFactory()
    for _ in range(3):
        audit.login_succeeded(user=user)
    call_command("verify_audit")
    row = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET result = 'denied' WHERE id = %s", [row.pk])
    with pytest.raises(Exception, match="审计链校验失败"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_audit_chain_detects_a_deleted_row():
    user = UserFactory()
    for _ in range(3):
        audit.login_succeeded(user=user)
    call_command("verify_audit")  # links the rows (after each commit in production; never in a test's atomic)
    last = AuditEvent.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    with pytest.raises(Exception, match="审计链校验失败"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_through_the_orm():
    row = audit.login_failed(username_hint="x")
    with pytest.raises(RuntimeError, match="append-only"):
        row.save()
    with pytest.raises(RuntimeError, match="append-only"):
        row.delete()


def test_a_personal_number_in_a_log_line_fails_the_suite():
    with pytest.raises(PersonalDataInLog):
        logging.getLogger("zhicheng.test").warning("user 330302199001011235 did something")


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-deploy-check-only-123456",
        "FIELD_ENCRYPTION_KEY": "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE=",
        "ALLOWED_HOSTS": "zhicheng.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_demo_data(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "y" * 60,
        "FIELD_ENCRYPTION_KEY": "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE=",
        "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, env=env, capture_output=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"], capture_output=True, text=True, env=env
    )
    assert result.returncode != 0 and "演示模式" in result.stderr
