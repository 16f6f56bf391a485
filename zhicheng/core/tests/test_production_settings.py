"""Production settings refuse to start without what they cannot guess (issue 12 item 7)."""

import subprocess
import sys

import pytest

FULL = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "p" * 60,
    "FIELD_ENCRYPTION_KEY": "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE=",
    "DATABASE_URL": "postgres://zhicheng@127.0.0.1:5432/zhicheng",
    "ALLOWED_HOSTS": "zhicheng.example.gov.cn",
}


def _load_settings(env: dict) -> subprocess.CompletedProcess:
    code = "import django; from django.conf import settings; django.setup(); print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['CONN_MAX_AGE'])"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("missing", ["DATABASE_URL", "SECRET_KEY", "FIELD_ENCRYPTION_KEY"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in FULL.items() if k != missing}
    result = _load_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"{missing} is not set" in result.stderr


def test_production_with_every_variable_uses_postgresql_and_persistent_connections():
    result = _load_settings(FULL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "60"]
