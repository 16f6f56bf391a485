"""Issue 17 §2: the admin is branded as the platform's 管理后台 and shows the audit events, read-only and
searchable."""

import re

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.html import escape

from zhicheng.core import audit
from zhicheng.core.models import AuditEvent
from zhicheng.demo.seed import load_demo

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


# --- Every model and field the admin shows has a Chinese name (issue 17 §2) ---------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that stay as they are in Chinese usage: "ID" is Django's own label for the automatic primary key (its
# zh_Hans catalogue keeps "ID"); the rest are standard abbreviations (IP 地址, PDF 摘要, 大小上限（MB）, EMS 邮件号,
# HTTP Accept 头 — the name of an HTTP header, kept verbatim in axes' log).
ALLOWED_ASCII_WORDS = {"ID", "IP", "TOTP", "URL", "PDF", "JSON", "SHA", "MAC", "SMS", "HTTP", "Accept", "GET", "POST", "MB", "EMS"}  # fmt: skip
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def _admin_models():
    """Every model the admin shows: each registered model and the models of its inlines."""
    models = []
    for model, model_admin in admin.site._registry.items():
        models.append(model)
        models.extend(inline.model for inline in model_admin.inlines)
    return list(dict.fromkeys(models))


def _english_words(text):
    return [w for w in ASCII_WORD.findall(str(text)) if w not in ALLOWED_ASCII_WORDS]


def test_every_model_and_field_in_the_admin_has_a_chinese_name():
    missing = []
    with translation.override("zh-hans"):
        assert {m._meta.label for m in _admin_models()} >= {"otp_totp.TOTPDevice", "axes.AccessAttempt"}
        for model in _admin_models():
            opts = model._meta
            for what in ("verbose_name", "verbose_name_plural"):
                if not CJK.search(str(getattr(opts, what))):
                    missing.append(f"{opts.label}.{what} = {getattr(opts, what)}")
            for field in [*opts.concrete_fields, *opts.many_to_many]:
                name = str(field.verbose_name)
                if not CJK.search(name) and _english_words(name):
                    missing.append(f"{opts.label}.{field.name} = {name}")
                if (
                    field.help_text
                    and _english_words(field.help_text)
                    and not CJK.search(str(field.help_text))
                ):
                    missing.append(f"{opts.label}.{field.name} help_text = {field.help_text}")
    assert not missing, "\n".join(missing)


LABEL_ELEMENTS = re.compile(r"<(th|label|summary|h1|h2)\b[^>]*>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def _english_labels(html):
    found = []
    for _tag, inner in LABEL_ELEMENTS.findall(html):
        text = TAG.sub(" ", inner)
        # A row's own name (a person, an employer, a plan) may be in any script; labels are what is checked, so
        # changelist cells (<th> holding a link to the row) are left out.
        if 'class="field-' in inner or "/change/" in inner:
            continue
        if _english_words(text):
            found.append(" ".join(text.split()))
    return found


def test_admin_pages_show_no_english_labels(client, login, admin_user, settings):
    settings.DEMO_MODE = True
    load_demo(with_people=True)
    login(admin_user)
    problems = {}
    change_pages = 0
    for model in admin.site._registry:
        opts = model._meta
        changelist = f"/django-admin/{opts.app_label}/{opts.model_name}/"
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        pages = {changelist: response.content.decode()}
        obj = model._default_manager.order_by("pk").first()
        page = f"{changelist}{obj.pk}/change/" if obj else f"{changelist}add/"
        response = client.get(page)
        if response.status_code == 200:
            # The row's own name (its __str__, e.g. axes' "Access Log for …") is data, not a label.
            pages[page] = response.content.decode().replace(escape(str(obj)) if obj else "\0", "")
            change_pages += obj is not None
        for url, html in pages.items():
            words = _english_labels(html)
            if words:
                problems[url] = sorted(set(words))
    assert not problems, "\n".join(f"{url}: {texts}" for url, texts in problems.items())
    assert change_pages >= 10  # the demo data fills 14 of the models; the rest are checked on their add page


def test_level_codes_read_as_their_labels_in_the_admin(client, login, admin_user, settings):
    settings.DEMO_MODE = True
    load_demo(with_people=True)
    login(admin_user)
    body = client.get("/django-admin/applications/application/").content.decode()
    assert "intermediate" not in body and "associate_senior" not in body
    assert "中级（工程师）" in body or "副高级（高级工程师）" in body


def test_roles_and_archive_kinds_read_as_their_labels_in_the_admin(client, login, admin_user, settings):
    settings.DEMO_MODE = True
    load_demo(with_people=True)
    login(admin_user)
    events = client.get("/django-admin/core/auditevent/").content.decode()
    assert '<td class="field-role_shown">申报人</td>' in events and ">applicant</td>" not in events
    entries = client.get("/django-admin/archive/entry/").content.decode()
    assert ">continuing_education</td>" not in entries and ">achievement</td>" not in entries
