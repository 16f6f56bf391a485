"""A GET request never writes a row or queues a message (DESIGN.md §4.13; issue 13, issue 12 item 15).

Walks the URL resolver as the default-deny test does, fills each route's parameters with the first
ids, and GETs it as every demo account (one per role, on the demo data of `make run`, plus an evaluation
case walked to its end), with a database hook that records every INSERT, UPDATE and DELETE.

Allowed, because the platform must write them while serving a read:
- ``core_auditevent`` / ``core_audithead``: reading personal data is itself recorded (SECURITY.md: who saw
  which ID number or file, and refused accesses), and the chain head moves with each record;
- ``django_session``: the session framework stores flash messages and refreshed session data;
- ``axes_accessattempt`` / ``axes_accesslog``: django-axes records logins (only the login page touches them).
Anything else — a case opened, a review marked started, a default rules row, a message — fails the test.

Two reads of the accounts app still write, named here until that app changes them (reported, not hidden):
- ``/accounts/otp/``: the first visit of the staff second-factor set-up stores the unconfirmed TOTP device
  whose QR code it shows;
- ``/accounts/messages/<pk>/``: opening a message in the inbox marks it read before following its link.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory
from zhicheng.accounts.models import User, login_key
from zhicheng.notifications.models import Message
from zhicheng.paper.selectors import pending_check
from zhicheng.paper.services import paper_check_record
from zhicheng.plans.models import Plan

from .helpers import World, expert, qualified_application

ALLOWED_TABLES = {
    "core_auditevent",
    "core_audithead",
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
}
KNOWN_WRITING_READS = {
    "/accounts/otp/": {"otp_totp_totpdevice"},
    "/accounts/messages/": {"notifications_message"},
}
SKIPPED_PREFIXES = ("django-admin/", "static/", "media/")
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _paths(route: str):
    """The route with its parameters filled: ids 1–3 for each id-like parameter, a word for the rest."""
    route = route.replace("^", "").replace("$", "")
    params = PARAM.findall(route)
    if not params:
        yield "/" + route
        return
    for value in (1, 2, 3):

        def fill(match, value=value):
            converter, name = match.group(1), match.group(2)
            if converter in ("int", None) and (name == "pk" or name.endswith("_id")):
                return str(value)
            return {"str": "x", "slug": "x", "path": "x"}.get(converter or "", str(value))

        yield "/" + PARAM.sub(fill, route)


class WriteRecorder:
    def __init__(self):
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(1) not in ALLOWED_TABLES:
            self.writes.append(match.group(1))
        return execute(sql, params, many, context)


@pytest.fixture
def demo_world(db, settings, django_capture_on_commit_callbacks):
    from zhicheng.demo.seed import load_demo

    settings.STAFF_OTP_REQUIRED = False
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    logins = ["13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006"]
    logins += ["13800000007", "admin"]
    users = [User.objects.get(username=login_key(x)) for x in logins]
    # The evaluation's side: on the closed 2020 温州 plan (pk 1, the office's committee), one file cleared
    # by the 资格审查公示 with its case walked to a vote, and the demo applicant's file cleared and waiting
    # — the state in which the office's plan page and the applicant's list used to open cases.
    plan = Plan.objects.order_by("pk").first()
    world = World.__new__(World)
    world.plan, world.office, world.bureau = plan, users[3], users[5]
    world.experts = [expert(plan, name=f"专家{i}") for i in range(3)]
    world.panel = None
    case = world.pay(world.case(applicant=UserFactory(real_name="吴晓东")))
    case = world.pass_assessments(case)  # the seed plan holds 理论考试 and 面试答辩 (seed 000 五2)
    step = pending_check(
        case.application
    )  # and the stamped 评审表 to the 学会 before the review (seed 000 七)
    paper_check_record(actor=world.office, step=step, application=case.application, checked=step.items)
    world.assign(case)
    world.vote([case])
    qualified_application(plan=plan, applicant=users[0])
    return users


def test_no_get_request_writes_a_row_or_queues_a_message(demo_world, django_capture_on_commit_callbacks):
    from django.db import connection

    routes = [r for r in _walk(get_resolver()) if not r.startswith(SKIPPED_PREFIXES)]
    clients = [(None, Client(raise_request_exception=False))]
    for user in demo_world:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append((user.role, client))
    messages_before = Message.objects.count()
    recorder = WriteRecorder()
    offenders: dict[str, set[str]] = {}
    errors: list[str] = []
    requests = 0
    for (role, client), route in itertools.product(clients, routes):
        for path in _paths(route):
            recorder.writes.clear()
            with connection.execute_wrapper(recorder), django_capture_on_commit_callbacks(execute=True):
                response = client.get(path)
            requests += 1
            if response.status_code >= 500:
                errors.append(f"{role} GET {path}: {response.status_code}")
            known = next((t for p, t in KNOWN_WRITING_READS.items() if path.startswith(p)), set())
            if set(recorder.writes) - known:
                offenders.setdefault(f"{role} GET {path}", set()).update(set(recorder.writes) - known)
    assert offenders == {}, "\n".join(f"{k}: {sorted(v)}" for k, v in sorted(offenders.items()))
    assert errors == []
    assert Message.objects.count() == messages_before
    assert mail.outbox == []
    assert requests > 1000
