"""HTTP responses for generated documents, shared by every app that serves one.

Small documents (one 评审表, one 委托证明) are rendered in the request and sent at once
with these helpers; big batches go through export jobs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from zhicheng.core import audit

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def document_response(
    content: bytes, *, filename: str, content_type: str = PDF, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    # These files carry personal data: never kept by shared caches or the browser cache.
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(
    *,
    actor: Any,
    kind: str,
    rows: int,
    content: bytes,
    filename: str,
    content_type: str = XLSX,
    obj: Any = None,
) -> HttpResponse:
    """A small export sent at once (a 花名册 of one employer): logged with its row count like
    a background one (SECURITY.md 15), so no download path skips the audit trail."""
    audit.export_made(actor=actor, kind=kind, rows=rows, obj=obj)
    return document_response(content, filename=filename, content_type=content_type)
