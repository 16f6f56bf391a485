"""A few pages against the floor, one request at a time, for an A/B of two servers in turn.

The rush's one-user figures move with whatever else the box does (the worker renders a 评审表 after each
提交 on the same cores). This asks only the pages named, each round the floor (/privacy/) then each page
once, on one keep-alive connection, with the sessions `bench/rush.py prepare` opened; it prints each
page's median and its ratio to the floor's median of the same run. --submit N also POSTs one 提交 in each
of the first N rounds (a prepared draft each, used once, as in the rush; the 提交's CSRF token is fetched
untimed from its preview page).

    .venv/bin/python bench/ab_pages.py --state zhicheng_scale --who county /review/?tab=all /accounts/home/
    .venv/bin/python bench/ab_pages.py --state zhicheng_scale --submit 40 --rounds 40 /privacy/
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "/privacy/"
SUBMIT = "提交 (POST)"


def submit(base: str, session: str, pk: int, version: int) -> float:
    """One 提交 as the applicant's browser sends it; its time in ms."""
    sys.path.insert(0, str(ROOT / "bench"))
    from rush import Browser

    browser = Browser(base, session, "10.9.9.9")
    token = browser.csrf(f"/applications/{pk}/step/preview/")
    started = time.perf_counter()
    status, location, _ = browser.request(
        "POST", f"/applications/{pk}/submit/", {"csrfmiddlewaretoken": token, "version": version}
    )
    elapsed = (time.perf_counter() - started) * 1000
    browser.conn.close()
    if status != 302 or not location.rstrip("/").endswith(f"/applications/{pk}"):
        sys.exit(f"提交 of application {pk}: HTTP {status} → {location}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--state", default="zhicheng_serve", help="the database name of var/rush-state-<name>.json"
    )
    parser.add_argument("--who", default="county", choices=["county", "hr", "applicant"])
    parser.add_argument("--rounds", type=int, default=80)
    parser.add_argument("--submit", type=int, default=0, help="POST a 提交 in each of the first N rounds")
    args = parser.parse_args()
    path = ROOT / "var" / f"rush-state-{args.state}.json"
    state = json.loads(path.read_text())
    drafts = state["submit"][: args.submit]
    if len(drafts) < args.submit:
        sys.exit(f"only {len(drafts)} prepared drafts left: run bench/rush.py prepare --drafts N")
    state["submit"] = state["submit"][args.submit :]
    path.write_text(json.dumps(state, ensure_ascii=False))  # a draft is submitted once
    session = state[args.who][0]
    base = urlsplit(args.base)
    conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
    times: dict[str, list[float]] = {FLOOR: [], **{p: [] for p in args.pages}}
    if drafts:
        times[SUBMIT] = []
    for _ in range(max(1, min(args.rounds, 1000))):
        if drafts:
            times[SUBMIT].append(submit(args.base, *drafts.pop()))
        for page in (p for p in times if p != SUBMIT):
            headers = {"Host": base.netloc, "X-Forwarded-For": "10.9.9.9"}
            if page != FLOOR:
                headers["Cookie"] = f"sessionid={session}"
            started = time.perf_counter()
            conn.request("GET", page, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                sys.exit(f"{page}: HTTP {response.status}")
            times[page].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times[FLOOR])
    for page, xs in times.items():
        print(f"{page:36} {statistics.median(xs):8.1f} ms {statistics.median(xs) / floor:6.1f}× floor")


if __name__ == "__main__":
    main()
