"""Benchmark of the document layer: one 评审表, and the 10,000-row 花名册.

    uv run python bench/bench_documents.py            # pins itself to one core
    uv run python bench/bench_documents.py --renders 200 --rows 20000
    uv run python bench/bench_documents.py --only db-roster            # the database run alone
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_docs uv run python bench/bench_documents.py

Targets (issue 6): ≤50 ms median per 评审表 including the photo, on one core; 花名册 of
10,000 applicants in <3 s and <100 MB peak, data from the database included. Each 评审表
render gets a different applicant name and a different JPEG, so Typst's memoisation cannot
replay a previous render.

Three roster figures:
* sample rows → write_roster: the writer alone (RosterRow objects built from sample data);
* database → roster_rows → write_roster: the real export. The applications are written with
  bulk_create into a throwaway database beside the configured one (test_<name>: a file in
  var/bench/ for SQLite, a test_ database for PostgreSQL; dropped afterwards unless --keep),
  each with encrypted ID and phone numbers, personal info, wizard draft, ~13 pinned archive
  versions (education, work, title, three assessments, four CE records, achievements), the
  county department's review record and a committee vote. The roster is then produced in a
  fresh process, so its peak RSS is the export's and not the data generator's;
* tracemalloc's peak of the Python allocations, in a second run (it slows Python down).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The renderers read the platform's names from the settings (documents/data.py).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def pin_to_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    return None


def bench_review_form(renders: int) -> dict[str, float]:
    from zhicheng.documents import pdf, samples

    # 2寸 at 300 dpi (413×579), the size the notices ask applicants to upload.
    photos = [samples.sample_photo(seed=i, width=413, height=579) for i in range(renders)]
    forms = [
        samples.sample_review_form(
            name=f"陈{chr(0x4E00 + 97 * i % 20000)}{chr(0x4E00 + 31 * i % 20000)}", photo=photos[i]
        )
        for i in range(renders)
    ]
    started = time.perf_counter()
    first = pdf.review_form_pdf(forms[0])  # font discovery and the Typst world are built here, once
    cold = time.perf_counter() - started

    timings, sizes = [], []
    for form in forms[1:]:
        t = time.perf_counter()
        out = pdf.review_form_pdf(form)
        timings.append(time.perf_counter() - t)
        sizes.append(len(out))
    a3 = []
    for form in forms[1:21]:
        t = time.perf_counter()
        pdf.review_form_pdf(form, layout="A3")
        a3.append(time.perf_counter() - t)
    # The largest photos the notices allow are ~1 MB; a 1000×1400 JPEG is the worst realistic case.
    big = []
    for i in range(1, 21):
        form = samples.sample_review_form(
            name=forms[i].applicant.name, photo=samples.sample_photo(seed=i, width=1000, height=1400)
        )
        t = time.perf_counter()
        pdf.review_form_pdf(form)
        big.append(time.perf_counter() - t)
    return {
        "big_photo_median_ms": statistics.median(big) * 1000,
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(timings) * 1000,
        "p90_ms": statistics.quantiles(timings, n=10)[-1] * 1000,
        "min_ms": min(timings) * 1000,
        "a3_median_ms": statistics.median(a3) * 1000,
        "pdf_kb": statistics.median(sizes) / 1024,
        "photo_kb": statistics.median(len(p) for p in photos) / 1024,
        "renders": len(timings),
        "first_pdf_kb": len(first) / 1024,
    }


def peak_rss_mb() -> float:
    """This process's resident-memory high-water mark. /proc's VmHWM belongs to the current
    address space, so a spawned child does not inherit its parent's peak the way
    getrusage()'s ru_maxrss does."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_roster(rows: int, out: Path) -> dict[str, float]:
    """Runs in a fresh process so its peak RSS is the roster's, not the 评审表 run's."""
    from zhicheng.documents import roster, samples

    pin_to_one_core()
    rss_start = peak_rss_mb()
    t = time.perf_counter()
    written = roster.write_roster(
        samples.sample_roster_rows(rows), out, meta=samples.ROSTER_META, reveal_identifiers=True
    )
    elapsed = time.perf_counter() - t
    rss_after_time_run = peak_rss_mb()

    tracemalloc.start()
    roster.write_roster(
        samples.sample_roster_rows(rows), out, meta=samples.ROSTER_META, reveal_identifiers=True
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": written,
        "seconds": elapsed,
        "traced_peak_mb": peak / 1e6,
        "process_peak_rss_mb": rss_after_time_run,
        "process_start_rss_mb": rss_start,
        "file_mb": out.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--renders", type=int, default=101, help="评审表 renders (the first, cold one is reported apart)"
    )
    parser.add_argument("--rows", type=int, default=10_000, help="花名册 rows")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "roster.xlsx")
    parser.add_argument(
        "--only", choices=("review-form", "sample-roster", "db-roster"), help="run one part only"
    )
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the benchmark database")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=None,
        help="applications per chunk of roster_rows (default: its own)",
    )
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)

    cpu = pin_to_one_core()
    print(f"documents benchmark — one core (cpu {cpu}), Python {sys.version.split()[0]}")
    if args.only in (None, "review-form"):
        run_review_form(args)
    if args.only in (None, "sample-roster"):
        run_sample_roster(args)
    if args.only in (None, "db-roster"):
        run_db_roster(args)


def run_review_form(args) -> None:
    rf = bench_review_form(max(args.renders, 51))
    print(
        f"评审表 A4: median {rf['median_ms']:.1f} ms, p90 {rf['p90_ms']:.1f} ms, min {rf['min_ms']:.1f} ms "
        f"over {rf['renders']} renders (photo {rf['photo_kb']:.0f} KB, PDF {rf['pdf_kb']:.0f} KB); "
        f"first render {rf['cold_ms']:.0f} ms incl. font discovery"
    )
    print(f"评审表 A3 booklet: median {rf['a3_median_ms']:.1f} ms (A4 render + imposition)")
    print(f"评审表 A4 with a 1000×1400 (~260 KB) photo: median {rf['big_photo_median_ms']:.1f} ms")
    verdict = "OK" if rf["median_ms"] <= 50 else "OVER TARGET"
    print(f"  target ≤50 ms median: {verdict}")


def run_sample_roster(args) -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        rs = pool.apply(bench_roster, (args.rows, args.out))
    print(
        f"花名册 {rs['rows']:,} rows from sample data (writer alone): {rs['seconds']:.2f} s, "
        f"traced Python peak {rs['traced_peak_mb']:.1f} MB, "
        f"process peak RSS {rs['process_peak_rss_mb']:.0f} MB (interpreter and imports alone "
        f"{rs['process_start_rss_mb']:.0f} MB), file {rs['file_mb']:.1f} MB"
    )
    ok = rs["seconds"] < 3 and rs["process_peak_rss_mb"] < 100
    print(f"  target <3 s and <100 MB: {'OK' if ok else 'OVER TARGET'}")


# --------------------------------------------------------------------------- 花名册 from the database


def _django(database_name: str | None = None):
    """Set Django up in this process (the benchmark's children too), on the benchmark database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    # Production's settings (no demo mode), so the process loads what a production worker
    # that only writes a roster loads.
    settings.DEMO_MODE = False
    django.setup()
    from django.db import connection

    if database_name:
        connection.settings_dict["NAME"] = database_name
    return connection


def run_db_roster(args) -> None:
    connection = _django()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if connection.vendor == "sqlite":
        # A file, not :memory:, so the measuring process can open it too.
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench" / "documents_roster.sqlite3")
    old_name = connection.settings_dict["NAME"]
    t = time.perf_counter()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=not args.keep, keepdb=args.keep)
    try:
        from zhicheng.applications.models import Application

        existing = Application.objects.count()
        if existing >= args.rows:
            plan_id = Application.objects.order_by("pk").values_list("plan_id", flat=True).first()
            print(
                f"花名册 from the database: reusing {existing:,} applications in {connection.vendor} ({name})"
            )
        else:
            plan_id = generate_roster_database(args.rows)
            print(
                f"花名册 from the database: {args.rows:,} applications written to {connection.vendor} ({name}) "
                f"in {time.perf_counter() - t:.0f} s"
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        connection.close()
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(1) as pool:
            timed = pool.apply(bench_db_roster, (name, plan_id, args.out, False, args.chunk_size))
        with ctx.Pool(1) as pool:
            traced = pool.apply(bench_db_roster, (name, plan_id, args.out, True, args.chunk_size))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print(
        f"花名册 {timed['rows']:,} rows, database → roster_rows → write_roster: {timed['seconds']:.2f} s "
        f"({timed['queries']} queries), process peak RSS {timed['peak_rss_mb']:.0f} MB "
        f"(after Django setup {timed['start_rss_mb']:.0f} MB, so the export adds "
        f"{timed['peak_rss_mb'] - timed['start_rss_mb']:.0f} MB), traced Python peak "
        f"{traced['traced_peak_mb']:.1f} MB, file {timed['file_mb']:.1f} MB"
    )
    ok = timed["seconds"] < 3 and timed["peak_rss_mb"] < 100
    print(f"  target <3 s and <100 MB: {'OK' if ok else 'OVER TARGET'}")


def bench_db_roster(
    database_name: str, plan_id: int, out: Path, trace: bool, chunk_size: int | None = None
) -> dict[str, float]:
    """In a fresh process: Django set up, then only the export's own work is measured."""
    pin_to_one_core()
    connection = _django(database_name)
    from zhicheng.documents import roster, sources
    from zhicheng.plans.models import Plan

    plan = Plan.objects.get(pk=plan_id)  # also opens the connection before the clock starts
    queries = 0

    def count(execute, sql, params, many, context):
        # Counted with a wrapper, not CaptureQueriesContext: the debug cursor would quote
        # every bound id for its log (on SQLite with one more query per batch of them).
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    start_rss = peak_rss_mb()
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    with connection.execute_wrapper(count):
        written = roster.write_roster(
            sources.roster_rows(plan, **({"chunk_size": chunk_size} if chunk_size else {})),
            out,
            meta=sources.roster_meta(plan),
            reveal_identifiers=True,
        )
    elapsed = time.perf_counter() - t
    traced_peak = 0.0
    if trace:
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "rows": written,
        "seconds": elapsed,
        "queries": queries,
        "start_rss_mb": start_rss,
        "peak_rss_mb": peak_rss_mb(),
        "traced_peak_mb": traced_peak / 1e6,
        "file_mb": out.stat().st_size / 1e6,
    }


def _id_number(n: int) -> str:
    from stdnum.cn import ric

    region = ("330302", "330303", "330304", "330381", "331081")[n % 5]
    base = f"{region}{1965 + n % 35}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + ric.calc_check_digit(base)


def generate_roster_database(rows: int) -> int:
    """A plan with `rows` applications at or past the committee office, written with bulk_create
    the way they would be after submission: returns the plan's id."""
    import random
    from datetime import date, timedelta

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
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
    from zhicheng.applications.models import Application, ApplicationEntry, Status, WizardDraft
    from zhicheng.archive.models import Entry, EntryVersion, PersonalInfo
    from zhicheng.core import crypto
    from zhicheng.documents.data import EMPLOYER_NATURES
    from zhicheng.evaluation.models import EvaluationCase, Meeting, Panel, VoteTally
    from zhicheng.plans.models import PlanStage
    from zhicheng.review.models import ReviewEntry

    rng = random.Random(20261123)
    batch = 2000
    regions = region_tree()
    counties = [regions[c] for c in ("330302", "330304", "331081")]
    departments = [
        OrganizationFactory(kind="department", name=f"{r.name}人力资源和社会保障局", region=r)
        for r in counties
    ]
    committee = CommitteeFactory(organization__name="温州市机械工程技术人员中级评审委员会")
    plan = PlanFactory(committee=committee, name="2026年度温州市机械专业工程师评审计划")
    plan.intake_departments.add(*departments)
    stages = {s.kind: s for s in PlanStage.objects.filter(plan=plan)}
    employers = []
    for i in range(max(1, rows // 50)):
        employer = EmployerFactory(
            organization__name=f"温州第{i + 1}机械有限公司",
            organization__region=counties[i % len(counties)],
            nature=EMPLOYER_NATURES[i % len(EMPLOYER_NATURES)],
        )
        employers.append(employer)
    reviewer = staff("employer", employers[0].organization, real_name="李经办")
    office = staff("committee_office", committee.organization, real_name="钱办公")
    now = timezone.now()
    unusable = make_password(None)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"

    with transaction.atomic():
        users = []
        for n in range(rows):
            number, phone = _id_number(n), f"13{n:09d}"
            users.append(
                User(
                    username=login_key(phone),
                    role="applicant",
                    real_name=rng.choice(surnames)
                    + "".join(rng.choice(given) for _ in range(rng.choice((1, 2)))),
                    phone=phone,
                    phone_index=crypto.blind_index(phone),
                    id_number=number,
                    id_number_index=crypto.blind_index(number),
                    password=unusable,
                )
            )
        users = User.objects.bulk_create(users, batch_size=batch)
        if users[0].pk is None:  # a backend that does not return ids
            users = list(User.objects.filter(role="applicant").order_by("pk"))
        PersonalInfo.objects.bulk_create(
            (
                PersonalInfo(
                    user=u,
                    gender=("male", "female")[n % 2],
                    birth_date=date(1965 + n % 35, 1 + n % 12, 1 + n % 28),
                    employer=employers[n % len(employers)],
                    department="技术部",
                    post="机械设计工程师",
                    work_start=date(2008 + n % 10, 7, 1),
                    education_level="bachelor",
                    degree="bachelor_degree",
                    specialty="机械",
                    address=f"温州市鹿城区学院中路{n % 500 + 1}号",
                    postcode="325000",
                )
                for n, u in enumerate(users)
            ),
            batch_size=batch,
        )
        office_stage = stages["committee_office"]
        apps = Application.objects.bulk_create(
            (
                Application(
                    plan=plan,
                    applicant=u,
                    level="intermediate",
                    specialty="机械设计",
                    declaration_type="exceptional" if n % 20 == 0 else "normal",
                    employer=employers[n % len(employers)],
                    intake_department=departments[(n % len(employers)) % len(departments)],
                    status=Status.PENDING if n % 10 == 0 else Status.QUALIFIED,
                    current_stage=office_stage if n % 10 == 0 else None,
                    current_org=committee.organization if n % 10 == 0 else None,
                    round=1,
                    submitted_at=now,
                    status_changed_at=now,
                )
                for n, u in enumerate(users)
            ),
            batch_size=batch,
        )
        if apps[0].pk is None:
            apps = list(Application.objects.filter(plan=plan).order_by("pk"))
        WizardDraft.objects.bulk_create(
            (
                WizardDraft(
                    application=a,
                    furthest_step=7,
                    self_statement="任现职以来，主持完成阀门密封结构设计与试验。",
                    work_years=8 + n % 10,
                    administrative_post="无" if n % 4 else "技术部副主任",
                    exceptional_reasons="主持完成的项目获市科学技术进步奖三等奖，本人排名第一。"
                    if n % 20 == 0
                    else "",
                )
                for n, a in enumerate(apps)
            ),
            batch_size=batch,
        )
        archive = []  # (application, kind, data)
        for n, a in enumerate(apps):
            year = 2008 + n % 10
            archive += [
                (a, "education", {"level": "bachelor", "school": "浙江工业大学", "major": "机械工程",
                                  "graduated_on": f"{year}-06-30", "degree": "bachelor_degree", "full_time": True}),
                (a, "work", {"employer_name": "温州测试机械有限公司", "post": "技术部 设计员", "from": f"{year}-07-01"}),
                (a, "title", {"level": "assistant", "specialty": "机械", "obtained_on": f"{year + 5}-12-20",
                              "appointed_from": f"{year + 6}-01-01"}),
                *[(a, "assessment", {"year": y, "result": ("qualified", "excellent")[(n + y) % 2]}) for y in (2023, 2024, 2025)],
                *[(a, "continuing_education", {"year": y, "category": "professional", "hours": 64 + n % 30, "route": "registry"})
                  for y in (2022, 2023, 2024, 2025)],
                (a, "achievement", {"type": "patent", "title": f"一种阀门密封结构{n}", "date": "2021-05-10", "level": "national",
                                    "subtype": "utility", "rank": 1, "role": "lead"}),
                (a, "achievement", {"type": "paper", "title": f"阀门密封性能试验研究{n}", "date": "2022-03-01", "level": "province",
                                    "rank": 1, "role": "first_author"}),
            ]  # fmt: skip
        for start in range(0, len(archive), batch):
            part = archive[start : start + batch]
            entries = Entry.objects.bulk_create(Entry(owner_id=a.applicant_id, kind=k) for a, k, _ in part)
            if entries[0].pk is None:
                raise SystemExit("this benchmark needs a database that returns ids from bulk inserts")
            versions = EntryVersion.objects.bulk_create(
                EntryVersion(
                    entry=e, number=1, data=d, status="approved", reviewed_by=reviewer, reviewed_at=now
                )
                for e, (_, _, d) in zip(entries, part, strict=True)
            )
            ApplicationEntry.objects.bulk_create(
                ApplicationEntry(application=a, version=v, automatic=k != "achievement", order=i % 13)
                for i, (v, (a, k, _)) in enumerate(zip(versions, part, strict=True))
            )
        county_stage = stages["county"]
        ReviewEntry.objects.bulk_create(
            (
                ReviewEntry(
                    application=a,
                    organization=a.intake_department,
                    stage=county_stage,
                    stage_kind="county",
                    plan=plan,
                    year=plan.year,
                    state="approved",
                    arrived_at=now,
                    decided_at=now,
                    last_opinion="同意推荐。",
                )
                for a in apps
            ),
            batch_size=batch,
        )
        voted = [a for a in apps if a.status == Status.QUALIFIED]
        cases = EvaluationCase.objects.bulk_create(
            (
                EvaluationCase(
                    application=a,
                    plan=plan,
                    level=a.level,
                    fee_amount=180,
                    fee_deadline=now.date() + timedelta(days=10),
                    opened_at=now,
                    status_changed_at=now,
                )
                for a in voted
            ),
            batch_size=batch,
        )
        panel = Panel.objects.create(plan=plan, name="机械组", created_at=now, created_by=office)
        meeting = Meeting.objects.create(
            panel=panel, held_on=now.date(), place="评审会议室", opened_by=office, opened_at=now
        )
        VoteTally.objects.bulk_create(
            (
                VoteTally(
                    meeting=meeting,
                    case=c,
                    members=11,
                    present=9,
                    yes=8 - n % 3,
                    no=1 + n % 3,
                    abstain=0,
                    quorum_met=True,
                    passed=True,
                    rule="三分之二",
                    closed_by=office,
                    closed_at=now,
                )
                for n, c in enumerate(cases)
            ),
            batch_size=batch,
        )
    return plan.pk


if __name__ == "__main__":
    main()
