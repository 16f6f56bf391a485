"""Issue 12 item 14: public certificate verification is throttled, its audit cannot be used to fill the
database, and new certificate numbers cannot be guessed from a neighbour's."""

import re

import pytest

from zhicheng.certificates.models import Certificate
from zhicheng.certificates.selectors import verify_by_number_and_name
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/certificates/verify/"


def _look_up(client, number, name, ip="203.0.113.7"):
    return client.get(URL, {"number": number, "name": name}, REMOTE_ADDR=ip)


def test_look_ups_from_one_address_are_throttled(certified, client):
    number = certified.certificate.number
    answers = [_look_up(client, f"2026330300{i:06d}", "胡小明").status_code for i in range(30)]
    assert answers == [200] * 30
    refused = _look_up(client, number, "胡小明")
    body = refused.content.decode()
    assert refused.status_code == 429 and "查询过于频繁，请 10 分钟后再试" in body
    assert "证书有效" not in body  # the look-up was not made
    assert _look_up(client, number, "胡小明", ip="198.51.100.9").status_code == 200  # another address is not


def test_look_ups_of_one_number_are_throttled_whatever_the_address(certified, client):
    number = certified.certificate.number
    for i in range(10):
        assert _look_up(client, number, f"猜名{i}", ip=f"198.51.100.{i}").status_code == 200
    assert _look_up(client, number, "胡小明", ip="198.51.100.200").status_code == 429


def test_qr_and_upload_checks_share_the_address_limit(certified, client):
    for _ in range(30):
        client.get(URL, {"t": "garbage"}, REMOTE_ADDR="192.0.2.1")
    assert client.get(URL, {"t": "garbage"}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(URL, {}, REMOTE_ADDR="192.0.2.1").status_code == 429


def test_a_flood_of_look_ups_writes_a_handful_of_audit_rows(certified, client):
    before = AuditEvent.objects.count()
    for i in range(300):
        _look_up(client, f"2026330300{i:06d}", "某某")
    _look_up(client, certified.certificate.number, "胡小明", ip="198.51.100.1")
    _look_up(client, certified.certificate.number, "胡小明", ip="198.51.100.1")
    written = list(AuditEvent.objects.order_by("id")[before:].values_list("event", "result"))
    assert written == [
        ("certificate_verified", "denied"),  # the first unknown number of the hour
        ("certificate_verification_throttled", "denied"),  # once, for the 270 refused
        ("certificate_verified", "ok"),  # the certificate found, once per address and hour
    ]


def test_new_numbers_carry_an_unguessable_tail_and_old_numbers_still_verify(certified):
    certificate = certified.certificate
    assert re.fullmatch(r"\d{16}-[A-HJ-NP-Z2-9]{5}", certificate.number), certificate.number
    assert verify_by_number_and_name(certificate.number, "胡小明").state == "valid"
    old_style = certificate.number.split("-")[0]
    Certificate.objects.filter(pk=certificate.pk).update(number=old_style)
    assert verify_by_number_and_name(old_style, "胡小明").state == "valid"


def test_behind_a_trusted_proxy_the_limit_keys_on_the_real_client(certified, client, settings):
    """Every look-up arrives from the proxy's address; the limit follows the client it forwarded."""
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    def via_proxy(client_ip, number):
        return client.get(
            URL, {"number": number, "name": "胡小明"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip
        ).status_code

    assert [via_proxy("203.0.113.7", f"2026330300{i:06d}") for i in range(30)] == [200] * 30
    assert via_proxy("203.0.113.7", "2026330300999999") == 429  # the busy client is held back
    assert via_proxy("198.51.100.9", certified.certificate.number) == 200  # everyone else is not
    # A client cannot dodge the limit by writing its own X-Forwarded-For: the proxy appends the real one.
    assert via_proxy("192.0.2.55, 203.0.113.7", "2026330300999998") == 429
