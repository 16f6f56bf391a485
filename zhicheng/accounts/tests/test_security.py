"""SECURITY.md items 1–5 and 12–13 as behaviour."""

import re

import pytest
import time_machine
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, OrganizationFactory, UserFactory, staff
from zhicheng.accounts.validators import CharacterClassValidator
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("abcdefgh", False),
        ("abcdefg1", False),
        ("Abcdefg1", True),
        ("abcdef1!", True),
        ("ABCDEF1!", True),
        ("Abcdefgh", False),
    ],
)
def test_password_needs_three_of_four_character_classes(password, ok):
    from django.core.exceptions import ValidationError

    validator = CharacterClassValidator(min_classes=3)
    if ok:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError, match="至少 3 类"):
            validator.validate(password)


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()
    user.set_password("Abcdef1!")
    assert user.password.startswith("argon2")


def test_sixth_login_is_refused_even_with_right_password_until_15_minutes_pass(client):
    user = UserFactory()
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        for _ in range(5):
            client.post("/accounts/login/", {"username": user.phone, "password": "wrong-Pass1"})
        refused = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert refused.status_code == 429
        assert "锁定 15 分钟" in refused.content.decode()
        assert AuditEvent.objects.filter(event="login_failed").count() >= 5
    with time_machine.travel("2026-11-23 09:16 +0800", tick=False):
        allowed = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert allowed.status_code == 302


def test_login_rotates_session_key_and_logout_ends_it(client):
    user = UserFactory()
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    assert client.get("/accounts/home/").status_code == 200
    old_cookie = after
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = old_cookie
    response = client.get("/accounts/home/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_idle_session_expires_after_30_minutes(client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "zhicheng.core.middleware.SlidingSessionMiddleware" in settings.MIDDLEWARE
    user = UserFactory()
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
        assert client.get("/accounts/home/").status_code == 200
    with time_machine.travel("2026-11-23 09:29 +0800", tick=False):
        assert client.get("/accounts/home/").status_code == 200  # activity renews the 30 minutes
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        response = client.get("/accounts/home/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_within_a_minute_do_not_write_the_session_row(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
    with (
        time_machine.travel("2026-11-23 09:00:30 +0800", tick=False),
        CaptureQueriesContext(connection) as ctx,
    ):
        assert client.get("/accounts/home/").status_code == 200
    writes = [
        q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]
    ]
    assert writes == []
    with time_machine.travel("2026-11-23 09:02 +0800", tick=False), CaptureQueriesContext(connection) as ctx:
        assert client.get("/accounts/home/").status_code == 200
    assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in ctx.captured_queries)


def test_password_change_ends_other_sessions(client, django_user_model):
    from django.test import Client

    user = UserFactory()
    other = Client()
    other.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
    client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Neu-Passw0rt", "new_password2": "Neu-Passw0rt"},
    )
    assert response.status_code == 302
    assert client.get("/accounts/home/").status_code == 200
    assert other.get("/accounts/home/").status_code == 302
    assert AuditEvent.objects.filter(event="password_changed", actor=user).exists()


def test_staff_pages_are_refused_before_the_second_factor(client, regions, admin_user):
    from zhicheng.accounts import codes

    reviewer = staff("department", OrganizationFactory(kind="department"))
    activation = codes.otp_activation_issue(actor=admin_user, user=reviewer)  # handed over by the admin
    with time_machine.travel("2026-11-23 09:00:00 +0800", tick=False):
        client.post("/accounts/login/", {"username": reviewer.phone, "password": PASSWORD})
        response = client.get("/accounts/home/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
        assert client.get("/api/v1/plans/open").status_code == 403
        # The activation code first, then the device is set up; a wrong code is refused.
        client.post("/accounts/otp/", {"activation_code": activation})
        client.get("/accounts/otp/")
        device = TOTPDevice.objects.get(user=reviewer)
        right = f"{totp(device.bin_key):06d}"
        wrong = client.post("/accounts/otp/", {"token": "000000" if right != "000000" else "111111"})
        assert "动态口令不正确" in wrong.content.decode()
    with time_machine.travel("2026-11-23 09:00:10 +0800", tick=False):  # past django-otp's throttle delay
        device.refresh_from_db()
        ok = client.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"})
        assert ok.status_code == 302
        assert client.get("/accounts/home/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_employer_hr_needs_no_second_factor(client, employer_user):
    client.post("/accounts/login/", {"username": employer_user.phone, "password": PASSWORD})
    assert client.get("/accounts/home/").status_code == 200


PUBLIC_URL_NAMES = {
    "portal:home", "portal:notice_list", "portal:notice_detail", "portal:plan_list", "portal:plan_detail",
    "portal:committee_list", "portal:series_list", "portal:conditions", "publicity:public", "portal:certificate_lookup", "portal:privacy",
    "portal:condition_detail",
    "accounts:login", "accounts:register", "accounts:register_applicant", "accounts:register_employer", "set_language",
    "accounts:password_reset",  # 忘记密码: an SMS code to the account's phone
    "applications:sign",  # the phone signing page: reachable only through a one-time, 10-minute token
    "evaluation:public_publicity",  # results 公示: name, employer, specialty, level only
    "evaluation:payment_callback",  # server-to-server, trusted by its signature alone
    "certificates:public_key",  # published so that anyone can verify a certificate offline
    "portal:favicon",  # the site icon browsers ask for on every page
    "accounts:large_text",  # 大字号 for anonymous visitors too (POST only; a cookie)
}  # fmt: skip


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (namespace + entry.name) if entry.name else None, entry


def test_every_url_needs_login_unless_listed_public(client):
    """Default deny (SECURITY.md 5): walk the resolver, fill parameters with 1, expect a login redirect."""
    import re

    checked = 0
    for route, name, _ in _walk(get_resolver()):
        if route.startswith(("django-admin/", "static/")):
            continue
        if route.startswith("api/v1/"):
            continue  # the JSON API answers 401, not a redirect: test_every_api_route_needs_login
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route).replace("^", "").replace("$", "")
        response = client.get(path)
        if name in PUBLIC_URL_NAMES:
            assert response.status_code in (200, 302, 404, 405, 410), (
                path,
                response.status_code,
            )  # 410: an unknown or used token
            continue
        checked += 1
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            path,
            name,
            response.status_code,
        )
    assert checked >= 10


def test_api_needs_login(client):
    assert client.get("/api/v1/plans/open").status_code == 401


def test_every_api_route_needs_login(client):
    """Default deny for the JSON API: every route the resolver knows, with each method its schema names,
    answers an anonymous caller 401 — the docs and the schema included (issue 12 item 16)."""
    import re

    from config.api import api

    schema = api.get_openapi_schema()
    methods = {
        re.sub(r"\{\w+\}", "1", path): [m.upper() for m in operations]
        for path, operations in schema["paths"].items()
    }
    checked = 0
    for route, name, _ in _walk(get_resolver()):
        if not route.startswith("api/v1/") or route == "api/v1/":
            continue
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
        for method in methods.get(path, ["GET"]):
            response = client.generic(method, path, data="{}", content_type="application/json")
            assert response.status_code == 401, (method, path, name, response.status_code)
            checked += 1
    assert checked >= 15


def test_api_docs_are_for_staff_unless_the_demo_opens_them(client, login, applicant, regions, settings):
    settings.API_DOCS_PUBLIC = False
    login(applicant)
    assert client.get("/api/v1/openapi.json").status_code == 403
    assert client.get("/api/v1/docs").status_code == 403
    client.logout()
    login(staff("department", OrganizationFactory(kind="department")))
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "职称申报与评审平台 API"
    client.logout()
    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_api_docs_load_swagger_from_our_own_static_files_under_the_csp(client, login, regions, settings):
    """No CDN at run time and no inline script: the CSP (script-src 'self') would refuse both."""
    from html.parser import HTMLParser

    settings.API_DOCS_PUBLIC = False
    login(staff("department", OrganizationFactory(kind="department")))
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not re.search(r"(?:src|href)=[\"'](?:https?:)?//", html), "an external host is referenced"

    class Scripts(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.inline, self._open = [], [], None

        def handle_starttag(self, tag, attrs):
            if tag == "script":
                self._open = dict(attrs)
                self.found.append(self._open)

        def handle_data(self, data):
            # A JSON data block is not executed; any other script without src is inline script.
            tag = self._open
            if (
                tag is not None
                and "src" not in tag
                and tag.get("type") != "application/json"
                and data.strip()
            ):
                self.inline.append(data.strip()[:80])

        def handle_endtag(self, tag):
            if tag == "script":
                self._open = None

    scripts = Scripts()
    scripts.feed(html)
    sources = [s["src"] for s in scripts.found if "src" in s]
    assert scripts.inline == [] and any("swagger-ui-bundle" in src for src in sources)
    assert all(src.startswith(settings.STATIC_URL) for src in sources)


def test_production_keeps_the_api_docs_closed():
    import ast
    from pathlib import Path

    from django.conf import settings

    source = Path(settings.BASE_DIR, "config", "settings", "production.py").read_text()
    assigned = [
        node for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "API_DOCS_PUBLIC" for t in node.targets)
    ]  # fmt: skip
    assert assigned and isinstance(assigned[-1].value, ast.Constant) and assigned[-1].value.value is False


def test_id_numbers_and_phones_are_not_stored_in_plaintext():
    user = UserFactory(phone="13912345678", id_number="330302199001011235")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number, username FROM accounts_user WHERE id = %s", [user.pk])
        row = " ".join(cursor.fetchone())
    assert "13912345678" not in row and "330302199001011235" not in row
    user.refresh_from_db()
    assert user.phone == "13912345678" and user.masked_id_number == "330***********1235"
    assert user.masked_phone == "139****5678"


def test_admin_creates_staff_accounts_bound_to_their_organisation(client, login, admin_user, regions):
    dept = OrganizationFactory(kind="department", name="瓯海区人力社保局")
    login(admin_user)
    refused = client.post(
        "/accounts/staff/",
        {
            "role": "department",
            "organization": "",
            "real_name": "王审核",
            "phone": "13600000009",
            "password": "Good-Pass1",
        },
    )
    assert "所属机构：该角色须绑定到一个“主管部门”类机构" in refused.content.decode()
    ok = client.post(
        "/accounts/staff/",
        {
            "role": "department",
            "organization": dept.pk,
            "real_name": "王审核",
            "phone": "13600000009",
            "password": "Good-Pass1",
        },
    )
    assert ok.status_code == 302
    from zhicheng.accounts.models import User

    created = User.objects.get(real_name="王审核")
    assert created.organization == dept and created.role == "department" and created.needs_second_factor
    assert AuditEvent.objects.filter(
        event="staff_account_created", actor=admin_user, object_id=str(created.pk)
    ).exists()


def test_message_centre_marks_messages_read(client, login, applicant):
    from zhicheng.notifications.models import Message
    from zhicheng.notifications.services import notify

    notify(recipients=[applicant], subject="测试通知", body="内容", link="/accounts/home/")
    login(applicant)
    page = client.get("/accounts/messages/").content.decode()
    assert "测试通知" in page and "未读" in page
    message = Message.objects.get(recipient=applicant, channel="inapp")
    response = client.post(f"/accounts/messages/{message.pk}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/home/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_opening_a_message_by_get_leads_to_it_and_writes_nothing(client, login, applicant):
    from zhicheng.notifications.models import Message
    from zhicheng.notifications.services import notify

    notify(recipients=[applicant], subject="测试通知", body="内容", link="/accounts/home/")
    login(applicant)
    message = Message.objects.get(recipient=applicant, channel="inapp")
    response = client.get(f"/accounts/messages/{message.pk}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/home/"
    message.refresh_from_db()
    assert message.read_at is None
    page = client.get("/accounts/messages/").content.decode()
    assert f'<form method="post" action="/accounts/messages/{message.pk}/"' in page


def test_nobody_reads_another_users_message(client, login, applicant):
    from zhicheng.notifications.models import Message
    from zhicheng.notifications.services import notify

    other = UserFactory()
    notify(recipients=[other], subject="别人的通知", body="内容")
    login(applicant)
    assert client.get(f"/accounts/messages/{Message.objects.get(recipient=other).pk}/").status_code == 404


def test_production_hashes_with_argon2_sized_for_a_web_worker(settings):
    from django.contrib.auth.hashers import make_password

    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "zhicheng.accounts.hashers.WebArgon2PasswordHasher"
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("Abcdef1!").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


WEB_ARGON2 = ["zhicheng.accounts.hashers.WebArgon2PasswordHasher"]


def test_a_login_rehashes_an_old_argon2_password_with_the_web_parameters(client, settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

    settings.PASSWORD_HASHERS = WEB_ARGON2
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher=Argon2PasswordHasher())  # Django's 100 MiB, 8 lanes
    user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in user.password

    assert client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
    assert user.check_password(PASSWORD)


def test_lockout_still_holds_with_the_web_argon2_hasher(client, settings):
    settings.PASSWORD_HASHERS = WEB_ARGON2
    test_sixth_login_is_refused_even_with_right_password_until_15_minutes_pass(client)
