"""Issue 17 §1: the platform's own error pages in every mode, a favicon, 请选择 for empty choices, and a login
page that offers 忘记密码 and (in demo mode) the demo accounts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from zhicheng.accounts.demo_accounts import DEMO_ACCOUNTS
from zhicheng.organizations.models import Organization, Region

pytestmark = pytest.mark.django_db


def test_a_mistyped_address_shows_the_platforms_own_404_page(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404 and "页面不存在（404）" in body and "返回首页" in body
    assert "URLconf" not in body and "Using the URLconf" not in body


def test_a_refusal_shows_the_platforms_own_403_page_with_its_reason(client, login, applicant):
    login(applicant)
    response = client.get("/review/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问（403）" in body and "您的账号没有此项操作的权限。" in body


def test_the_500_page_stands_alone_in_chinese():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "系统繁忙（500）" in body and '<html lang="zh-CN">' in body


def test_the_platform_name_comes_from_settings_on_every_page_and_the_500_page(client, rf, settings):
    from django.urls import get_callable

    from config.urls import handler500

    settings.PLATFORM_NAME = "某省职称平台"
    assert "某省职称平台" in client.get("/").content.decode()
    body = get_callable(handler500)(rf.get("/")).content.decode()
    assert "某省职称平台" in body and "系统繁忙（500）" in body


def test_the_demo_settings_never_show_djangos_debug_page_and_still_serve_static_files(tmp_path):
    """`make run` uses config.settings.local: a mistyped address there must not list every URL pattern."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='127.0.0.1')\n"
        "r = c.get('/no-such-page/'); body = r.content.decode()\n"
        "assert r.status_code == 404 and '页面不存在' in body and 'URLconf' not in body, body[:300]\n"
        "s = c.get('/static/css/site.css'); assert s.status_code == 200, s.status_code\n"
        "f = c.get('/favicon.ico'); assert f.status_code == 200 and f['Content-Type'] == 'image/x-icon'\n"
        "print('ok')\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DEBUG") and not k.startswith("PYTEST")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", ZHICHENG_VAR_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-2000:]


def test_the_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    home = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in home
    assert Path(settings.BASE_DIR, "static", "favicon.svg").exists()


def test_empty_choices_say_qing_xuan_ze_everywhere():
    class Pick(forms.ModelForm):
        class Meta:
            model = Organization
            fields = ["kind", "region"]

    html = str(Pick())
    assert "请选择" in html and "---------" not in html
    assert forms.ModelChoiceField(Region.objects.all()).empty_label == "请选择"


def test_the_login_page_offers_password_help_and_lists_the_demo_accounts_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    body = client.get("/accounts/login/").content.decode()
    assert "忘记密码" in body
    for role, login in DEMO_ACCOUNTS:
        assert role in body and login in body
    assert "Demo@2026" in body
    settings.DEMO_MODE = False
    plain = client.get("/accounts/login/").content.decode()
    assert "演示账号" not in plain and "Demo@2026" not in plain
