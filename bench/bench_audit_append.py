"""Concurrent audited writes: how much does the audit chain serialise them? (issue 15)

Each worker thread has its own connection and runs transactions that append one audit event and
then keep the transaction open for WORK_MS (standing for the rest of a submit: locks, history row,
commit). With a single chain-head row locked until commit, the transactions run one at a time
whatever the number of threads; without it they overlap.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_bench \
        .venv/bin/python manage.py migrate -v0
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng_bench \
        .venv/bin/python bench/bench_audit_append.py [threads ...]
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from zhicheng.core import audit  # noqa: E402

PER_THREAD = int(os.environ.get("PER_THREAD", "40"))
WORK_MS = float(os.environ.get("WORK_MS", "5"))


def run(threads: int) -> float:
    barrier = threading.Barrier(threads)
    errors: list[Exception] = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                with transaction.atomic():
                    audit.record("bench_audited_write", actor_label=f"bench{n}", i=i)
                    time.sleep(WORK_MS / 1000)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return threads * PER_THREAD / elapsed


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [1, 8, 32]
    print(f"database: {connection.vendor}; {PER_THREAD} transactions per thread, {WORK_MS} ms of work each")
    for threads in counts:
        rate = run(threads)
        print(
            f"threads={threads:3d}  audited writes/s={rate:8.1f}  (ideal if fully parallel: {threads * 1000 / WORK_MS:8.0f})"
        )
    if hasattr(audit, "chain_drain"):
        audit.chain_drain()
    problems = audit.verify_chain()
    print("verify_audit:", "intact" if not problems else problems[:3])


if __name__ == "__main__":
    main()
