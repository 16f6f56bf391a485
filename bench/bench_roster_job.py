"""The 花名册 of a plan through the real background job: export_job_start → Celery worker on Redis →
roster_rows → write_roster → the file saved through the storage API, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_roster \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/bench_roster_job.py --rows 10000 --jobs 3

The database named by DATABASE_URL is migrated and filled once with bench_documents.py's builder
(applicants with encrypted numbers, personal info, drafts, ~13 pinned archive versions each, review
records and committee votes); a later run with the same --rows reuses it. A Celery worker (one
process) is started on the broker; each of --jobs exports is asked for as the committee office does
(services.export_job_start: the message goes out after commit) and timed from the request to the job
being done (queue wait + the worker's run), beside the worker's own time (started_at → finished_at).
Prints the median and each figure with the machine's load; stops the worker it started. Target
(issue 15): ≤3 s for 10,000 rows on an idle box.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"

import django  # noqa: E402

django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=3, help="exports timed one after the other")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per export")
    parser.add_argument("--fill-only", action="store_true", help="fill the database and stop")
    args = parser.parse_args()

    from bench_documents import generate_roster_database
    from django.core.management import call_command
    from django.db import connection, transaction

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application
    from zhicheng.documents import services
    from zhicheng.documents.kinds import PLAN_ROSTER
    from zhicheng.documents.models import ExportJob

    call_command("migrate", verbosity=0)
    existing = Application.objects.count()
    if existing == 0:
        t = time.perf_counter()
        plan_id = generate_roster_database(args.rows)
        print(f"filled {args.rows:,} applications in {time.perf_counter() - t:.0f} s")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE")
    elif existing != args.rows:
        raise SystemExit(f"the database holds {existing:,} applications, not {args.rows:,}: use a fresh one")
    else:
        plan_id = Application.objects.values_list("plan_id", flat=True).first()
    office = User.objects.filter(role="committee_office").order_by("pk").first()
    if args.fill_only:
        return

    log_path = ROOT / "var" / "bench-roster-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-c",
            "1",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    figures = []
    try:
        ready = time.perf_counter() + 90
        while "ready." not in log_path.read_text() and time.perf_counter() < ready:
            time.sleep(0.3)
        for _ in range(args.jobs):
            load = os.getloadavg()
            started = time.perf_counter()
            with transaction.atomic():
                job = services.export_job_start(
                    kind=PLAN_ROSTER, requested_by=office, params={"plan_id": plan_id}
                )
            deadline = started + args.timeout
            while time.perf_counter() < deadline:
                job.refresh_from_db()
                if job.finished:
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            worker_s = (job.finished_at - job.started_at).total_seconds() if job.finished_at else float("nan")
            figures.append((elapsed, worker_s, job.status, job.row_count, load))
            if job.status != ExportJob.Status.DONE:
                print(f"export {job.pk}: {job.status} {job.error}")
                break
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        log.close()
    for elapsed, worker_s, status, rows, load in figures:
        print(
            f"花名册 {rows:,} rows through the Celery job ({connection.vendor}): {status} in {elapsed:.2f} s "
            f"from the request (worker {worker_s:.2f} s); load before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
    done = [f[0] for f in figures if f[2] == "done"]
    if done:
        print(f"median {statistics.median(done):.2f} s over {len(done)} exports; target ≤3 s on an idle box")


if __name__ == "__main__":
    main()
