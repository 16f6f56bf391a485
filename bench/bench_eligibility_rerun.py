"""A whole plan's eligibility re-run through the real path: Celery workers on Redis, PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/bench_eligibility_rerun.py --rows 50000 --workers 2

It fills the database named by DATABASE_URL (migrated here; use a database of its own, not one you
care about) with one plan of --rows submitted applications, each applicant with an approved archive
of nine entries (education, work, title, two assessments, continuing education, social insurance, a
patent and a paper, varied per person) pinned to the application, written with bulk_create; a
second run with the same --rows reuses them. Then it starts a real Celery worker (--workers
processes, prefork) on the broker, asks for the re-run as the committee office does
(services.eligibility_rerun_start: the message goes out after commit), and times it until the run is
done: the plan is split into chunks (tasks.CHUNK applications) that the worker processes share, each
read with a handful of queries and stored with one upsert. Bounded by --timeout; it stops the
worker it started. Prints the time, applications per second, the outcomes and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"  # the real path: messages to the broker, a worker evaluates

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

PLAN_NAME = "资格复核基准计划（bench_eligibility_rerun）"


@transaction.atomic
def fill(rows: int, seed: int = 15):
    """The plan and its applications; reused when it already holds `rows`."""
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
    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application, ApplicationEntry
    from zhicheng.archive.models import Entry, EntryVersion, PersonalInfo
    from zhicheng.plans.models import Plan

    plan = Plan.objects.filter(name=PLAN_NAME).first()
    if plan is not None and Application.objects.filter(plan=plan).count() == rows:
        return plan
    if plan is not None:
        raise SystemExit(f"{PLAN_NAME} holds another number of applications: use a fresh database")
    rng = random.Random(seed)
    region_tree()
    intake = OrganizationFactory(kind="department", name="鹿城区人力资源和社会保障局（基准）")
    committee = CommitteeFactory(organization__name="温州市机械工程技术人员中级评委会（基准）")
    year = timezone.localdate().year
    plan = PlanFactory(
        committee=committee,
        name=PLAN_NAME,
        ruleset_id="wenzhou-mech-2020",
        seniority_cutoff=date(year, 12, 31),
        apply_end=timezone.localdate() + timedelta(days=30),
    )
    employer = EmployerFactory(organization__name="温州基准机械有限公司")
    hr = staff("employer", employer.organization, real_name="基准经办")
    t0 = time.perf_counter()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"bench-rerun-{n}", role="applicant", real_name=f"申报人{n}", password=unusable)
            for n in range(rows)
        ],
        batch_size=5000,
    )
    PersonalInfo.objects.bulk_create(
        [
            PersonalInfo(
                user=u,
                employer=employer,
                specialty="机械",
                education_level="bachelor",
                work_start=date(2012, 7, 1),
                establishment="none",
            )
            for u in users
        ],
        batch_size=5000,
    )
    kinds = [
        "education",
        "work",
        "title",
        "assessment",
        "assessment",
        "continuing_education",
        "social_insurance",
        "achievement",
        "achievement",
    ]
    entries = Entry.objects.bulk_create(
        [Entry(owner=u, kind=k) for u in users for k in kinds], batch_size=10000
    )
    versions = []
    for i, entry in enumerate(entries):
        n = i % len(kinds)
        versions.append(
            EntryVersion(
                entry=entry,
                number=1,
                data=_data(rng, n, year),
                status=EntryVersion.Status.APPROVED,
                reviewed_by=hr,
                reviewed_org=employer.organization,
                reviewed_at=timezone.now(),
            )
        )
    versions = EntryVersion.objects.bulk_create(versions, batch_size=10000)
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [
            Application(
                plan=plan,
                applicant=u,
                level="intermediate",
                specialty="机械",
                declaration_type=rng.choice(["normal"] * 8 + ["exceptional", "transfer"]),
                employer=employer,
                intake_department=intake,
                status="qualified",
                round=1,
                version=3,
                submitted_at=now - timedelta(days=rng.randint(1, 20)),
                status_changed_at=now,
            )
            for u in users
        ],
        batch_size=5000,
    )
    pinned = []
    for a, application in enumerate(applications):
        for n in range(len(kinds)):
            version = versions[a * len(kinds) + n]
            pinned.append(
                ApplicationEntry(
                    application=application, version=version, automatic=kinds[n] != "achievement", order=n
                )
            )
    ApplicationEntry.objects.bulk_create(pinned, batch_size=10000)
    print(
        f"filled {rows:,} applications with {len(versions):,} pinned archive versions in {time.perf_counter() - t0:.0f} s"
    )
    return plan


def _data(rng: random.Random, n: int, year: int) -> dict:
    graduated = rng.randint(year - 20, year - 4)
    if n == 0:
        return {
            "level": rng.choice(["bachelor", "bachelor", "college", "master"]),
            "school": "浙江工业大学",
            "major": rng.choice(["机械工程", "机械工程", "电气工程及其自动化", "英语"]),
            "graduated_on": f"{graduated}-06-30",
            "full_time": True,
            "degree": "bachelor_degree",
            "converted_by_ce": False,
            "xuexin_status": "not_checked",
        }
    if n == 1:
        return {
            "employer_name": "温州基准机械有限公司",
            "post": "设计员",
            "from": f"{graduated}-07-01",
            "professional": True,
            "related": True,
            "employer_kind": "enterprise",
        }
    if n == 2:
        obtained = rng.randint(graduated + 1, year)
        return {
            "level": "assistant",
            "series": "engineering",
            "specialty": "机械",
            "obtained_on": f"{obtained}-12-20",
            "appointed_from": f"{obtained + 1}-01-01",
            "issuer_province": "浙江省",
            "confirmed": True,
        }
    if n in (3, 4):
        return {
            "year": year - 5 + n,
            "result": rng.choice(["qualified"] * 8 + ["excellent", "basically_qualified"]),
        }
    if n == 5:
        return {
            "year": year - 1,
            "category": "professional",
            "hours": rng.choice([40, 64, 90]),
            "route": "registry",
        }
    if n == 6:
        return {
            "from": f"{rng.randint(year - 8, year)}-07",
            "city": "温州市",
            "province": "浙江省",
            "current_employer": True,
        }
    if n == 7:
        return {
            "type": "patent",
            "title": "一种阀门密封结构",
            "date": f"{rng.randint(year - 4, year)}-05-10",
            "level": "national",
            "issuer": "government",
            "rank": rng.randint(1, 3),
            "role": "lead",
            "subtype": rng.choice(["utility", "invention"]),
            "count": 1,
            "accepted": True,
            "in_specialty": True,
        }
    return {
        "type": "paper",
        "title": "阀门密封性能试验研究",
        "date": f"{rng.randint(year - 4, year)}-03-01",
        "level": "province",
        "issuer": "government",
        "rank": 1,
        "role": "first_author",
        "count": 1,
        "accepted": True,
        "similarity": round(rng.random() * 0.5, 2),
        "has_retrieval_report": True,
        "venue": "journal",
        "in_specialty": True,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--timeout", type=int, default=420, help="give up after this many seconds")
    args = parser.parse_args()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        print("note: not PostgreSQL; the figure is for PostgreSQL (set DATABASE_URL)", file=sys.stderr)
    call_command("migrate", verbosity=0)
    plan = fill(args.rows)

    from tests.factories import staff
    from zhicheng.accounts.models import User
    from zhicheng.eligibility import services
    from zhicheng.eligibility.tasks import CHUNK

    office = User.objects.filter(role="committee_office", organization=plan.committee.organization).first()
    office = office or staff("committee_office", plan.committee.organization)
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0"}
    log = open(ROOT / "var" / "bench-rerun-worker.log", "w")  # noqa: SIM115 - closed at the end
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-c",
            str(args.workers),
            "--pool",
            "prefork",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        ready = time.perf_counter() + 90
        while (
            "ready." not in (ROOT / "var" / "bench-rerun-worker.log").read_text()
            and time.perf_counter() < ready
        ):
            time.sleep(0.5)  # the worker's processes start and import the project
        load_before = os.getloadavg()
        started = time.perf_counter()
        with transaction.atomic():
            run = services.eligibility_rerun_start(plan=plan, actor=office)
        deadline = started + args.timeout
        while time.perf_counter() < deadline:
            run.refresh_from_db()
            if run.status in ("done", "failed"):
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        log.close()
    print(
        f"re-run of {run.total:,} applications ({connection.vendor}, broker {settings.CELERY_BROKER_URL.rsplit('@', 1)[-1]}, "
        f"{args.workers} worker processes, chunks of {CHUNK}): {run.status} in {elapsed:.1f} s, "
        f"{run.done / elapsed:,.0f} applications/s; outcomes {dict(sorted(run.counts.items()))}"
    )
    print(
        f"load average (1/5/15 min) before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}"
    )
    if run.status != "done":
        print(f"not finished within {args.timeout} s: done {run.done:,} of {run.total:,}; {run.error}")
        sys.exit(1)


if __name__ == "__main__":
    main()
