"""Denials are audited with the address the deployment trusts; ID searches stay out of URLs and logs
(issue 12 items 18 and 20)."""

import pytest

from tests.factories import EmployerFactory, staff
from zhicheng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _denials():
    return AuditEvent.objects.filter(event="access_denied", result="denied")


def test_an_object_outside_the_users_scope_answers_404_and_leaves_an_audit_row(chain, as_user):
    app = chain.new_application("胡小明")
    outsider = staff("employer", EmployerFactory(organization__name="瓯海另一家公司").organization)
    client = as_user(outsider)
    response = client.get(f"/review/applications/{app.pk}/", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 404
    row = _denials().get()
    assert row.actor == outsider and row.role == "employer" and row.ip == "198.51.100.7"
    assert row.data["path"] == f"/review/applications/{app.pk}/" and row.data["answer"] == 404
    # A URL that matches no view is not an object-level denial.
    assert client.get("/review/no-such-page/").status_code == 404
    assert _denials().count() == 1


def test_the_audited_address_is_the_trusted_proxys_last_hop_and_never_a_client_claim(
    chain, as_user, settings
):
    app = chain.new_application("胡小明")
    client = as_user(staff("employer", EmployerFactory(organization__name="瓯海另一家公司").organization))
    spoofed = {"HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    # No trusted proxy: X-Forwarded-For is whatever the client wrote, REMOTE_ADDR is recorded.
    client.get(f"/review/applications/{app.pk}/", REMOTE_ADDR="198.51.100.7", **spoofed)
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    # Through the proxy: the hop it appended; the client's own claim to its left is ignored.
    client.get(
        f"/review/applications/{app.pk}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.20",
    )
    # Around the proxy, straight to the server: the header is not believed.
    client.get(f"/review/applications/{app.pk}/", REMOTE_ADDR="198.51.100.9", **spoofed)
    # A role-level 403 records the same address.
    client.get("/office/plans/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert list(_denials().order_by("id").values_list("ip", flat=True)) == [
        "198.51.100.7",
        "198.51.100.20",
        "198.51.100.9",
        "198.51.100.21",
    ]
