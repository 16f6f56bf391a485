"""One 评审表 and one e-certificate rendered in a fresh process: time of each first render and the
resident memory after each (issue 16: one Typst engine and one font cache for every PDF).

    uv run python bench/bench_typst_engine.py

The certificate is rendered from an unsigned stand-in (the PDF layout does not depend on the
signature), so no database is needed.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from zhicheng.certificates.pdf import certificate_pdf
    from zhicheng.documents import pdf, samples

    print(f"after imports: RSS {rss_mb():.0f} MB")
    form = samples.sample_review_form(photo=samples.sample_photo(seed=1, width=413, height=579))
    started = time.perf_counter()
    pdf.review_form_pdf(form)
    print(f"评审表 first render: {1000 * (time.perf_counter() - started):.0f} ms, RSS {rss_mb():.0f} MB")
    payload = {
        "number": "2026330300300001",
        "name": "胡小明",
        "id_number": "330302********1234",
        "series": "工程",
        "title": "工程师",
        "level": "中级",
        "specialty": "电子信息",
        "committee": "温州市工程技术人员中级职务评审委员会",
        "issuer": "温州市人力资源和社会保障局",
        "approval_document": "温人社发〔2026〕88号",
        "approved_on": "2026-12-01",
        "issued_on": "2026-12-02",
    }
    certificate = SimpleNamespace(
        payload=json.dumps(payload, ensure_ascii=False),
        signature="x" * 88,
        key_id="bench",
        issued_on=date(2026, 12, 2),
    )
    started = time.perf_counter()
    certificate_pdf(certificate, verify_url="https://example.org/verify?n=2026330300300001")
    print(f"certificate first render: {1000 * (time.perf_counter() - started):.0f} ms, RSS {rss_mb():.0f} MB")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
