"""Issue 12's account attacks, kept as tests: TOTP enrolment (item 12), registration probing (13) and
password reset (21)."""

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, OrganizationFactory, UserFactory, staff, valid_id_number
from tests.registration import prove_phone
from tests.senders import last_code
from zhicheng.accounts import codes
from zhicheng.accounts.models import OneTimeCode, User
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/individual/"
RESET = "/accounts/password/reset/"
DETAILS = {
    "real_name": "胡小明",
    "id_number": valid_id_number(7),
    "email": "",
    "password1": "Good-Pass1",
    "password2": "Good-Pass1",
    "agree": "on",
}


# --- item 13: registration does not tell whether a phone or ID number has an account ----------------------


def _first_step(phone, ip="203.0.113.5"):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(REGISTER, {"phone": phone, "send_code": "1"})
    page = client.get(REGISTER).content.decode()
    return client, response, page


def test_the_first_step_answers_the_same_for_a_registered_and_a_new_phone(sms_outbox):
    UserFactory(phone="13911112222")
    _, registered, registered_page = _first_step("13911112222")
    _, new, new_page = _first_step("13933334444")
    assert registered.status_code == new.status_code == 302
    assert registered["Location"] == new["Location"] == REGISTER
    assert _without_tokens(registered_page).replace("139****2222", "139****4444") == _without_tokens(new_page)
    assert "已注册" not in registered_page
    # Only the phone's owner learns which it was: the registered number's SMS carries no code.
    to_registered, to_new = sms_outbox
    assert to_registered.recipient.phone == "13911112222" and "已注册" in to_registered.body
    assert not any(ch.isdigit() for ch in to_registered.body.replace("12333", ""))
    assert to_new.recipient.phone == "13933334444" and len(last_code([to_new])) == 6


def _without_tokens(page: str) -> str:
    import re

    return re.sub(r"[A-Za-z0-9]{64}", "", page)  # the CSRF tokens differ per session


def test_a_registered_phone_cannot_finish_and_is_answered_like_a_wrong_code(sms_outbox):
    UserFactory(phone="13911112222")
    registered, _, _ = _first_step("13911112222")
    new, _, _ = _first_step("13933334444", ip="203.0.113.6")
    answers = [c.post(REGISTER, {**DETAILS, "code": "123456"}).content.decode() for c in (registered, new)]
    for body in answers:
        assert "短信验证码不正确或已过期" in body and "已注册" not in body
    assert User.objects.count() == 1


def test_an_id_number_is_checked_only_once_the_phone_is_proven(sms_outbox):
    UserFactory(id_number=DETAILS["id_number"])
    client, _, _ = _first_step("13933334444")
    guessed = client.post(REGISTER, {**DETAILS, "code": "000000"}).content.decode()
    assert "短信验证码不正确" in guessed and "身份证号无法注册" not in guessed
    proven = client.post(REGISTER, {**DETAILS, "code": last_code(sms_outbox)}).content.decode()
    assert "该身份证号无法注册新账号" in proven


def test_an_applicant_registers_with_the_sms_code_and_the_code_is_used_once(client, sms_outbox):
    code = prove_phone(client, REGISTER, "13933334444", sms_outbox)
    response = client.post(REGISTER, {**DETAILS, "code": code})
    assert response.status_code == 302 and response["Location"] == "/accounts/home/"
    user = User.objects.get(phone_index=user_index("13933334444"))
    assert user.real_name == "胡小明" and user.role == "applicant"
    assert OneTimeCode.objects.get(purpose="register").used_at is not None
    assert AuditEvent.objects.filter(event="account_registered", actor=user).exists()
    assert not codes.phone_code_check(purpose="register", phone="13933334444", code=code, use=False)


def user_index(phone):
    from zhicheng.core.crypto import blind_index

    return blind_index(phone)


def test_a_code_allows_five_attempts_and_expires_after_ten_minutes(sms_outbox):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        client, _, _ = _first_step("13933334444")
        code = last_code(sms_outbox)
        for _ in range(5):
            client.post(REGISTER, {**DETAILS, "code": "000000" if code != "000000" else "111111"})
        assert "短信验证码不正确" in client.post(REGISTER, {**DETAILS, "code": code}).content.decode()
        client.post(REGISTER, {"change_phone": "1"})
        client.post(REGISTER, {"phone": "13933334444", "send_code": "1"})
        fresh = last_code(sms_outbox)
    with time_machine.travel("2026-11-23 09:11 +0800", tick=False):
        assert "短信验证码不正确" in client.post(REGISTER, {**DETAILS, "code": fresh}).content.decode()
    assert not User.objects.exists()


def test_sms_requests_are_throttled_per_number_and_per_address(sms_outbox):
    client = Client(REMOTE_ADDR="203.0.113.9")
    answers = [
        client.post(REGISTER, {"phone": "13933334444", "send_code": "1"}).status_code for _ in range(6)
    ]
    assert answers == [302] * 5 + [429]
    assert (
        "短信发送过于频繁"
        in client.post(REGISTER, {"phone": "13933334444", "send_code": "1"}).content.decode()
    )
    other = Client(REMOTE_ADDR="198.51.100.3")
    answers = [
        other.post(REGISTER, {"phone": f"1390000{i:04d}", "send_code": "1"}).status_code for i in range(21)
    ]
    assert answers == [302] * 20 + [429]
    assert len(sms_outbox) == 25


def test_thirty_probes_in_a_row_are_refused(sms_outbox):
    client, _, _ = _first_step("13933334444", ip="192.0.2.50")
    bodies = [client.post(REGISTER, {**DETAILS, "code": f"{i:06d}"}).content.decode() for i in range(31)]
    assert not any("提交过于频繁" in body for body in bodies[:30]) and "提交过于频繁" in bodies[30]


# --- item 21: password reset by an SMS code to the account's phone ---------------------------------------


def test_the_login_page_links_to_password_reset(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page and "忘记密码" in page


def test_password_reset_by_sms_code_ends_other_sessions_and_is_audited(client, sms_outbox):
    user = UserFactory(phone="13955556666")
    elsewhere = Client()
    elsewhere.post("/accounts/login/", {"username": "13955556666", "password": PASSWORD})
    assert elsewhere.get("/accounts/home/").status_code == 200
    code = prove_phone(client, RESET, "13955556666", sms_outbox)
    assert "重置密码" in sms_outbox[-1].body
    response = client.post(RESET, {"code": code, "password1": "Neu-Passw0rt", "password2": "Neu-Passw0rt"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert elsewhere.get("/accounts/home/").status_code == 302  # the other session ended
    assert (
        client.post("/accounts/login/", {"username": "13955556666", "password": "Neu-Passw0rt"}).status_code
        == 302
    )
    assert AuditEvent.objects.filter(event="password_reset", actor=user).count() == 1
    # One use: the same code cannot set a password again.
    client.logout()
    client.post(RESET, {"phone": "13955556666", "send_code": "1"})  # a fresh session
    again = client.post(RESET, {"code": code, "password1": "Dritt-Pass1", "password2": "Dritt-Pass1"})
    assert "短信验证码不正确" in again.content.decode()


def test_password_reset_answers_the_same_for_a_number_without_account_and_sends_nothing(sms_outbox):
    UserFactory(phone="13955556666")
    pages = []
    for phone in ("13955556666", "13977778888"):
        c = Client()
        assert c.post(RESET, {"phone": phone, "send_code": "1"}).status_code == 302
        pages.append(_without_tokens(c.get(RESET).content.decode()))
    assert pages[0].replace("139****6666", "139****8888") == pages[1]
    assert [m.recipient.phone for m in sms_outbox] == ["13955556666"]


def test_a_reset_code_expires_after_ten_minutes(client, sms_outbox):
    UserFactory(phone="13955556666")
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        code = prove_phone(client, RESET, "13955556666", sms_outbox)
    with time_machine.travel("2026-11-23 09:10:30 +0800", tick=False):
        body = client.post(RESET, {"code": code, "password1": "Neu-Passw0rt", "password2": "Neu-Passw0rt"})
        assert "短信验证码不正确或已过期" in body.content.decode()


def test_password_reset_sms_is_throttled(sms_outbox):
    UserFactory(phone="13955556666")
    client = Client(REMOTE_ADDR="203.0.113.77")
    answers = [client.post(RESET, {"phone": "13955556666", "send_code": "1"}).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]


# --- item 12: TOTP enrolment needs the platform admin's activation code ---------------------------------


@pytest.fixture
def reviewer(regions):
    return staff("department", OrganizationFactory(kind="department"))


def _staff_client(user) -> Client:
    c = Client()
    assert c.post("/accounts/login/", {"username": user.phone, "password": PASSWORD}).status_code == 302
    return c


def test_a_staff_password_alone_does_not_reveal_the_totp_secret(reviewer):
    c = _staff_client(reviewer)
    page = c.get("/accounts/otp/").content.decode()
    assert "绑定激活码" in page and "手动输入密钥" not in page and "data:image/svg" not in page
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    wrong = c.post("/accounts/otp/", {"activation_code": "1234-5678-9012"}).content.decode()
    assert "激活码不正确、已使用或已过期" in wrong and "手动输入密钥" not in wrong


def test_the_activation_code_lets_the_staff_member_bind_once(reviewer, admin_user):
    code = codes.otp_activation_issue(actor=admin_user, user=reviewer)
    stored = OneTimeCode.objects.get(purpose="otp_enrolment", user=reviewer)
    assert code.replace("-", "") not in stored.code_hash and stored.issued_by == admin_user
    c = _staff_client(reviewer)
    with time_machine.travel("2026-11-23 09:00:00 +0800", tick=False):
        c.post("/accounts/otp/", {"activation_code": code})
        page = c.get("/accounts/otp/").content.decode()
        assert "手动输入密钥" in page
        device = TOTPDevice.objects.get(user=reviewer)
        assert c.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(event="otp_activation_used", actor=reviewer).exists()
    # A second person with the same password and the same code gets nothing.
    other = _staff_client(reviewer)
    other.post("/accounts/otp/", {"activation_code": code})
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1


def test_an_activation_code_expires_after_72_hours(reviewer, admin_user):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        code = codes.otp_activation_issue(actor=admin_user, user=reviewer)
    with time_machine.travel("2026-11-26 09:01 +0800", tick=False):
        c = _staff_client(reviewer)
        assert "激活码不正确" in c.post("/accounts/otp/", {"activation_code": code}).content.decode()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()


def test_the_admin_issues_codes_on_the_staff_page_and_reissuing_resets_the_device(
    client, login, admin_user, reviewer
):
    TOTPDevice.objects.create(user=reviewer, name="旧手机", confirmed=True)
    login(admin_user)
    assert f"/accounts/staff/{reviewer.pk}/otp-activation/" in client.get("/accounts/staff/").content.decode()
    response = client.post(f"/accounts/staff/{reviewer.pk}/otp-activation/")
    page = response.content.decode()
    assert response.status_code == 200 and "只显示这一次" in page and response["Cache-Control"] == "no-store"
    assert not TOTPDevice.objects.filter(user=reviewer).exists()  # the old authenticator no longer works
    event = AuditEvent.objects.get(event="otp_activation_issued")
    assert (
        event.actor == admin_user
        and event.object_id == str(reviewer.pk)
        and event.data["devices_removed"] == 1
    )
    assert client.get(f"/accounts/staff/{reviewer.pk}/otp-activation/").status_code == 405  # never by GET


def test_only_the_platform_admin_issues_activation_codes(client, login, reviewer):
    office = staff("committee_office", OrganizationFactory(kind="committee"))
    login(office)
    assert client.post(f"/accounts/staff/{reviewer.pk}/otp-activation/").status_code == 403
    assert not OneTimeCode.objects.exists()


def test_the_first_admin_gets_an_activation_code_from_the_shell(admin_user):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("otp_activation", admin_user.phone, stdout=out)
    code = out.getvalue().split("绑定激活码：")[1].split("（")[0]
    assert codes.otp_activation_use(user=admin_user, code=code)
    assert AuditEvent.objects.filter(event="otp_activation_issued", object_id=str(admin_user.pk)).exists()


def test_make_run_shows_the_sms_code_on_screen_and_production_never(client, settings, sms_outbox):
    settings.SMS_CODES_SHOWN_ON_SCREEN = True
    client.post(REGISTER, {"phone": "13933334444", "send_code": "1"})
    assert f"本次验证码为 {last_code(sms_outbox)}" in client.get(REGISTER).content.decode()
    from pathlib import Path

    production = Path(settings.BASE_DIR, "config", "settings", "production.py").read_text()
    assert "SMS_CODES_SHOWN_ON_SCREEN = False" in production


def test_a_password_reset_lifts_the_lockout(client, sms_outbox):
    UserFactory(phone="13955556666")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "13955556666", "password": "wrong-Pass1"})
    assert (
        client.post("/accounts/login/", {"username": "13955556666", "password": PASSWORD}).status_code == 429
    )
    reset = Client()
    code = prove_phone(reset, RESET, "13955556666", sms_outbox)
    reset.post(RESET, {"code": code, "password1": "Neu-Passw0rt", "password2": "Neu-Passw0rt"})
    assert (
        Client().post("/accounts/login/", {"username": "13955556666", "password": "Neu-Passw0rt"}).status_code
        == 302
    )


def test_the_phone_waiting_for_its_code_is_not_kept_in_clear_in_the_session(client, sms_outbox):
    from django.contrib.sessions.models import Session

    prove_phone(client, REGISTER, "13933334444", sms_outbox)
    stored = Session.objects.get(session_key=client.session.session_key)
    assert "13933334444" not in str(stored.get_decoded()) and "13933334444" not in stored.session_data
