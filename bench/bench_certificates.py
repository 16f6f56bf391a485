"""Benchmark of issuing and checking e-certificates.

    uv run python bench/bench_certificates.py                 # SQLite, 200 approvals
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng uv run python bench/bench_certificates.py --cases 500

Figures (no assertions): Ed25519 sign / verify per payload; one certificate PDF (Typst + QR + embedded
payload), rendered for different names so Typst's memoisation cannot replay a render; verifying an
uploaded PDF; the HR bureau approving N names in one transaction (each signed, numbered, two transitions
and audit events); the public lookup page through the whole Django stack.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        started = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - started)
    return out


def report(label: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{label:<46} median {ms(statistics.median(samples))}   p95 {ms(p95)}   n={len(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--renders", type=int, default=40)
    args = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def run(args) -> None:
    from django.db.models import F
    from django.test import Client
    from django.utils import timezone

    from tests.factories import region_tree
    from zhicheng.certificates import signing
    from zhicheng.certificates.models import Certificate
    from zhicheng.certificates.pdf import certificate_pdf
    from zhicheng.certificates.selectors import verify_pdf
    from zhicheng.evaluation.models import CaseStatus, EvaluationCase
    from zhicheng.evaluation.services.cases import case_open_for_qualified
    from zhicheng.evaluation.services.results import results_approve
    from zhicheng.evaluation.tests.helpers import World, qualified_application

    print(f"database: {connection.vendor}")
    payload = signing.canonical({"v": 1, "number": "2026330300300001", "name": "胡小明", "title": "工程师"})
    signing.sign(payload)  # load the key
    report("Ed25519 sign (one payload)", timed(lambda i: signing.sign(payload + str(i)), 2000))
    signature = signing.sign(payload)
    report("Ed25519 verify (one payload)", timed(lambda i: signing.verify(payload, signature), 2000))

    region_tree()
    world = World(experts=3)
    for _ in range(args.cases):
        qualified_application(plan=world.plan, applicant=None)
    case_open_for_qualified(plan=world.plan)
    # Benchmark setup only: the cases jump straight to 待审批 (the tests walk every step).
    EvaluationCase.objects.filter(plan=world.plan).update(
        status=CaseStatus.AWAITING_APPROVAL, version=F("version") + 1
    )
    year = timezone.localdate().year
    started = time.perf_counter()
    approval = results_approve(
        plan=world.plan,
        actor=world.bureau,
        document_number=f"温人社发〔{year}〕88号",
        approved_on=timezone.localdate(),
    )
    elapsed = time.perf_counter() - started
    print(
        f"{'approve ' + str(approval.count) + ' names (sign, number, 2 transitions)':<46} total {elapsed:.2f} s   "
        f"per name {ms(elapsed / approval.count)}"
    )

    certificates = list(Certificate.objects.select_related("case__application")[: args.renders])
    certificate_pdf(
        certificates[0], verify_url="https://zcps.example.cn/certificates/verify/?t=x"
    )  # fonts, world
    pdfs = {}

    def render(i):
        c = certificates[i % len(certificates)]
        pdfs[i] = certificate_pdf(
            c, verify_url=f"https://zcps.example.cn/certificates/verify/?t={signing.qr_token(c.number)}"
        )

    report("certificate PDF (Typst, QR, embedded payload)", timed(render, len(certificates)))
    print(f"{'certificate PDF size':<46} {statistics.median(len(p) for p in pdfs.values()) / 1024:.0f} KB")
    report("verify an uploaded certificate PDF", timed(lambda i: verify_pdf(pdfs[i % len(pdfs)]), len(pdfs)))

    client = Client()
    c = certificates[0]
    client.get("/certificates/verify/", {"number": c.number, "name": c.name})
    report(
        "GET /certificates/verify/ (number + name)",
        timed(
            lambda i: client.get(
                "/certificates/verify/",
                {
                    "number": certificates[i % len(certificates)].number,
                    "name": certificates[i % len(certificates)].name,
                },
            ),
            100,
        ),
    )


if __name__ == "__main__":
    main()
