"""The background export runner (Celery; eager in the embedded default)."""

from __future__ import annotations

import logging
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from celery import shared_task
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from zhicheng.core import audit
from zhicheng.core.outbox import enqueue

from . import registry, roster
from .models import ExportJob

logger = logging.getLogger(__name__)

# Progress is written at most this often (in percent), so a 10,000-row roster makes a
# few dozen small UPDATEs rather than one per row.
PROGRESS_STEP = 2


@shared_task(name="documents.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    # Claim the job with a conditional update: a retried or duplicated message finds it
    # no longer queued and does nothing, so one job never produces two files.
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        kind = registry.get(job.kind)
        result = kind.build(registry.ExportRequest(job_id=job.pk, user=job.requested_by, params=job.params))
        with tempfile.TemporaryDirectory(prefix="export-") as tmp:
            path = Path(tmp) / "out"
            reporter = _progress_reporter(job.pk)
            if isinstance(result, registry.RosterExport):
                count = _write_roster(result, path, reporter)
                filename = result.filename
            elif isinstance(result, registry.DocumentBatch):
                count = _write_zip(result, path, reporter)
                filename = result.filename
            elif isinstance(result, registry.SingleDocument):
                path.write_bytes(result.document.content)
                count = result.rows
                filename = result.document.filename
            else:
                raise TypeError(f"builder of {job.kind!r} returned {type(result).__name__}")
            with transaction.atomic():
                job = ExportJob.objects.select_for_update().get(pk=job_id)
                with path.open("rb") as fh:
                    job.file.save(filename, File(fh), save=False)
                job.filename = filename
                job.row_count = count
                job.status = ExportJob.Status.DONE
                job.progress = 100
                job.finished_at = timezone.now()
                job.save()
                # SECURITY.md 15: every export is logged with its row count.
                audit.export_made(actor=job.requested_by, kind=job.kind, rows=count, obj=job)
    except Exception as exc:
        # The message is for the requester; details (which may quote data) go to the
        # log, whose filter redacts personal numbers.
        logger.exception("export job %s (%s) failed", job_id, job.kind)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            error=f"导出失败：{type(exc).__name__}",
            finished_at=timezone.now(),
        )


def export_jobs_relay() -> int:
    """The periodic job: re-dispatch exports still queued a minute after they were requested (their
    task message was lost to a broker outage). A duplicate message is harmless: the first worker to
    claim the job runs it, the others find it no longer queued."""
    cutoff = timezone.now() - timedelta(minutes=1)
    ids = ExportJob.objects.filter(status=ExportJob.Status.QUEUED, created_at__lte=cutoff).order_by("id")
    return sum(enqueue(run_export_job, pk) for pk in ids.values_list("pk", flat=True)[:200])


def _progress_reporter(job_id: int) -> Callable[[int, int | None], None]:
    last = [-PROGRESS_STEP]

    def report(done: int, total: int | None) -> None:
        if not total:
            return
        # 99 at most until the file is stored: 100 means "ready to download".
        percent = min(99, done * 100 // total)
        if percent - last[0] >= PROGRESS_STEP:
            last[0] = percent
            ExportJob.objects.filter(pk=job_id).update(progress=percent)

    return report


def _write_roster(
    result: registry.RosterExport, path: Path, report: Callable[[int, int | None], None]
) -> int:
    with path.open("wb") as fh:
        return roster.write_roster(
            result.rows,
            fh,
            meta=result.meta,
            reveal_identifiers=result.reveal_identifiers,
            progress=lambda n: report(n, result.total),
        )


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_member_name(name: str, seen: set[str]) -> str:
    """A ZIP member name that cannot escape the folder it is unpacked into and does not
    collide with an earlier one (two applicants may share a name)."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "document"
    stem, dot, ext = cleaned.rpartition(".")
    if not dot:
        stem, ext = cleaned, ""
    candidate, n = cleaned, 1
    while candidate in seen:
        n += 1
        candidate = f"{stem}（{n}）.{ext}" if ext else f"{stem}（{n}）"
    seen.add(candidate)
    return candidate


def _write_zip(result: registry.DocumentBatch, path: Path, report: Callable[[int, int | None], None]) -> int:
    seen: set[str] = set()
    count = 0
    # PDFs are compressed already; storing them keeps a 1,000-form batch fast.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for count, doc in enumerate(result.documents, start=1):
            zf.writestr(safe_member_name(doc.filename, seen), doc.content)
            report(count, result.total)
    return result.row_count() if result.row_count else count


@shared_task(name="documents.render_application_documents", ignore_result=True)
def render_application_documents(application_id: int) -> int:
    """After a transition commits: render the application's PDFs for its new version (rendered.py)."""
    # heavy: rendered loads Typst and Pillow (documents.pdf); ready() imports this module at start-up
    from . import rendered

    return rendered.render_all(application_id)
