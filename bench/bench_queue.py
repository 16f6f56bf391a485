"""Benchmark of the reviewers' queue page with 50,000 applications in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng uv run python bench/bench_queue.py
    uv run python bench/bench_queue.py --rows 50000 --requests 30      # SQLite (in memory)
    ... --keep                                                         # reuse test_<db> between runs

It builds a test database beside the configured one (test_<name>), writes the applications with
bulk_create — applicants with encrypted ID and phone numbers, status history for every step, the
queue records rebuilt from that history (rebuild_entries) and the ID-fragment tokens — then times
GET /review/ through Django's test Client (the whole stack: middleware, session, permission, page
rendering) for each tab, searches and deep pages, as the employer that holds 10,000 of the files
and as the county department that all 50,000 reached. Figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏宇浩然子轩欣怡梓涵晨阳佳琪雨泽俊杰思远志强海波"
)


# pending@employer 20%, rejected@employer 3%, returned@employer 4%, pending@county 25%, returned@county 5%,
# rejected@county 3%, pending@city 20%, pending@office 12%, qualified 8%
OUTCOMES = [
    (0.20, "pending_employer"),
    (0.23, "rejected_employer"),
    (0.27, "returned_employer"),
    (0.52, "pending_county"),
    (0.57, "returned_county"),
    (0.60, "rejected_county"),
    (0.80, "pending_city"),
    (0.92, "pending_office"),
    (1.01, "qualified"),
]


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def id_number(n: int, rng: random.Random) -> str:
    from stdnum.cn import ric

    region = rng.choice(["330302", "330303", "330304", "330381", "330382"])
    birth = f"{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    base = f"{region}{birth}{n % 1000:03d}"
    return base + ric.calc_check_digit(base)


EDUCATION = {
    "level": "bachelor",
    "school": "浙江工业大学",
    "major": "机械工程",
    "graduated_on": "2012-06-30",
    "full_time": True,
    "degree": "bachelor_degree",
    "converted_by_ce": False,
    "xuexin_status": "not_checked",
}
WORK = {
    "post": "技术部 设计员",
    "from": "2012-07-01",
    "professional": True,
    "related": True,
    "employer_kind": "enterprise",
}


def add_archives(apps, employer_ids: dict[int, int], reviewer, batch: int = 5000) -> int:
    """Each applicant's archive, as the wizard would have left it: 个人基本信息, an approved education
    and work entry (one version each), both pinned to the application (automatic entries). Bulk
    writes in chunks; returns the number of archive rows written."""
    from datetime import date

    from django.utils import timezone

    from zhicheng.applications.models import ApplicationEntry
    from zhicheng.archive.models import Entry, EntryVersion, PersonalInfo

    now = timezone.now()
    written = 0
    for i in range(0, len(apps), batch):
        chunk = apps[i : i + batch]
        PersonalInfo.objects.bulk_create(
            [
                PersonalInfo(
                    user_id=a.applicant_id,
                    gender="male" if a.pk % 2 else "female",
                    birth_date=date(1970 + a.pk % 30, 1 + a.pk % 12, 1 + a.pk % 28),
                    employer_id=employer_ids[a.pk],
                    department="技术部",
                    post="工程师",
                    work_start=date(2012, 7, 1),
                    education_level="bachelor",
                    specialty=a.specialty,
                )
                for a in chunk
            ],
            batch_size=batch,
        )
        entries = Entry.objects.bulk_create(
            [Entry(owner_id=a.applicant_id, kind=kind) for a in chunk for kind in ("education", "work")],
            batch_size=batch,
        )
        versions = EntryVersion.objects.bulk_create(
            [
                EntryVersion(
                    entry=e,
                    number=1,
                    data=EDUCATION if e.kind == "education" else WORK,
                    status=EntryVersion.Status.APPROVED,
                    reviewed_by=reviewer,
                    reviewed_at=now,
                )
                for e in entries
            ],
            batch_size=batch,
        )
        # One set-based UPDATE … FROM (PostgreSQL, and SQLite ≥ 3.33) instead of a subquery per row.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Entry._meta.db_table} SET latest_version_id = v.id, approved_version_id = v.id "
                f"FROM {EntryVersion._meta.db_table} v WHERE v.entry_id = {Entry._meta.db_table}.id "
                f"AND {Entry._meta.db_table}.id BETWEEN %s AND %s",
                [entries[0].pk, entries[-1].pk],
            )
        ApplicationEntry.objects.bulk_create(
            [
                ApplicationEntry(application_id=a.pk, version=v, automatic=True, order=n)
                for a, pair in zip(chunk, zip(versions[0::2], versions[1::2], strict=True), strict=True)
                for n, v in enumerate(pair)
            ],
            batch_size=batch,
        )
        written += len(chunk) + 2 * len(entries) + len(versions)
    return written


ENTRIES_SQL = """
WITH h AS (
    SELECT h.id, h.application_id, h.organization_id, h.stage_id, h.action, h.at, h.opinion,
           lag(h.at) OVER (PARTITION BY h.application_id ORDER BY h.at, h.id) AS prev_at
    FROM applications_statushistory h WHERE h.application_id BETWEEN %(lo)s AND %(hi)s
), d AS (
    SELECT h.*,
           count(*) FILTER (WHERE action = 'return') OVER (PARTITION BY application_id, organization_id) AS n,
           row_number() OVER (PARTITION BY application_id, organization_id ORDER BY at DESC, id DESC) AS rn
    FROM h WHERE organization_id IS NOT NULL AND action IN ('approve', 'return', 'reject')
)
INSERT INTO review_reviewentry (application_id, organization_id, stage_id, stage_kind, plan_id, year, state,
                                returned_count, arrived_at, decided_at, last_opinion)
SELECT d.application_id, d.organization_id, d.stage_id, s.kind, a.plan_id, p.year,
       CASE d.action WHEN 'approve' THEN 'approved' WHEN 'return' THEN 'returned' ELSE 'rejected' END,
       d.n, COALESCE(d.prev_at, d.at), d.at, d.opinion
FROM d
JOIN plans_planstage s ON s.id = d.stage_id
JOIN applications_application a ON a.id = d.application_id
JOIN plans_plan p ON p.id = a.plan_id
WHERE d.rn = 1
"""
PENDING_SQL = """
INSERT INTO review_reviewentry (application_id, organization_id, stage_id, stage_kind, plan_id, year, state,
                                returned_count, arrived_at, decided_at, last_opinion)
SELECT a.id, a.current_org_id, a.current_stage_id, s.kind, a.plan_id, p.year, 'pending', 0,
       COALESCE((SELECT max(h.at) FROM applications_statushistory h WHERE h.application_id = a.id),
                a.status_changed_at, a.created_at),
       NULL, ''
FROM applications_application a
JOIN plans_planstage s ON s.id = a.current_stage_id
JOIN plans_plan p ON p.id = a.plan_id
WHERE a.status = 'pending' AND a.current_org_id IS NOT NULL AND a.id BETWEEN %(lo)s AND %(hi)s
ON CONFLICT (application_id, organization_id) DO UPDATE
SET state = 'pending', stage_id = EXCLUDED.stage_id, stage_kind = EXCLUDED.stage_kind,
    arrived_at = EXCLUDED.arrived_at, decided_at = NULL
"""


def rebuild_entries_sql(chunk: int = 10_000) -> int:
    """review.tracking.rebuild_entries as two set-based statements, for a bulk load on PostgreSQL: the
    same rows for histories of submits and decisions (withdrawals, which the builder never makes, are
    left to rebuild_entries). 200,000 applications in about a minute instead of most of an hour on the
    shared box; checked against rebuild_entries on the 10,000 database (identical rows)."""
    from zhicheng.review.counts import all_changed

    with connection.cursor() as cursor:
        # Tables just filled in bulk have no statistics yet (autovacuum has not come by): without them the
        # planner ran PENDING_SQL's per-application max(at) as a scan of the whole history per chunk (one
        # chunk ran for over 12 minutes on an idle box).
        cursor.execute(
            "ANALYZE applications_application, applications_statushistory, plans_planstage, plans_plan"
        )
        cursor.execute("DELETE FROM review_reviewentry")
        cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM applications_application")
        first, last = cursor.fetchone()
        # In chunks of applications: one statement over the whole history sorted 512,000 rows at once
        # and ran for over half an hour on the shared box.
        for lo in range(first, last + 1, chunk):
            bounds = {"lo": lo, "hi": lo + chunk - 1}
            cursor.execute(ENTRIES_SQL, bounds)
            cursor.execute(PENDING_SQL, bounds)
        cursor.execute("SELECT count(*) FROM review_reviewentry")
        written = cursor.fetchone()[0]
    all_changed()
    return written


def generate(rows: int, seed: int = 20261123, archives: bool = True) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from tests.factories import (
        CommitteeFactory,
        EmployerFactory,
        OrganizationFactory,
        PlanFactory,
        region_tree,
        staff,
    )
    from zhicheng.accounts.models import User, login_key
    from zhicheng.applications.models import Application, StatusHistory
    from zhicheng.core import crypto
    from zhicheng.plans.models import PlanStage
    from zhicheng.review.identity import rebuild_tokens
    from zhicheng.review.tracking import rebuild_entries

    rng = random.Random(seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a bulk load: losing the last commits in a crash is fine
            cursor.execute("SET synchronous_commit TO off")
    regions = region_tree()
    county = OrganizationFactory(
        kind="department", name="鹿城区人力资源和社会保障局", region=regions["330302"]
    )
    city = OrganizationFactory(kind="department", name="温州市人力资源和社会保障局", region=regions["330300"])
    committee = CommitteeFactory(organization__name="温州市机械工程技术人员中级评委会")
    today = timezone.localdate()
    plans = [
        PlanFactory(
            committee=committee,
            year=year,
            name=f"{year}年度温州市机械专业工程师评审计划",
            employer_deadline=today + timedelta(days=10),
            department_deadline=today + timedelta(days=30),
        )
        for year in (today.year - 1, today.year)
    ]
    for plan in plans:
        plan.intake_departments.add(county, city)
    stages = {p.pk: {s.kind: s for s in PlanStage.objects.filter(plan=p)} for p in plans}
    employers = [EmployerFactory(organization__name=f"温州第{i + 1}机械有限公司") for i in range(40)]
    big = employers[0]
    hr = staff("employer", big.organization, real_name="李经办")
    county_user = staff("department", county, real_name="王审核")
    staff("department", city, real_name="赵审核")
    office = staff("committee_office", committee.organization, real_name="钱办公")

    t0 = time.perf_counter()
    unusable = make_password(None)
    users = []
    seen_ids = set()
    for n in range(rows):
        number = id_number(n, rng)
        while number in seen_ids:
            number = id_number(n + rng.randint(1, 10**6), rng)
        seen_ids.add(number)
        phone = f"13{n:09d}"
        users.append(
            User(
                username=login_key(phone),
                role="applicant",
                real_name=rng.choice(SURNAMES)
                + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                phone=phone,
                phone_index=crypto.blind_index(phone),
                id_number=number,
                id_number_index=crypto.blind_index(number),
                password=unusable,
            )
        )
    users = User.objects.bulk_create(users, batch_size=2000)
    t_users = time.perf_counter() - t0

    # Where each file is: a fifth of them belong to the big employer; the rest spread over 39 others.
    t0 = time.perf_counter()
    apps, plan_of = [], []
    now = timezone.now()
    outcomes = []
    for n, user in enumerate(users):
        plan = plans[1] if n % 4 else plans[0]
        employer = big if n % 5 == 0 else employers[1 + n % 39]
        roll = rng.random()
        outcome = next(name for limit, name in OUTCOMES if roll < limit)
        outcomes.append(outcome)
        st = stages[plan.pk]
        where = {
            "pending_employer": ("pending", "employer", employer.organization_id),
            "pending_county": ("pending", "county", county.pk),
            "pending_city": ("pending", "city", city.pk),
            "pending_office": ("pending", "committee_office", committee.organization_id),
        }.get(outcome)
        status = where[0] if where else outcome.split("_")[0]
        status = {"returned": "returned", "rejected": "rejected", "qualified": "qualified"}.get(
            status, status
        )
        returned_from = (
            st["employer"]
            if outcome == "returned_employer"
            else st["county"]
            if outcome == "returned_county"
            else None
        )
        apps.append(
            Application(
                plan=plan,
                applicant=user,
                level="intermediate",
                specialty=rng.choice(["机械设计与制造", "机电一体化", "机械电子工程", "数控技术"]),
                declaration_type="normal",
                employer=employer,
                intake_department=county,
                status=status,
                current_stage=st[where[1]] if where else None,
                current_org_id=where[2] if where else None,
                returned_from_stage=returned_from,
                round=1,
                version=3,
                submitted_at=now - timedelta(days=rng.randint(1, 40)),
                status_changed_at=now - timedelta(hours=rng.randint(1, 500)),
            )
        )
        plan_of.append(plan)
    apps = Application.objects.bulk_create(apps, batch_size=2000)
    t_apps = time.perf_counter() - t0

    t0 = time.perf_counter()
    history = []
    chain = ["employer", "county", "city", "committee_office"]
    holders = {"county": county.pk, "city": city.pk, "committee_office": committee.organization_id}
    reviewers = {"employer": hr, "county": county_user, "city": county_user, "committee_office": office}
    for app, outcome in zip(apps, outcomes, strict=True):
        st = stages[app.plan_id]
        at = app.submitted_at
        history.append(
            StatusHistory(
                application=app,
                at=at,
                actor_id=app.applicant_id,
                role="applicant",
                organization_id=app.employer_id,
                stage=st["employer"],
                action="submit",
                from_status="draft",
                to_status="pending",
                round=1,
            )
        )
        stop, final = {
            "pending_employer": ("employer", None),
            "rejected_employer": ("employer", "reject"),
            "returned_employer": ("employer", "return"),
            "pending_county": ("county", None),
            "returned_county": ("county", "return"),
            "rejected_county": ("county", "reject"),
            "pending_city": ("city", None),
            "pending_office": ("committee_office", None),
            "qualified": (None, None),
        }[outcome]
        for kind in chain:
            if kind == stop and final is None:
                break
            at = at + timedelta(hours=3)
            org = app.employer_id if kind == "employer" else holders[kind]
            action = final if kind == stop else "approve"
            history.append(
                StatusHistory(
                    application=app,
                    at=at,
                    actor=reviewers[kind],
                    role="employer"
                    if kind == "employer"
                    else "department"
                    if kind != "committee_office"
                    else "committee_office",
                    organization_id=org,
                    stage=st[kind],
                    action=action,
                    from_status="pending",
                    to_status={"approve": "pending", "return": "returned", "reject": "rejected"}[action],
                    opinion="" if action == "approve" else "材料不全，请补充。",
                    round=1,
                )
            )
            if kind == stop:
                break
    StatusHistory.objects.bulk_create(history, batch_size=5000)
    t_history = time.perf_counter() - t0

    t0 = time.perf_counter()
    archive_rows = add_archives(apps, {a.pk: a.employer_id for a in apps}, hr) if archives else 0
    t_archives = time.perf_counter() - t0

    t0 = time.perf_counter()
    entries = rebuild_entries_sql() if connection.vendor == "postgresql" else rebuild_entries()
    t_entries = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = 0
    for i in range(0, len(users), 2000):
        tokens += rebuild_tokens(users[i : i + 2000])
    from zhicheng.review.names import rebuild_name_tokens

    for i in range(0, len(users), 5000):
        tokens += rebuild_name_tokens(users[i : i + 5000])
    t_tokens = time.perf_counter() - t0
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # What autovacuum does to a live database in its own time: the statistics, and the visibility map
        # without which the tab counts cannot be index-only scans (the large employer's 40,000 records:
        # 30 ms as a bitmap heap scan, 7.7 ms index-only).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    print(
        f"generated {len(users):,} applicants in {t_users:.1f} s, {len(apps):,} applications in {t_apps:.1f} s, "
        f"{len(history):,} history rows in {t_history:.1f} s, {archive_rows:,} archive rows in {t_archives:.1f} s, "
        f"{entries:,} queue records (rebuilt from history) "
        f"in {t_entries:.1f} s, {tokens:,} ID-fragment and name tokens in {t_tokens:.1f} s"
    )
    sample = users[5]  # the big employer's (n % 5 == 0)
    return {"hr": hr, "county": county_user, "plan": plans[1], "sample": sample}


def measure(client, label: str, url: str, requests: int, rows: list) -> None:
    client.get(url)  # warm
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        t = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - t)
    rows.append(
        (label, statistics.median(timings) * 1000, pct(timings, 0.95) * 1000, len(statements), requests)
    )
    print(
        f"  {label:<44} median {rows[-1][1]:6.1f} ms   p95 {rows[-1][2]:6.1f} ms   {rows[-1][3]:2d} queries",
        flush=True,
    )


def search_url(client, q: str, **params) -> str:
    response = client.post("/review/", {"q": q, **params})
    return response["Location"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep and reuse the benchmark database")
    args = parser.parse_args()

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.STAFF_OTP_REQUIRED = False
    connection.creation.create_test_db(verbosity=0, autoclobber=not args.keep, keepdb=args.keep)
    # Persistent connections, as a deployment has them (CONN_MAX_AGE or a pooler): the figures are the
    # page's own work, not a new database connection per request.
    connection.settings_dict["CONN_MAX_AGE"] = 600
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    from django.test import Client

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application

    existing = Application.objects.count()
    if existing >= args.rows:
        print(f"reusing {existing:,} applications")
        hr = User.objects.get(role="employer", real_name="李经办")
        county = User.objects.get(role="department", real_name="王审核")
        plan = Application.objects.order_by("-plan__year").first().plan
        sample = Application.objects.filter(employer_id=hr.organization_id).order_by("pk")[1].applicant
        data = {"hr": hr, "county": county, "plan": plan, "sample": sample}
    else:
        data = generate(args.rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have: fresh statistics and visibility map
    from zhicheng.review.models import ReviewEntry

    rows: list = []
    backend = "django.contrib.auth.backends.ModelBackend"
    for who, user in (("用人单位", data["hr"]), ("县级主管部门", data["county"])):
        held = ReviewEntry.objects.filter(organization_id=user.organization_id).count()
        print(f"\n{who}（{held:,} 条审查记录）")
        client = Client()
        client.force_login(user, backend=backend)
        for tab in ("pending", "approved", "rejected", "returned", "all"):
            measure(client, f"tab={tab}", f"/review/?tab={tab}", args.requests, rows)
        measure(
            client,
            "tab=all&plan=<this year>",
            f"/review/?tab=all&plan={data['plan'].pk}",
            args.requests,
            rows,
        )
        measure(
            client,
            "search name fragment (1 character)",
            search_url(client, "王", tab="all"),
            args.requests,
            rows,
        )
        measure(
            client,
            "search name (2 characters)",
            search_url(client, data["sample"].real_name[:2], tab="all"),
            args.requests,
            rows,
        )
        number = data["sample"].id_number
        measure(client, "search ID last 4", search_url(client, number[-4:], tab="all"), args.requests, rows)
        measure(
            client, "search ID birth date", search_url(client, number[6:14], tab="all"), args.requests, rows
        )
        measure(client, "search full ID number", search_url(client, number, tab="all"), args.requests, rows)
        # A deep page: the keyset cursor of the middle of the list.
        ids = list(
            ReviewEntry.objects.filter(organization_id=user.organization_id)
            .order_by("-application_id")
            .values_list("application_id", flat=True)
        )
        middle = ids[len(ids) // 2]
        measure(
            client,
            f"tab=all page {len(ids) // 2 // 20 + 1} (keyset)",
            f"/review/?tab=all&after={middle}",
            args.requests,
            rows,
        )
    overall = statistics.median(r[1] for r in rows)
    print(f"\nmedian of medians: {overall:.1f} ms; worst p95: {max(r[2] for r in rows):.1f} ms")
    if not args.keep:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
