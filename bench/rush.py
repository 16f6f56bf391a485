"""The deadline rush against `make serve`: a bounded threaded HTTP client (no locust on this box).

    # 1. the data and the people (same environment as `make serve`: production settings, its database)
    set -a; . var/serve.env; set +a
    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=postgres://…/zhicheng_serve \\
        .venv/bin/python bench/rush.py prepare --rows 50000
    # 2. the load (make serve running on --base)
    .venv/bin/python bench/rush.py run --base http://127.0.0.1:8000 --users 1,8,32 --seconds 30

`prepare` fills the database with the queue benchmark's builder (bench/bench_queue.py: applicants with
encrypted numbers, applications, status history, queue records, search tokens) if it holds fewer than
--rows applications, gives 100 applicants and the employer's HR a password, and opens sessions for the
staff (with their second factor verified, as after a TOTP login) and for applicants. `run` drives the
mix for each number of concurrent users and prints, per page, requests/s, p50/p95/p99 and the cost as a
ratio of the page's median time to the floor's (the cheapest page, /privacy/) in the same run, with the
machine's load average. Logins are real: GET the form, POST the password (Argon2 on the server).
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
STATE = ROOT / "var" / "rush-state.json"
PASSWORD = "Rush-bench-2026"

# (name, weight, who): who is the session kind the request needs ("" = anonymous)
MIX = [
    ("floor /privacy/", 1, ""),
    ("portal home", 2, ""),
    ("公示 /publicity/", 2, ""),
    ("certificate look-up form", 1, ""),
    ("login (POST)", 2, "login"),
    ("applicant home", 4, "applicant"),
    ("资格自测", 2, "applicant"),
    ("employer home", 2, "hr"),
    ("queue tab=pending (county)", 3, "county"),
    ("queue tab=all (county)", 2, "county"),
    ("queue search name (county)", 2, "county"),
    ("queue search ID last 4 (county)", 1, "county"),
    ("queue tab=pending (employer)", 2, "hr"),
]


def prepare(rows: int) -> None:
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

    sample = Application.objects.filter(employer_id=hr.organization_id).select_related("applicant").first()
    plan = Application.objects.order_by("-plan__year").values_list("plan_id", flat=True).first()
    state = {
        "settings": settings.SETTINGS_MODULE,
        "applications": Application.objects.count(),
        "county": [session_for(county, True) for _ in range(8)],
        "hr": [session_for(hr, False) for _ in range(8)],
        "applicant": [session_for(u, False) for u in applicants[:40]],
        "login": [u.phone for u in applicants[40:]],
        "plan": plan,
        "id_last4": sample.applicant.id_number[-4:],
        "name": "王",
    }
    STATE.parent.mkdir(exist_ok=True)
    STATE.write_text(json.dumps(state, ensure_ascii=False))
    print(f"ready: {state['applications']:,} applications; sessions and logins in {STATE}")


class Browser:
    """One keep-alive connection and one cookie jar: a user's browser."""

    def __init__(self, base: str, session: str = ""):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {"sessionid": session} if session else {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def request(self, method: str, path: str, form: dict | None = None, referer: bool = False):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": self.host}
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


def run(base: str, users: list[int], seconds: int, seed: int = 7) -> None:
    state = json.loads(STATE.read_text())
    search_urls: dict[tuple[str, str], str] = {}

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

    def one(name: str, browser: Browser, rng: random.Random):
        if name == "floor /privacy/":
            return browser.request("GET", "/privacy/")
        if name == "portal home":
            return browser.request("GET", "/")
        if name == "公示 /publicity/":
            return browser.request("GET", "/publicity/")
        if name == "certificate look-up form":
            return browser.request("GET", "/certificates/verify/")
        if name in ("applicant home", "employer home"):
            return browser.request("GET", "/accounts/home/")
        if name == "资格自测":
            return browser.request("GET", f"/eligibility/self-check/?plan={state['plan']}")
        if name.startswith("queue tab=pending"):
            return browser.request("GET", "/review/?tab=pending")
        if name == "queue tab=all (county)":
            return browser.request("GET", "/review/?tab=all")
        if name == "queue search name (county)":
            return browser.request("GET", search_url(browser, "name", state["name"]))
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
        deadline = time.monotonic() + seconds
        load_before = os.getloadavg()

        def worker(i: int, deadline=deadline, lock=lock, samples=samples, failures=failures) -> None:
            rng = random.Random(seed * 1000 + i)
            browsers = {
                kind: Browser(base, state[kind][i % len(state[kind])])
                for kind in ("county", "hr", "applicant")
            }
            browsers[""] = Browser(base)
            logins = state["login"]
            # Search result URLs are made once per session, outside the timings (a POST and a redirect).
            search_url(browsers["county"], "name", state["name"])
            search_url(browsers["county"], "id", state["id_last4"])
            while time.monotonic() < deadline:
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
        started = time.monotonic()
        for t in threads:
            t.start()
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
        print(f"{'page':34} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cost×floor':>10}")
        for name, _, _ in MIX:
            xs = sorted(samples[name])
            if not xs:
                print(f"{name:34} (no successful request)")
                continue

            def q(p, xs=xs):
                return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000

            print(
                f"{name:34} {len(xs) / wall:7.1f} {statistics.median(xs) * 1000:8.1f} {q(0.95):8.1f} "
                f"{q(0.99):8.1f} {statistics.median(xs) / floor:10.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--rows", type=int, default=50_000)
    r = sub.add_parser("run")
    r.add_argument("--base", default="http://127.0.0.1:8000")
    r.add_argument("--users", default="1,8,32")
    r.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.rows)
    else:
        run(args.base, [int(u) for u in args.users.split(",")], args.seconds)


if __name__ == "__main__":
    main()
