"""Benchmark of a replayed season: `run_season` with N applicants on a throwaway database.

    .venv/bin/python bench/bench_season.py [--applicants 50] [--plan linping-manufacturing-2022] [--seed 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng bench/bench_season.py --applicants 1000

Creates the test database (test_… on PostgreSQL, a file under /tmp on SQLite), loads the seed plans, runs
the season and prints the totals line with the wall time. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--plan", default="linping-manufacturing-2022")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    args.applicants = max(1, min(args.applicants, 2000))  # bounded
    setup_test_environment()
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-season-media-"))
    if connection.vendor == "sqlite":
        # A file, not memory: the season's services commit as they would in production.
        connection.settings_dict["TEST"]["NAME"] = tempfile.mktemp(prefix="bench-season-", suffix=".sqlite3")
    name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        out = io.StringIO()
        started = time.perf_counter()
        call_command(
            "run_season",
            args.plan,
            "--applicants",
            str(args.applicants),
            "--seed",
            str(args.seed),
            stdout=out,
        )
        wall = time.perf_counter() - started
        totals = json.loads(out.getvalue().splitlines()[-1])
        usage = resource.getrusage(resource.RUSAGE_SELF)
        rss, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        print(f"database: {connection.vendor}; load: {os.getloadavg()[0]:.1f}")
        print(
            f"run_season {args.plan} --applicants {args.applicants} --seed {args.seed}: {wall:.1f} s wall "
            f"({wall / args.applicants:.2f} s per applicant, season {totals['seconds']} s); "
            f"CPU of this process {cpu:.1f} s ({cpu / args.applicants:.2f} s per applicant; the PostgreSQL server's "
            f"own CPU not included); peak RSS {rss:.0f} MB"
        )
        print(json.dumps(totals["totals"], ensure_ascii=False))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
