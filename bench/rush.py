"""The deadline rush against `make serve`: a bounded threaded HTTP client (no locust on this box).

    # 1. the data and the people (same environment as `make serve`: production settings, its database)
    set -a; . var/serve.env; set +a
    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=postgres://…/zhicheng_serve \\
        .venv/bin/python bench/rush.py prepare --rows 200000
    # 2. the load (make serve running on --base, started with TRUSTED_PROXIES=127.0.0.1: each simulated
    #    user sends its own X-Forwarded-For, as nginx would, so per-address throttles see many people)
    .venv/bin/python bench/rush.py run --base http://127.0.0.1:8000 --users 1,8 --seconds 60

`prepare` fills the database with the queue benchmark's builder (bench/bench_queue.py: applicants with
encrypted numbers and their archives, applications, status history, queue records, search tokens) if it
is empty, gives 100 applicants and the employer's HR a password, opens sessions for the staff (second
factor verified, as after a TOTP login) and for applicants, and makes --drafts applications ready to
submit through the real services (archive approved by the employer, photo, signed commitment, info,
achievements, attachments) plus a few drafts for wizard saves. Its state goes to
var/rush-state-<database>.json. `run` drives the mix for each number of concurrent users (one user: every page once per round, in a
shuffled order, for even samples; more users: the weighted mix) and prints,
per page, requests/s, p50/p95/p99 and the cost as a ratio of the page's median time to the floor's (the
cheapest page, /privacy/) in the same run, with the machine's load average before and after; --json
writes the figures. Logins are real (Argon2 on the server); each 提交 takes one prepared draft and
POSTs it (a draft is used once; when they run out, the page is no longer drawn).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Rush-bench-2026"


def state_path() -> Path:
    name = urlsplit(os.environ.get("DATABASE_URL", "sqlite:///default")).path.rsplit("/", 1)[-1] or "default"
    return ROOT / "var" / f"rush-state-{name}.json"


# (name, weight, who): who is the session kind the request needs ("" = anonymous)
MIX = [
    ("floor /privacy/", 2, ""),
    ("portal home", 2, ""),
    ("公示 /publicity/", 2, ""),
    ("certificate look-up", 2, ""),
    ("login (POST)", 2, "login"),
    ("applicant home", 3, "applicant"),
    ("wizard save (POST 基本信息)", 2, "wizard"),
    ("提交 (POST)", 1, "submit"),
    ("资格自测", 2, "applicant"),
    ("employer home", 2, "hr"),
    ("reviewer home (county)", 2, "county"),
    ("queue tab=pending (county)", 2, "county"),
    ("queue tab=approved (county)", 1, "county"),
    ("queue tab=all (county)", 1, "county"),
    ("queue deep page (county)", 1, "county"),
    ("queue search name 1 char (county)", 1, "county"),
    ("queue search name 2 chars (county)", 1, "county"),
    ("queue search ID last 4 (county)", 1, "county"),
    ("queue tab=pending (employer)", 2, "hr"),
]


def make_drafts(plan, employer, intake, hr, count: int) -> list:
    """Applications ready to 提交, made through the real services (as bench/bench_wizard.py does)."""
    from tests.factories import UserFactory
    from tests.samples import pdf_bytes, upload
    from zhicheng.accounts.models import User
    from zhicheng.applications import services
    from zhicheng.applications.commitment import commitment_text, text_sha256
    from zhicheng.applications.tests.conftest import INFO, signature_data_url
    from zhicheng.archive import services as archive
    from zhicheng.archive.tests.conftest import ACHIEVEMENT, EDUCATION, WORK, photo_ok

    # Past the phone numbers and ID numbers of every user made so far (a second prepare adds more).
    UserFactory.reset_sequence(10_000_000 + User.objects.count())
    made = []
    photo, pdf, signature = photo_ok(), pdf_bytes(), signature_data_url()
    for _ in range(count):
        user = UserFactory()
        archive.personal_info_save(
            user=user,
            data={"employer": employer, "department": "技术部", "post": "工程师", "work_start": "2012-07-01",
                  "education_level": "bachelor", "specialty": "机械"},
        )  # fmt: skip
        ids = [
            archive.entry_create(owner=user, kind=kind, data=data).latest_version_id
            for kind, data in (("education", EDUCATION), ("work", WORK))
        ]
        ach = [
            archive.entry_create(
                owner=user, kind="achievement", data=ACHIEVEMENT, uploads=[upload("z.pdf", pdf)]
            ).latest_version_id
        ]
        archive.entry_versions_approve_bulk(version_ids=ids + ach, actor=hr)
        app, _ = services.application_start(applicant=user, plan=plan, level="intermediate")
        services.draft_photo_upload(
            application=app, actor=user, uploaded=upload("p.jpg", photo, "image/jpeg")
        )
        token, _ = services.signing_token_create(application=app, actor=user)
        services.commitment_sign(
            token=token, image_data_url=signature, shown_sha256=text_sha256(commitment_text(app))
        )
        services.draft_info_save(application=app, actor=user, data={**INFO, "intake_department": intake})
        services.draft_entries_save(application=app, actor=user, version_ids=ach, representative_id=ach[0])
        for r in plan.attachments.all():
            services.attachment_upload(
                application=app, actor=user, requirement=r, uploaded=upload("a.pdf", pdf)
            )
        app.refresh_from_db()
        made.append((user, app))
    return made


def prepare(rows: int, drafts: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application

    have = Application.objects.count()
    if not have:
        import bench_queue

        print(f"filling {rows:,} applications with bench/bench_queue.py's builder", flush=True)
        bench_queue.generate(rows)
    elif have < rows:
        print(f"the database already holds {have:,} applications: measuring at that size", flush=True)
    hr = User.objects.get(role="employer", real_name="李经办")
    county = User.objects.get(role="department", real_name="王审核")
    hashed = make_password(PASSWORD)  # one hash: the same password for every bench account
    applicants = list(
        User.objects.filter(role="applicant", applications__employer_id=hr.organization_id).order_by("pk")[
            :100
        ]
    )
    User.objects.filter(pk__in=[u.pk for u in applicants] + [hr.pk]).update(password=hashed)

    def session_for(user, second_factor: bool) -> str:
        user.refresh_from_db()
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if second_factor:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="bench", defaults={"confirmed": True}
            )
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.set_expiry(24 * 3600)
        store.create()
        return store.session_key

    from zhicheng.organizations.models import Organization
    from zhicheng.plans.models import Plan
    from zhicheng.review.models import ReviewEntry

    sample = Application.objects.filter(employer_id=hr.organization_id).select_related("applicant").first()
    plan = Plan.objects.filter(pk__in=Application.objects.values("plan_id")).order_by("-year").first()
    t0 = time.perf_counter()
    intake = Organization.objects.get(pk=county.organization_id)
    ready = make_drafts(plan, hr.organization.employer, intake, hr, drafts)
    editing = make_drafts(plan, hr.organization.employer, intake, hr, 8)
    print(f"{len(ready) + len(editing)} drafts made through the services in {time.perf_counter() - t0:.0f} s")
    ids = list(
        ReviewEntry.objects.filter(organization_id=county.organization_id)
        .order_by("-application_id")
        .values_list("application_id", flat=True)
    )
    state = {
        "settings": settings.SETTINGS_MODULE,
        "applications": Application.objects.count(),
        "county": [session_for(county, True) for _ in range(8)],
        "hr": [session_for(hr, False) for _ in range(8)],
        "applicant": [session_for(u, False) for u in applicants[:40]],
        "login": [u.phone for u in applicants[40:]],
        "plan": plan.pk,
        "id_last4": sample.applicant.id_number[-4:],
        "name": "王",
        "name2": sample.applicant.real_name[:2],
        "deep": ids[len(ids) // 2] if ids else None,
        "submit": [[session_for(u, False), a.pk, a.version] for u, a in ready],
        "wizard": [[session_for(u, False), a.pk] for u, a in editing],
        "intake": intake.pk,
    }
    path = state_path()
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(state, ensure_ascii=False))
    print(f"ready: {state['applications']:,} applications; sessions, drafts and logins in {path}")


class Browser:
    """One keep-alive connection and one cookie jar: a user's browser."""

    def __init__(self, base: str, session: str = "", address: str = ""):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {"sessionid": session} if session else {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        # The address the proxy saw: every simulated person has their own (per-address throttles).
        self.address = (
            address or f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        )

    def request(self, method: str, path: str, form: dict | None = None, referer: bool = False):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Host": self.host,
            "X-Forwarded-For": self.address,
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
            headers["X-Forwarded-Proto"] = "http"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", data

    def csrf(self, path: str) -> str:
        _, _, data = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data)
        return match.group(1).decode() if match else ""


def run(base: str, users: list[int], seconds: int, seed: int = 7, json_out: str = "") -> None:
    state = json.loads(state_path().read_text())
    search_urls: dict[tuple[str, str], str] = {}
    drafts = list(state["submit"])  # each is submitted once
    drafts_lock = threading.Lock()
    results = {"applications": state["applications"], "runs": []}

    def search_url(browser: Browser, kind: str, words: str) -> str:
        key = (browser.cookies["sessionid"], kind)
        if key not in search_urls:
            token = browser.csrf("/review/?tab=all")
            status, location, _ = browser.request(
                "POST", "/review/", {"q": words, "tab": "all", "csrfmiddlewaretoken": token}
            )
            assert status == 302, status
            search_urls[key] = urlsplit(location).path + "?" + urlsplit(location).query
        return search_urls[key]

    def info_form(pk: int, token: str, rng: random.Random) -> dict:
        return {
            "csrfmiddlewaretoken": token,
            "declaration_type": "normal",
            "specialty": "机械",
            "work_category": "design",
            "intake_department": state["intake"],
            "self_statement": f"任现职以来，主持完成阀门密封结构设计与试验（第{rng.randint(1, 999)}稿）。",
            "administrative_post": "无",
        }

    def one(name: str, browser: Browser, rng: random.Random):
        if name == "floor /privacy/":
            return browser.request("GET", "/privacy/")
        if name == "portal home":
            return browser.request("GET", "/")
        if name == "公示 /publicity/":
            return browser.request("GET", "/publicity/")
        if name == "certificate look-up":
            number = f"ZJ{rng.randint(2020, 2026)}{rng.randint(0, 999999):06d}"
            return browser.request(
                "GET", f"/certificates/verify/?{urlencode({'number': number, 'name': '王伟'})}"
            )
        if name in ("applicant home", "employer home", "reviewer home (county)"):
            return browser.request("GET", "/accounts/home/")
        if name == "资格自测":
            return browser.request("GET", f"/eligibility/self-check/?plan={state['plan']}")
        if name.startswith("queue tab=pending"):
            return browser.request("GET", "/review/?tab=pending")
        if name == "queue tab=approved (county)":
            return browser.request("GET", "/review/?tab=approved")
        if name == "queue tab=all (county)":
            return browser.request("GET", "/review/?tab=all")
        if name == "queue deep page (county)":
            return browser.request("GET", f"/review/?tab=all&after={state['deep']}")
        if name == "queue search name 1 char (county)":
            return browser.request("GET", search_url(browser, "name", state["name"]))
        if name == "queue search name 2 chars (county)":
            return browser.request("GET", search_url(browser, "name2", state["name2"]))
        if name == "queue search ID last 4 (county)":
            return browser.request("GET", search_url(browser, "id", state["id_last4"]))
        raise KeyError(name)

    names = [n for n, w, _ in MIX for _ in range(w)]
    who = {n: w for n, _, w in MIX}
    print(f"{state['applications']:,} applications; mix: " + ", ".join(f"{n}×{w}" for n, w, _ in MIX))
    for c in users:
        samples: dict[str, list[float]] = {n: [] for n, _, _ in MIX}
        failures: dict[str, int] = {}
        lock = threading.Lock()
        load_before = os.getloadavg()
        window: dict[str, float] = {}
        # Sessions opened and search URLs made: the timed window starts when every worker is ready.
        ready = threading.Barrier(
            c + 1,
            action=lambda window=window: window.update(
                start=time.monotonic(), end=time.monotonic() + seconds
            ),
        )

        def worker(
            i: int, lock=lock, samples=samples, failures=failures, ready=ready, window=window, c=c
        ) -> None:
            rng = random.Random(seed * 1000 + i)
            browsers = {
                kind: Browser(base, state[kind][i % len(state[kind])])
                for kind in ("county", "hr", "applicant")
            }
            browsers[""] = Browser(base)
            wizard_session, wizard_pk = state["wizard"][i % len(state["wizard"])]
            browsers["wizard"] = Browser(base, wizard_session)
            wizard_token = browsers["wizard"].csrf(f"/applications/{wizard_pk}/step/info/")
            logins = state["login"]
            # Search result URLs are made once per session, outside the timings (a POST and a redirect).
            for kind, words in (
                ("name", state["name"]),
                ("name2", state["name2"]),
                ("id", state["id_last4"]),
            ):
                search_url(browsers["county"], kind, words)
            ready.wait()
            deadline = window["end"]
            rounds: list[str] = []
            while time.monotonic() < deadline:
                if c == 1:
                    # One user: every page once per round, in a shuffled order, so that each page (and the
                    # floor) gets as many samples as the others, taken under the same drift of the box.
                    if not rounds:
                        rounds = [n for n, _, _ in MIX]
                        rng.shuffle(rounds)
                    name = rounds.pop()
                else:
                    name = rng.choice(names)
                kind = who[name]
                if kind == "login":
                    b = Browser(base)
                    token = b.csrf("/accounts/login/")
                    form = {
                        "username": rng.choice(logins),
                        "password": PASSWORD,
                        "csrfmiddlewaretoken": token,
                    }
                    t = time.perf_counter()
                    status, _, _ = b.request("POST", "/accounts/login/", form)
                    elapsed = time.perf_counter() - t
                    b.conn.close()
                    ok = status == 302
                elif kind == "submit":
                    with drafts_lock:
                        draft = drafts.pop() if drafts else None
                    if draft is None:
                        continue
                    session, pk, version = draft
                    b = Browser(base, session)
                    token = b.csrf(f"/applications/{pk}/step/preview/")
                    t = time.perf_counter()
                    status, location, _ = b.request(
                        "POST",
                        f"/applications/{pk}/submit/",
                        {"csrfmiddlewaretoken": token, "version": version},
                    )
                    elapsed = time.perf_counter() - t
                    b.conn.close()
                    ok = status == 302 and location.rstrip("/").endswith(f"/applications/{pk}")
                elif kind == "wizard":
                    form = info_form(wizard_pk, wizard_token, rng)
                    t = time.perf_counter()
                    status, location, _ = browsers["wizard"].request(
                        "POST", f"/applications/{wizard_pk}/step/info/", form
                    )
                    elapsed = time.perf_counter() - t
                    ok = status == 302 and "/step/" in location
                else:
                    t = time.perf_counter()
                    status, _, _ = one(name, browsers[kind], rng)
                    elapsed = time.perf_counter() - t
                    ok = status == 200
                with lock:
                    if ok:
                        samples[name].append(elapsed)
                    else:
                        failures[f"{name} → {status}"] = failures.get(f"{name} → {status}", 0) + 1

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(c)]
        for t in threads:
            t.start()
        ready.wait()
        started = window["start"]
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        load_after = os.getloadavg()
        floor = statistics.median(samples["floor /privacy/"]) if samples["floor /privacy/"] else float("nan")
        total = sum(len(v) for v in samples.values())
        print(
            f"\n== {c} concurrent users, {wall:.0f} s: {total / wall:.1f} requests/s in all; "
            f"load average {load_before[0]:.1f} → {load_after[0]:.1f} (2 cores); failures: {failures or 'none'}"
        )
        print(
            f"{'page':36} {'n':>5} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cost×floor':>10}"
        )
        pages = {}
        for name, _, _ in MIX:
            xs = sorted(samples[name])
            if not xs:
                print(f"{name:36} (no successful request)")
                continue

            def q(p, xs=xs):
                return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000

            pages[name] = {
                "n": len(xs),
                "rps": len(xs) / wall,
                "p50": statistics.median(xs) * 1000,
                "p95": q(0.95),
                "p99": q(0.99),
                "ratio": statistics.median(xs) / floor,
            }
            r = pages[name]
            print(
                f"{name:36} {r['n']:5d} {r['rps']:6.1f} {r['p50']:8.1f} {r['p95']:8.1f} "
                f"{r['p99']:8.1f} {r['ratio']:10.1f}"
            )
        results["runs"].append(
            {
                "users": c,
                "seconds": wall,
                "rps": total / wall,
                "load": [load_before[0], load_after[0]],
                "failures": failures,
                "pages": pages,
            }
        )
    # A draft is submitted once: the next run gets only those left (a second 提交 of the same file is
    # refused politely and would measure the wrong thing).
    state["submit"] = drafts
    state_path().write_text(json.dumps(state, ensure_ascii=False))
    if json_out:
        Path(json_out).write_text(json.dumps(results, ensure_ascii=False, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--drafts", type=int, default=150, help="applications made ready to 提交")
    r = sub.add_parser("run")
    r.add_argument("--base", default="http://127.0.0.1:8000")
    r.add_argument("--users", default="1,8")
    r.add_argument("--seconds", type=int, default=60)
    r.add_argument("--json", default="", help="write the figures to this file")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.rows, args.drafts)
    else:
        run(args.base, [int(u) for u in args.users.split(",")], args.seconds, json_out=args.json)


if __name__ == "__main__":
    main()
