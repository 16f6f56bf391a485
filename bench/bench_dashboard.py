"""Benchmark of the offices' dashboard (issue 17 §4): each selector's time and query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_dash uv run python bench/bench_dashboard.py --rows 10000
    uv run python bench/bench_dashboard.py --rows 10000          # SQLite
    ... --keep                                                   # reuse test_<db> between runs

The applications, their history and queue records come from bench_queue.generate (two seasons of
one committee, 40 employers, files at every step); on top of them every qualified file gets an
evaluation case, an exam sitting and a vote. Then each selector is timed for the committee office,
the county department and the HR bureau, and the whole page through Django's test Client.
Figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench_queue import generate, pct  # also sets up Django (settings, sys.path)
from django.db import connection
from django.test.utils import setup_test_environment


def add_evaluation(seed: int = 20261207) -> int:
    from django.utils import timezone

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application
    from zhicheng.evaluation.models import (
        AssessmentSitting,
        AssessmentSpec,
        EvaluationCase,
        Meeting,
        Panel,
        VoteTally,
    )

    rng = random.Random(seed)
    office = User.objects.get(role="committee_office", real_name="钱办公")
    now = timezone.now()
    qualified = list(Application.objects.filter(status="qualified").values_list("pk", "plan_id", "level"))
    outcomes = [(rng.random() < 0.85, rng.random() < 0.7) for _ in qualified]
    cases = EvaluationCase.objects.bulk_create(
        [
            EvaluationCase(
                application_id=pk,
                plan_id=plan_id,
                level=level,
                fee_amount=180,
                fee_deadline=timezone.localdate(),
                opened_at=now,
                status_changed_at=now,
                status=("review_passed" if voted else "review_failed") if exam else "assessment_failed",
            )  # fmt: skip
            for (pk, plan_id, level), (exam, voted) in zip(qualified, outcomes, strict=True)
        ],
        batch_size=2000,
    )
    plans = {c.plan_id for c in cases}
    specs = {p: AssessmentSpec.objects.create(plan_id=p, kind="exam", name="专业理论考试") for p in plans}
    meetings = {}
    for p in plans:
        panel = Panel.objects.create(plan_id=p, name="机械组", created_at=now, created_by=office)
        meetings[p] = Meeting.objects.create(
            panel=panel, held_on=timezone.localdate(), place="评审会议室", opened_by=office, opened_at=now
        )
    AssessmentSitting.objects.bulk_create(
        [
            AssessmentSitting(
                case=c,
                spec=specs[c.plan_id],
                score=80 if exam else 40,
                passed=exam,
                recorded_by=office,
                recorded_at=now,
            )  # fmt: skip
            for c, (exam, _) in zip(cases, outcomes, strict=True)
        ],
        batch_size=2000,
    )
    VoteTally.objects.bulk_create(
        [
            VoteTally(
                meeting=meetings[c.plan_id],
                case=c,
                members=7,
                present=7,
                yes=6 if voted else 2,
                no=1 if voted else 5,
                abstain=0,
                quorum_met=True,
                passed=voted,
                rule="三分之二",
                closed_by=office,
                closed_at=now,
            )  # fmt: skip
            for c, (exam, voted) in zip(cases, outcomes, strict=True)
            if exam
        ],
        batch_size=2000,
    )
    return len(cases)


def time_selector(selector, user, year, repeats: int) -> tuple[float, float, int, int]:
    selector(user, year)  # warm
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        table = selector(user, year)
    timings = []
    for _ in range(repeats):
        t = time.perf_counter()
        selector(user, year)
        timings.append(time.perf_counter() - t)
    return statistics.median(timings) * 1000, pct(timings, 0.95) * 1000, len(statements), len(table.rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", "--requests", type=int, default=10, dest="repeats")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the benchmark database")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the configured database as it is (e.g. the rush's 200,000, filled by bench/rush.py "
        "prepare); evaluation cases are added once if it has none",
    )
    args = parser.parse_args()

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.STAFF_OTP_REQUIRED = False
    if not args.existing:
        connection.creation.create_test_db(verbosity=0, autoclobber=not args.keep, keepdb=args.keep)
    connection.settings_dict["CONN_MAX_AGE"] = 600
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")

    from django.test import Client

    from tests.factories import staff
    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application
    from zhicheng.dashboard import selectors
    from zhicheng.evaluation.models import EvaluationCase
    from zhicheng.organizations.models import Committee

    if args.existing:
        if not EvaluationCase.objects.exists():
            print(f"added {add_evaluation():,} evaluation cases")
        print(f"measuring the existing {Application.objects.count():,} applications")
    elif Application.objects.count() < args.rows:
        t0 = time.perf_counter()
        generate(args.rows)
        cases = add_evaluation()
        print(f"built in {time.perf_counter() - t0:.1f} s ({cases:,} evaluation cases)")
    else:
        print(f"reusing {Application.objects.count():,} applications")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    office = User.objects.get(role="committee_office", real_name="钱办公")
    county = User.objects.get(role="department", real_name="王审核")
    committee = Committee.objects.get(pk=office.organization_id)
    from tests.factories import UserFactory

    UserFactory.reset_sequence(20_000_000 + User.objects.count())  # past the phones of an existing database
    bureau = User.objects.filter(role="hr_bureau", organization_id=committee.hr_bureau_id).first() or staff(
        "hr_bureau", committee.hr_bureau, real_name="孙审批"
    )
    year = selectors.season_years(office)[0]
    worst = 0.0
    for who, user in (("评委会办公室", office), ("县级主管部门", county), ("人社局", bureau)):
        scope = selectors.applications_in_scope(user).filter(plan__year=year).count()
        print(f"\n{who}（{year} 年度范围内 {scope:,} 件申报）")
        for key, selector in selectors.SELECTORS.items():
            median, p95, queries, rows = time_selector(selector, user, year, args.repeats)
            worst = max(worst, p95)
            print(
                f"  {key:<10} median {median:7.1f} ms   p95 {p95:7.1f} ms   {queries} queries   {rows} rows",
                flush=True,
            )
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get("/dashboard/")
        timings = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            response = client.get("/dashboard/")
            timings.append(time.perf_counter() - t)
        assert response.status_code == 200
        print(f"  whole page  median {statistics.median(timings) * 1000:7.1f} ms")
    print(f"\nworst selector p95: {worst:.1f} ms")
    if not args.keep and not args.existing:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
