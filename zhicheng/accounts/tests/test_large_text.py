"""Issue 17 §3: a 大字号 mode in the page header, remembered per user (server side) and for anonymous
visitors (a cookie); a POST, never a GET, changes it."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_turns_large_text_on_and_off_with_a_cookie(client):
    home = client.get("/").content.decode()
    assert 'class="large-text"' not in home and 'aria-pressed="false"' in home and "大字号" in home
    assert client.get("/accounts/large-text/").status_code == 405
    response = client.post("/accounts/large-text/", {"on": "1", "next": "/plans/"})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert response.cookies["large_text"].value == "1"
    page = client.get("/plans/").content.decode()
    assert '<html lang="zh-CN" class="large-text">' in page and 'aria-pressed="true"' in page
    client.post("/accounts/large-text/", {"on": "0", "next": "/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_a_signed_in_user_keeps_large_text_on_every_device(client, login, applicant):
    login(applicant)
    client.post("/accounts/large-text/", {"on": "1", "next": "/accounts/home/"})
    applicant.refresh_from_db()
    assert applicant.large_text is True
    client.cookies.pop("large_text")  # another device: no cookie, the account remembers
    assert 'class="large-text"' in client.get("/accounts/home/").content.decode()


def test_the_toggle_never_redirects_off_site(client):
    response = client.post("/accounts/large-text/", {"on": "1", "next": "https://evil.example/"})
    assert "evil.example" not in response["Location"]
