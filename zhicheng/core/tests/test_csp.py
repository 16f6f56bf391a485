"""Issue 12 item 17: a strict Content-Security-Policy and a Permissions-Policy on every response, and no
inline script in any template (the policy would block it)."""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.urls import get_resolver

from zhicheng.accounts.demo_accounts import DEMO_PASSWORD
from zhicheng.accounts.tests.test_security import _walk
from zhicheng.demo.seed import load_demo

DEMO_LOGINS = [
    "13800000001",
    "13800000002",
    "13800000003",
    "13800000004",
    "13800000005",
    "13800000006",
    "admin",
]


def _assert_policies(response, path):
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, (path, response.status_code, "no Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'", (path, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (path, csp)
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'self'"
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), path


def _crawl(client, start, limit):
    """Follow same-site links breadth first; return the paths fetched."""
    seen, queue, fetched = set(start), deque(start), []
    while queue and len(fetched) < limit:
        path = queue.popleft()
        response = client.get(path)
        fetched.append(path)
        _assert_policies(response, path)
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith("/static/"):
                continue
            if href.startswith("/django-admin/") and "/delete/" in href:
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return fetched


@pytest.mark.django_db
def test_every_page_a_crawler_reaches_carries_the_policies(client, settings):
    settings.DEMO_MODE = True
    settings.STAFF_OTP_REQUIRED = False
    load_demo()
    fetched = _crawl(client, ["/"], limit=80)
    for login in DEMO_LOGINS:
        client.logout()
        assert (
            client.post("/accounts/login/", {"username": login, "password": DEMO_PASSWORD}).status_code == 302
        )
        fetched += _crawl(client, ["/accounts/home/"], limit=40)
    assert len(fetched) > 150


@pytest.mark.django_db
def test_every_route_answers_with_the_policies_even_when_refused_or_missing(client):
    checked = 0
    for route, _name, _ in _walk(get_resolver()):
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route).replace("^", "").replace("$", "")
        _assert_policies(client.get(path), path)
        checked += 1
    _assert_policies(client.get("/no-such-page/"), "/no-such-page/")
    assert checked > 50


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=\s*[\"']", re.I)
JAVASCRIPT_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I)


def _templates():
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR, "zhicheng").glob("*/templates")]
    for root in roots:
        yield from root.rglob("*.html")


def test_no_template_carries_inline_script_handlers_or_styles():
    offenders = []
    for template in _templates():
        text = template.read_text(encoding="utf-8")
        if "documents/templates/documents/pdf/" in str(template):
            continue  # rendered to PDF on the server, never served to a browser
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE, JAVASCRIPT_URL):
            for match in pattern.finditer(text):
                offenders.append(f"{template}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_the_template_check_catches_each_kind_of_inline_code():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/site.js" defer></script>')
    assert INLINE_HANDLER.search('<form onsubmit="return confirm(1)">')
    assert not INLINE_HANDLER.search('<button data-confirm="确定吗？">')
    assert INLINE_STYLE.search('<div style="margin:0">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
