"""Benchmark of the archive and the wizard: photo check, dossier render, 提交, bulk approval.

    uv run python bench/bench_wizard.py            # SQLite in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhicheng uv run python bench/bench_wizard.py

Figures go into the closing notes; nothing here asserts a time. The dossier's query count is the
figure that matters for N+1: it must not grow with the number of archive entries.
"""

from __future__ import annotations

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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, p95 {sorted(samples)[int(len(samples) * 0.95) - 1] * 1000:.1f} ms"


def main() -> None:
    setup_test_environment()
    import tempfile

    from django.conf import settings

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-media-"))
    connection.creation.create_test_db(verbosity=0)
    from django.template.loader import render_to_string

    from tests.builders import (
        ACHIEVEMENT,
        EDUCATION,
        INFO,
        WORK,
        jpeg_with_size,
        photo_ok,
        signature_data_url,
    )
    from tests.factories import (
        EmployerFactory,
        OrganizationFactory,
        PlanFactory,
        UserFactory,
        region_tree,
        staff,
    )
    from tests.samples import pdf_bytes, upload
    from zhicheng.applications import services
    from zhicheng.applications.commitment import commitment_text, text_sha256
    from zhicheng.archive import services as archive
    from zhicheng.archive.photo import check_photo

    print(f"database: {connection.vendor}")
    # 1. Photo check (decode, rules, payload walk, re-encode) on a 2寸 photo and on a photo just under 1 MB.
    for label, data in [
        ("2寸 413×579", jpeg_with_size(413, 579, noise=True)),
        ("1200×1600 near 1 MB", jpeg_with_size(1200, 1600, 1024 * 1024 - 10)),
    ]:
        times = []
        for _ in range(30):
            t = time.perf_counter()
            check_photo(upload("p.jpg", data, "image/jpeg"))
            times.append(time.perf_counter() - t)
        print(f"photo check {label} ({len(data) / 1024:.0f} KB): {ms(times)}")

    regions = region_tree()
    employer = EmployerFactory()
    hr = staff("employer", employer.organization)
    intake = OrganizationFactory(kind="department", name="鹿城区人社局", region=regions["330302"])

    def applicant_with_archive(n_achievements: int, n_assessments: int):
        user = UserFactory()
        archive.personal_info_save(
            user=user,
            data={"employer": employer, "department": "技术部", "post": "工程师", "work_start": "2012-07-01",
                  "education_level": "bachelor", "specialty": "机械"},
        )  # fmt: skip
        ids = [archive.entry_create(owner=user, kind="education", data=EDUCATION).latest_version_id,
               archive.entry_create(owner=user, kind="work", data=WORK).latest_version_id]  # fmt: skip
        ids += [
            archive.entry_create(
                owner=user, kind="assessment", data={"year": 1990 + i, "result": "qualified"}
            ).latest_version_id
            for i in range(n_assessments)
        ]
        ach = [
            archive.entry_create(owner=user, kind="achievement", data={**ACHIEVEMENT, "title": f"专利{i}"}, uploads=[upload("z.pdf", pdf_bytes())]).latest_version_id
            for i in range(n_achievements)
        ]  # fmt: skip
        archive.entry_versions_approve_bulk(version_ids=ids + ach, actor=hr)
        return user, ach

    def ready_application(user, ach, plan):
        app, _ = services.application_start(applicant=user, plan=plan, level="intermediate")
        services.draft_photo_upload(
            application=app, actor=user, uploaded=upload("p.jpg", photo_ok(), "image/jpeg")
        )
        token, _ = services.signing_token_create(application=app, actor=user)
        services.commitment_sign(
            token=token, image_data_url=signature_data_url(), shown_sha256=text_sha256(commitment_text(app))
        )
        services.draft_info_save(application=app, actor=user, data={**INFO, "intake_department": intake})
        services.draft_entries_save(application=app, actor=user, version_ids=ach, representative_id=ach[0])
        for r in plan.attachments.all():
            services.attachment_upload(
                application=app, actor=user, requirement=r, uploaded=upload("a.pdf", pdf_bytes())
            )
        return app

    # 2. Dossier: queries and time for a small and a large archive.
    for n_ach, n_assess in [(2, 3), (20, 30)]:
        plan = PlanFactory()
        plan.intake_departments.set([intake])
        user, ach = applicant_with_archive(n_ach, n_assess)
        app = ready_application(user, ach, plan)
        services.application_submit(application=app, actor=user)
        app.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            render_to_string("applications/_dossier.html", {"application": app, "reveal_identifiers": False})
        times = []
        for _ in range(20):
            t = time.perf_counter()
            render_to_string("applications/_dossier.html", {"application": app, "reveal_identifiers": False})
            times.append(time.perf_counter() - t)
        print(
            f"dossier with {2 + n_assess + n_ach} entries ({n_ach} picked): {len(queries)} queries, {ms(times)}"
        )

    # 3. 提交 (completeness check, pinning, transition, history, audit, notifications).
    times = []
    for _ in range(15):
        plan = PlanFactory()
        plan.intake_departments.set([intake])
        user, ach = applicant_with_archive(3, 3)
        app = ready_application(user, ach, plan)
        t = time.perf_counter()
        services.application_submit(application=app, actor=user, expected_version=app.version)
        times.append(time.perf_counter() - t)
    print(f"application_submit: {ms(times)}")

    # 4. Employer bulk approval of 200 entries of its staff.
    user = UserFactory()
    archive.personal_info_save(user=user, data={"employer": employer})
    ids = [archive.entry_create(owner=user, kind="work", data=WORK).latest_version_id for _ in range(200)]
    t = time.perf_counter()
    done = archive.entry_versions_approve_bulk(version_ids=ids, actor=hr)
    print(f"bulk approve {done} entries: {(time.perf_counter() - t) * 1000:.0f} ms")
    connection.creation.destroy_test_db(
        ":memory:" if connection.vendor == "sqlite" else connection.settings_dict["NAME"], verbosity=0
    )


if __name__ == "__main__":
    main()
